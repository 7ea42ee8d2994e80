import { existsSync } from "node:fs";
import {
  auditCsvLines,
  auditMarkdownLines,
  auditNdjsonLines,
  type ChainHead,
  InMemoryEventLog,
  isQmsError,
  sequentialIds,
  TestClock,
  verifyChain,
  verifyEventLog,
} from "@qmskit/core";
import { SqliteEventLog } from "@qmskit/store-sqlite";
import type { Command } from "commander";
import { CliExit, ExitCode } from "../io.js";
import { requireFormat, toJson } from "../output.js";
import type { CommandContext } from "../program.js";

function openDb(path: string | undefined): SqliteEventLog {
  if (!path) throw new CliExit(ExitCode.USAGE, "--db <file> is required");
  if (!existsSync(path)) throw new CliExit(ExitCode.USAGE, `no such database file: ${path}`);
  try {
    const log = SqliteEventLog.open(path, { readonly: true });
    return log;
  } catch (e) {
    throw new CliExit(
      ExitCode.USAGE,
      `cannot open ${path} as a qmskit event store: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

function parseHead(value: string | undefined): ChainHead | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(value.trim());
  if (!m) throw new CliExit(ExitCode.USAGE, "--head must be <position>:<64 hex digit hash>, e.g. 42:ab12…");
  return { position: Number(m[1]), hash: m[2]! };
}

/** Buffers output chunks so large exports are written in few calls. */
function writer(out: (s: string) => void): { write(s: string): void; flush(): void } {
  let buf = "";
  return {
    write(s) {
      buf += s;
      if (buf.length >= 1 << 16) {
        out(buf);
        buf = "";
      }
    },
    flush() {
      if (buf) out(buf);
      buf = "";
    },
  };
}

/**
 * Registers `qmskit audit`: `audit verify --db <file>` checks the hash chain of a SQLite event store
 * (exit 0 intact, 1 broken, with the first broken link), and `audit export --db <file> --format
 * ndjson|csv|markdown` writes the audit trail.
 *
 * @requirement P11-03
 * @requirement P11-06
 */
export function registerAudit(program: Command, ctx: CommandContext): void {
  const audit = program.command("audit").description("audit trail: verify the hash chain, export the trail");

  audit
    .command("verify")
    .description("verify the hash chain of a SQLite event store (exit 1 when broken)")
    .option("--db <file>", "the SQLite event store")
    .option("--head <position:hash>", "a trusted chain head kept elsewhere (detects truncation and rewrites)")
    .action(async (opts: { db?: string; head?: string }) => {
      const format = requireFormat(ctx.format(), ["text", "json"]);
      const trusted = parseHead(opts.head);
      const log = openDb(opts.db);
      try {
        const stored = await log.head();
        const result = await verifyEventLog(log, trusted ? { head: trusted } : {});
        if (format === "json") {
          ctx.io.out(toJson({ db: opts.db, storedHead: stored, ...result }));
        } else if (result.ok) {
          ctx.io.out(
            `audit trail intact: ${result.checked} events verified\nhead: position ${result.head.position}, hash ${result.head.hash}\n`,
          );
        } else {
          const b = result.broken;
          ctx.io.out(
            `audit trail BROKEN: first broken link at position ${b.position} (${b.kind})\n${b.message}\n` +
              `${b.eventId ? `event id: ${b.eventId}\n` : ""}events verified before the break: ${result.checked}\n`,
          );
        }
        if (!result.ok) throw new CliExit(ExitCode.CHECK_FAILED);
      } finally {
        await log.close();
      }
    });

  audit
    .command("export")
    .description(
      "export the audit trail: ndjson (machine), csv or markdown (human, with previous and new values)",
    )
    .option("--db <file>", "the SQLite event store")
    .option("--time-zone <zone>", "IANA time zone for signature manifestations (default UTC)")
    .action(async (opts: { db?: string; timeZone?: string }) => {
      const chosen = ctx.format() === "text" ? "markdown" : ctx.format();
      const format = requireFormat(chosen, ["ndjson", "csv", "markdown"]);
      const log = openDb(opts.db);
      const out = writer(ctx.io.out);
      const options = opts.timeZone ? { timeZone: opts.timeZone } : {};
      try {
        if (format === "markdown") {
          const events = await log.readAll();
          for (const line of auditMarkdownLines(events, {
            ...options,
            head: await log.head(),
            title: `Audit trail of ${opts.db}`,
          })) {
            out.write(line);
          }
        } else {
          const lines =
            format === "ndjson" ? auditNdjsonLines(log.iterate()) : auditCsvLines(log.iterate(), options);
          for (const line of lines) out.write(line);
        }
        out.flush();
      } catch (e) {
        out.flush();
        if (isQmsError(e) || e instanceof RangeError)
          throw new CliExit(ExitCode.USAGE, `export failed: ${(e as Error).message}`);
        throw e;
      } finally {
        await log.close();
      }
    });

  ctx.selfChecks.push(async () => {
    const log = new InMemoryEventLog({ clock: new TestClock(), ids: sequentialIds("probe") });
    const actor = { id: "self-check", name: "Self check", roles: [] };
    for (let i = 0; i < 3; i++)
      await log.append("probe", [{ type: "probe", data: { i }, actor }], { expectedVersion: i });
    const events = JSON.parse(JSON.stringify(await log.readAll()));
    const intact = verifyChain(events).ok;
    events[1].data.i = 99;
    const caught = verifyChain(events);
    return {
      check: "core: audit hash chain detects an edited event",
      ok: intact && !caught.ok && caught.broken.kind === "edited" && caught.broken.position === 2,
      detail: caught.ok ? "edit NOT detected" : `edit detected at position ${caught.broken.position}`,
    };
  });
}
