import { existsSync } from "node:fs";
import { diffRevisions, documentHistory, EventLogBlobStore, renderHistoryMarkdown } from "@qmskit/documents";
import { SqliteEventLog } from "@qmskit/store-sqlite";
import type { Command } from "commander";
import { CliExit, ExitCode } from "../io.js";
import { renderTable, requireFormat, toJson } from "../output.js";
import type { CommandContext } from "../program.js";

function openStore(path: string | undefined): SqliteEventLog {
  if (!path) throw new CliExit(ExitCode.USAGE, "--db <file> is required");
  if (!existsSync(path)) throw new CliExit(ExitCode.USAGE, `no such database file: ${path}`);
  try {
    return SqliteEventLog.open(path, { readonly: true });
  } catch (e) {
    throw new CliExit(
      ExitCode.USAGE,
      `cannot open ${path} as a qmskit event store: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * Registers `qmskit docs`: `docs history <docId> --db <file>` prints a document's change history (revisions,
 * approvals with printed name, local time and meaning, change orders, reviews, refused attempts, audit
 * trail) as text, Markdown or JSON; `docs diff <docId> <revA> <revB> --db <file>` prints the line diff of
 * two revisions (by label or id). Content is read from the same SQLite file: documents keep it there through
 * `EventLogBlobStore`, and it is verified against its hash on read.
 *
 * @requirement DOC-02
 * @requirement DOC-12
 * @requirement P11-06
 */
export function registerDocs(program: Command, ctx: CommandContext): void {
  const docs = program.command("docs").description("controlled documents: change history and revision diff");

  docs
    .command("history")
    .description("print the change history of a document (text, markdown or json)")
    .argument("<docId>", "document id, e.g. SOP-001")
    .option("--db <file>", "the SQLite event store")
    .action(async (docId: string, opts: { db?: string }) => {
      const format = requireFormat(ctx.format(), ["text", "markdown", "json"]);
      const log = openStore(opts.db);
      try {
        const report = await documentHistory(log, docId);
        if (format === "json") ctx.io.out(toJson(report));
        else if (format === "markdown") ctx.io.out(renderHistoryMarkdown(report));
        else {
          ctx.io.out(
            `${report.docId}  ${report.title}  (${report.docType}, ${report.origin.kind})\n` +
              `current: ${report.current ? `${report.current.label} since ${report.current.effectiveAt}` : "none"}\n\n`,
          );
          ctx.io.out(
            renderTable(
              ["revision", "status", "approved", "effective", "change order", "approvals"],
              report.revisions.map((r) => [
                r.label,
                r.status + (r.purged ? " (purged)" : ""),
                r.approvedAt ?? "",
                r.effectiveDate ?? "",
                r.changeOrderId ?? "",
                r.approvals.map((a) => `${a.printedName} (${a.meaning}, ${a.signedAtLocal})`).join("; "),
              ]),
            ),
          );
          ctx.io.out("\n");
          ctx.io.out(
            renderTable(
              ["#", "recorded (UTC)", "user", "event"],
              report.trail.map((t) => [String(t.version), t.recordedAt, t.actorName, t.summary]),
            ),
          );
        }
      } finally {
        await log.close();
      }
    });

  docs
    .command("diff")
    .description("print the line diff between two revisions of a document")
    .argument("<docId>", "document id")
    .argument("<revA>", "older revision: label (e.g. A) or revision id")
    .argument("<revB>", "newer revision: label or revision id")
    .option("--db <file>", "the SQLite event store")
    .action(async (docId: string, revA: string, revB: string, opts: { db?: string }) => {
      const format = requireFormat(ctx.format(), ["text", "markdown", "json"]);
      const log = openStore(opts.db);
      try {
        const diff = await diffRevisions(log, new EventLogBlobStore(log), docId, revA, revB);
        if (format === "json") ctx.io.out(toJson(diff));
        else if (format === "markdown")
          ctx.io.out(
            `## ${docId}: ${diff.from.label} → ${diff.to.label} (+${diff.added} −${diff.removed} lines)\n\n\`\`\`diff\n${diff.patch}\`\`\`\n`,
          );
        else ctx.io.out(diff.patch);
      } finally {
        await log.close();
      }
    });
}
