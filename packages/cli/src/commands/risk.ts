import { isQmsError } from "@qmskit/core";
import { type CvssScore, explainCvss, scoreCvss } from "@qmskit/risk";
import type { Command } from "commander";
import { CliExit, ExitCode } from "../io.js";
import { renderTable, requireFormat, toJson } from "../output.js";
import type { CommandContext } from "../program.js";

/** One line of `qmskit risk cvss --format json`. */
interface CvssRow {
  vector: string;
  version: "3.1" | "4.0";
  score: number;
  severity: string;
  temporalScore?: number;
  environmentalScore?: number;
}

function toRow(vector: string, s: CvssScore): CvssRow {
  if (s.version === "4.0") return { vector, version: "4.0", score: s.score, severity: s.severity };
  const row: CvssRow = { vector, version: "3.1", score: s.baseScore, severity: s.baseSeverity };
  if (s.hasTemporal) row.temporalScore = s.temporalScore;
  if (s.hasEnvironmental) row.environmentalScore = s.environmentalScore;
  return row;
}

/**
 * Registers `qmskit risk`: `risk cvss <vector...>` scores CVSS v3.1/v4.0 vectors given as arguments or,
 * with none, one per line on standard input.
 */
export function registerRisk(program: Command, ctx: CommandContext): void {
  const risk = program.command("risk").description("risk scoring: CVSS 3.1 and 4.0");
  risk
    .command("cvss")
    .description("score CVSS v3.1 / v4.0 vectors (arguments, or one per line on stdin)")
    .argument("[vectors...]", "vectors to score; read from stdin when none are given")
    .option("--lenient", "accept metrics in any order, surrounding spaces and a trailing slash")
    .option("--explain", "show how each score was reached (text format)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .action(async (vectors: string[], opts: { lenient?: boolean; explain?: boolean }) => {
      const format = requireFormat(ctx.format(), ["text", "json"]);
      const inputs: { line: number; vector: string }[] =
        vectors.length > 0
          ? vectors.map((vector, i) => ({ line: i + 1, vector }))
          : (await ctx.io.readStdin())
              .split(/\r?\n/)
              .map((raw, i) => ({ line: i + 1, vector: raw.trim() }))
              .filter((x) => x.vector !== "" && !x.vector.startsWith("#"));
      if (inputs.length === 0)
        throw new CliExit(ExitCode.USAGE, "no CVSS vectors given (pass them as arguments or on stdin)");
      const mode = opts.lenient ? "lenient" : "strict";
      const rows: CvssRow[] = [];
      const explanations: string[] = [];
      let failed = 0;
      for (const { line, vector } of inputs) {
        try {
          const s = scoreCvss(vector, { mode });
          rows.push(toRow(vector, s));
          if (opts.explain) explanations.push(explainCvss(vector, { mode }).lines.join("\n"));
        } catch (error) {
          if (!isQmsError(error)) throw error;
          failed++;
          const shown = vector.length > 80 ? `${vector.slice(0, 80)}…` : vector;
          ctx.io.err(`line ${line}: invalid CVSS vector ${JSON.stringify(shown)}: ${error.message}\n`);
        }
      }
      if (format === "json") ctx.io.out(toJson(rows));
      else if (rows.length > 0) {
        ctx.io.out(
          renderTable(
            ["vector", "version", "score", "severity", "temporal", "environmental"],
            rows.map((r) => [
              r.vector,
              r.version,
              r.score.toFixed(1),
              r.severity,
              r.temporalScore === undefined ? "" : r.temporalScore.toFixed(1),
              r.environmentalScore === undefined ? "" : r.environmentalScore.toFixed(1),
            ]),
          ),
        );
        if (explanations.length > 0) ctx.io.out(`\n${explanations.join("\n\n")}\n`);
      }
      if (failed > 0) throw new CliExit(ExitCode.USAGE, `${failed} of ${inputs.length} vectors were invalid`);
    });
  ctx.selfChecks.push(async () => {
    const s = scoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
    const ok = s.version === "4.0" && s.score === 9.3;
    return {
      check: "risk: CVSS 4.0 reference score",
      ok,
      detail: `score=${s.version === "4.0" ? s.score : "?"}`,
    };
  });
}
