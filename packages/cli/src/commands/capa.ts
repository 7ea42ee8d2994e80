import { existsSync } from "node:fs";
import { type CapaMetrics, capaMetricsFromLog } from "@qmskit/capa";
import { SqliteEventLog } from "@qmskit/store-sqlite";
import type { Command } from "commander";
import { CliExit, ExitCode } from "../io.js";
import { renderTable, requireFormat, toJson } from "../output.js";
import type { CommandContext } from "../program.js";

const pct = (rate: number | null) => (rate === null ? "n/a" : `${(rate * 100).toFixed(1)}%`);

/** The metrics as a plain-text report: a summary table, then the age buckets and recurrence by source. */
export function renderCapaMetrics(m: CapaMetrics): string {
  const p = m.period;
  const summary = renderTable(
    ["metric", "value"],
    [
      ["period", `[${p.from}, ${p.to}) ${p.zone}`],
      ["opened in period", String(m.openedInPeriod.length)],
      ["closed in period", String(m.closedInPeriod.length)],
      ["open at period end", String(m.openAtEnd)],
      ["overdue vs original due date", String(m.overdue.againstOriginal)],
      ["overdue vs extended due date", String(m.overdue.againstExtended)],
      ["closed late vs original due date", String(m.closedLate.againstOriginal)],
      ["closed late vs extended due date", String(m.closedLate.againstExtended)],
      ["extensions (CAPAs / total)", `${m.extensions.capasExtended} / ${m.extensions.total}`],
      ["median days to close", m.medianDaysToClose === null ? "n/a" : String(m.medianDaysToClose)],
      [
        "first-time effectiveness pass rate",
        `${pct(m.firstTimeEffectiveness.rate)} (${m.firstTimeEffectiveness.passedFirstTime}/${m.firstTimeEffectiveness.checked})`,
      ],
    ],
  );
  const ages = renderTable(
    ["open by age (days)", "count"],
    m.openByAge.map((b) => [b.bucket, String(b.count)]),
  );
  const recurrence = renderTable(
    ["source", "opened", "recurrences", "rate"],
    m.recurrenceBySource.map((r) => [r.source, String(r.opened), String(r.recurrences), pct(r.rate)]),
  );
  return `${summary}\n${ages}\n${recurrence}`;
}

/** Registers `qmskit capa metrics --db <file>`. */
export function registerCapa(program: Command, ctx: CommandContext): void {
  const capa = program.command("capa").description("CAPA records: management-review metrics");
  capa
    .command("metrics")
    .description(
      "management-review metrics of CAPAs over [from, to) in the site time zone, read from a SQLite event store",
    )
    .requiredOption("--db <file>", "SQLite event store file")
    .option(
      "--from <date>",
      "first local day of the period, YYYY-MM-DD (default: day of the first CAPA event)",
    )
    .option("--to <date>", "local day after the period, YYYY-MM-DD (default: day after the last CAPA event)")
    .option("--zone <zone>", "IANA time zone of the site", "UTC")
    .option("--workflows <ids>", "comma-separated workflow ids whose records are CAPAs", "capa")
    .action(async (opts: { db: string; from?: string; to?: string; zone: string; workflows: string }) => {
      const format = requireFormat(ctx.format(), ["text", "json"]);
      if (!existsSync(opts.db)) throw new CliExit(ExitCode.USAGE, `no such file: ${opts.db}`);
      const log = SqliteEventLog.open(opts.db, { readonly: true });
      try {
        const workflows = opts.workflows
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const metrics = await capaMetricsFromLog(
          log,
          {
            zone: opts.zone,
            ...(opts.from !== undefined ? { from: opts.from } : {}),
            ...(opts.to !== undefined ? { to: opts.to } : {}),
          },
          { workflows },
        );
        ctx.io.out(format === "json" ? toJson(metrics) : renderCapaMetrics(metrics));
      } finally {
        await log.close();
      }
    });
}
