import { isQmsError, QmsError } from "@qmskit/core";
import type { Command } from "commander";
import { CliExit, ExitCode } from "../io.js";
import { renderTable, requireFormat, toJson } from "../output.js";
import type { CommandContext } from "../program.js";

/** Registers `qmskit self-check`: verifies that the installed packages load and behave. */
export function registerSelfCheck(program: Command, ctx: CommandContext): void {
  program
    .command("self-check")
    .description("check that the qmskit packages are installed and working")
    .action(async () => {
      const format = requireFormat(ctx.format(), ["text", "json"]);
      const checks: { check: string; ok: boolean; detail: string }[] = [];
      const err = new QmsError("VALIDATION", "probe");
      checks.push({
        check: "core: QmsError carries a stable code",
        ok: isQmsError(err, "VALIDATION") && !isQmsError(new Error("x")),
        detail: `code=${err.code}`,
      });
      checks.push({
        check: "runtime: Node.js version",
        ok: Number(process.versions.node.split(".")[0]) >= 20,
        detail: process.version,
      });
      for (const extra of ctx.selfChecks) checks.push(await extra());
      const ok = checks.every((c) => c.ok);
      if (format === "json") ctx.io.out(toJson({ ok, checks }));
      else
        ctx.io.out(
          renderTable(
            ["check", "result", "detail"],
            checks.map((c) => [c.check, c.ok ? "ok" : "FAILED", c.detail]),
          ),
        );
      if (!ok) throw new CliExit(ExitCode.CHECK_FAILED);
    });
}
