import { readFileSync } from "node:fs";
import { capaDefinition, complaintDefinition, nonconformanceDefinition } from "@qmskit/capa";
import { type AnyWorkflowDefinition, parseWorkflowDefinition, toMermaid } from "@qmskit/workflow";
import type { Command } from "commander";
import { CliExit, ExitCode } from "../io.js";
import { requireFormat, toJson } from "../output.js";
import type { CommandContext } from "../program.js";

/** The definitions shipped with qmskit, by the id `qmskit workflow diagram` accepts. */
export const SHIPPED_WORKFLOWS: Readonly<Record<string, AnyWorkflowDefinition>> = {
  capa: capaDefinition,
  complaint: complaintDefinition,
  nonconformance: nonconformanceDefinition,
};

function loadDefinition(idOrFile: string, predicates: readonly string[]): AnyWorkflowDefinition {
  const shipped = Object.hasOwn(SHIPPED_WORKFLOWS, idOrFile) ? SHIPPED_WORKFLOWS[idOrFile] : undefined;
  if (shipped) return shipped;
  let text: string;
  try {
    text = readFileSync(idOrFile, "utf8");
  } catch {
    throw new CliExit(
      ExitCode.USAGE,
      `"${idOrFile}" is neither a shipped workflow (${Object.keys(SHIPPED_WORKFLOWS).join(", ")}) nor a readable definition file`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliExit(ExitCode.USAGE, `${idOrFile} is not JSON: ${(e as Error).message}`);
  }
  // throws a VALIDATION QmsError naming every problem (exit code 2)
  return parseWorkflowDefinition(json, { predicates });
}

/** Registers `qmskit workflow diagram <id|file>`. */
export function registerWorkflow(program: Command, ctx: CommandContext): void {
  const workflow = program.command("workflow").description("workflow definitions: diagrams");
  workflow
    .command("diagram")
    .description(
      "print a Mermaid state diagram of a shipped definition (capa, complaint, nonconformance) or of a JSON definition file",
    )
    .argument("<id|file>", "shipped definition id, or path to a workflow definition in JSON form")
    .option("--self-loops", "also draw commands that keep the state (field updates) as self-loops")
    .option("--requirements", "add each command's requirements to its edge label")
    .option("--predicates <names>", "comma-separated host predicate names the definition file may use", "")
    .action((idOrFile: string, opts: { selfLoops?: boolean; requirements?: boolean; predicates: string }) => {
      const format = requireFormat(ctx.format(), ["text", "markdown", "json"]);
      const predicates = opts.predicates
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      const def = loadDefinition(idOrFile, predicates);
      const mermaid = toMermaid(def, {
        ...(opts.selfLoops ? { selfLoops: true } : {}),
        ...(opts.requirements ? { requirements: true } : {}),
      });
      if (format === "json") ctx.io.out(toJson({ id: def.id, version: def.version, mermaid }));
      else if (format === "markdown") ctx.io.out(`\`\`\`mermaid\n${mermaid.trimEnd()}\n\`\`\`\n`);
      else ctx.io.out(mermaid.endsWith("\n") ? mermaid : `${mermaid}\n`);
    });
}
