// SQLite append throughput against the floor: raw better-sqlite3 inserts of the same rows (same schema,
// same pragmas, same transaction sizes) with precomputed values. One run, on this machine's disk (os.tmpdir()).
// Targets: >= 20,000 events/s in batches of 100, >= 2,000 events/s one event per transaction. Prints Markdown.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { canonicalBytesOf, type EventToAppend, type StoredEvent } from "@qmskit/core";
import Database from "better-sqlite3";
import { migrate, SqliteEventLog } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "qmskit-bench-"));
const actor = { id: "user-0042", name: "Ada Quality", roles: ["qa", "approver"] };
const event = (n: number): EventToAppend => ({
  type: "capa.updated",
  data: {
    title: `Deviation ${n}`,
    severity: n % 3 === 0 ? "high" : "low",
    owner: `user-${n % 97}`,
    count: n,
  },
  actor,
  reason: "periodic review",
});

type Row = [number, string, string, number, string, string, string, string, Buffer];

async function runStore(
  name: string,
  total: number,
  batch: number,
  sync: "FULL" | "NORMAL",
): Promise<{ ms: number; rows: Row[] }> {
  const path = join(dir, `${name}.sqlite`);
  const log = SqliteEventLog.open(path, { synchronous: sync });
  const start = performance.now();
  for (let i = 0; i < total; i += batch) {
    const events = Array.from({ length: batch }, (_, k) => event(i + k));
    await log.append(`capa-${Math.floor(i / 1000)}`, events, { expectedVersion: "any" });
  }
  const ms = performance.now() - start;
  const stored = (await log.readAll()) as StoredEvent[];
  await log.close();
  const rows = stored.map((e): Row => {
    return [
      e.position,
      e.id,
      e.streamId,
      e.version,
      e.type,
      e.recordedAt,
      e.prevHash,
      e.hash,
      Buffer.from(canonicalBytesOf(e)!),
    ];
  });
  return { ms, rows };
}

function runRaw(name: string, rows: Row[], batch: number, sync: "FULL" | "NORMAL"): number {
  const db = new Database(join(dir, `${name}.sqlite`));
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${sync}`);
  migrate(db);
  const insert = db.prepare(
    "INSERT INTO events (position, id, stream_id, version, type, recorded_at, prev_hash, hash, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const setHead = db.prepare("UPDATE chain_head SET position = ?, hash = ? WHERE id = 1");
  const tx = db.transaction((part: Row[]) => {
    for (const r of part) insert.run(...r);
    const last = part[part.length - 1]!;
    setHead.run(last[0], last[7]);
  });
  const start = performance.now();
  for (let i = 0; i < rows.length; i += batch) tx.immediate(rows.slice(i, i + batch));
  const ms = performance.now() - start;
  db.close();
  return ms;
}

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (x: number) => x.toLocaleString("en-US");
console.log(
  "| case | synchronous | events | SqliteEventLog events/s | raw better-sqlite3 events/s (floor) | ratio | target |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
// The targets apply to the default (NORMAL); FULL (fsync per commit) is shown for hosts that choose it.
const cases: [string, number, number, "FULL" | "NORMAL", number | undefined][] = [
  ["batches of 100", 100_000, 100, "NORMAL", 20_000],
  ["one event per transaction", 20_000, 1, "NORMAL", 2_000],
  ["batches of 100", 50_000, 100, "FULL", undefined],
  ["one event per transaction", 2_000, 1, "FULL", undefined],
];
try {
  for (const [label, total, batch, sync, target] of cases) {
    const tag = `${batch}-${sync}`;
    const store = await runStore(`store-${tag}`, total, batch, sync);
    const rawMs = runRaw(`raw-${tag}`, store.rows, batch, sync);
    const s = rate(total, store.ms);
    const r = rate(total, rawMs);
    console.log(
      `| ${label} | ${sync} | ${fmt(total)} | ${fmt(s)} | ${fmt(r)} | ${((s / r) * 100).toFixed(0)}% | ${target === undefined ? "(information)" : `>= ${fmt(target)}/s: ${s >= target ? "met" : "NOT met"}`} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
