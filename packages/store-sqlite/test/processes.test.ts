import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TestClock, verifyChain, verifyEventLog } from "@qmskit/core";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteEventLog } from "../src/index.js";

const writer = fileURLToPath(new URL("./fixtures/writer.ts", import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "qmskit-proc-"));
  dirs.push(dir);
  return join(dir, "events.sqlite");
}

function startWriter(args: string[]): { child: ChildProcess; lines: string[]; done: Promise<number | null> } {
  const child = spawn(process.execPath, ["--conditions=@qmskit/source", "--import", "tsx", writer, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let buf = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split("\n");
    buf = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const done = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) console.error(err);
      resolve(code);
    }),
  );
  return { child, lines, done };
}

describe("SQLite store across processes", () => {
  it("P11-03: a writer killed with SIGKILL loses no acknowledged append and leaves nothing half-written", async () => {
    const db = tempDb();
    // create the schema first so the child only appends
    await SqliteEventLog.open(db).close();
    const w = startWriter([db, "crash", "k", "0"]);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (w.lines.length >= 300) {
          clearInterval(timer);
          w.child.kill("SIGKILL");
          resolve();
        }
      }, 5);
      w.done.then(() => reject(new Error("writer exited before it was killed")));
    });
    expect(await w.done).toBeNull(); // killed by signal
    const acks = w.lines.filter((l) => l.startsWith("ack ")).map((l) => l.split(" "));
    expect(acks.length).toBeGreaterThanOrEqual(300);
    const log = SqliteEventLog.open(db);
    try {
      const all = await log.readAll();
      // every acknowledged append is present
      for (const [, stream, version, position] of acks) {
        const e = all[Number(position) - 1];
        expect(e).toMatchObject({ streamId: stream, version: Number(version), position: Number(position) });
      }
      // nothing half-written: appends were batches of 3, so every stream ends on a multiple of 3
      const versions = new Map<string, number>();
      for (const e of all) versions.set(e.streamId, e.version);
      for (const v of versions.values()) expect(v % 3).toBe(0);
      expect(all.length % 3).toBe(0);
      expect(all.length).toBeGreaterThanOrEqual(acks.length * 3);
      expect(all.length).toBeLessThanOrEqual((acks.length + 1) * 3);
      // the chain verifies against the stored head
      expect(await verifyEventLog(log)).toMatchObject({ ok: true, checked: all.length });
      expect((await log.head()).position).toBe(all.length);
    } finally {
      await log.close();
    }
  });

  it("two processes appending to one file: stale versions get CONCURRENCY, no event is lost or duplicated", async () => {
    const db = tempDb();
    await SqliteEventLog.open(db).close();
    const n = 150;
    const a = startWriter([db, "contend", "a", String(n)]);
    const b = startWriter([db, "contend", "b", String(n)]);
    // both processes are loaded before either starts appending
    while (!a.lines.includes("ready") || !b.lines.includes("ready"))
      await new Promise((r) => setTimeout(r, 10));
    a.child.stdin!.write("go\n");
    b.child.stdin!.write("go\n");
    expect(await a.done).toBe(0);
    expect(await b.done).toBe(0);
    const stats = [...a.lines, ...b.lines]
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { conflicts: number });
    const conflicts = stats.reduce((s, x) => s + x.conflicts, 0);
    const log = SqliteEventLog.open(db);
    try {
      const events = await log.read("shared");
      expect(events).toHaveLength(2 * n);
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: 2 * n }, (_, i) => i + 1));
      const keys = new Set(events.map((e) => JSON.stringify(e.data)));
      expect(keys.size).toBe(2 * n);
      for (const w of ["a", "b"])
        for (let s = 0; s < n; s++) expect(keys.has(JSON.stringify({ seq: s, writer: w }))).toBe(true);
      expect(verifyChain(await log.readAll(), { head: await log.head() }).ok).toBe(true);
      // the writers did interleave and the losers were told so
      expect(conflicts).toBeGreaterThan(0);
    } finally {
      await log.close();
    }
  }, 60_000);

  it("two connections: the second writer with a stale expectedVersion gets CONCURRENCY", async () => {
    const db = tempDb();
    const clock = new TestClock();
    const one = SqliteEventLog.open(db, { clock });
    const two = SqliteEventLog.open(db, { clock });
    try {
      const actor = { id: "u", name: "U", roles: [] };
      const seen = await two.streamVersion("doc");
      await one.append("doc", [{ type: "t", data: 1, actor }], { expectedVersion: 0 });
      await expect(
        two.append("doc", [{ type: "t", data: 2, actor }], { expectedVersion: seen }),
      ).rejects.toMatchObject({
        code: "CONCURRENCY",
        details: { expectedVersion: 0, actualVersion: 1 },
      });
      expect(await two.readAll()).toHaveLength(1);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
