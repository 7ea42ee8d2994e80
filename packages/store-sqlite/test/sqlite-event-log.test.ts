import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isQmsError, sequentialIds, TestClock, verifyEventLog } from "@qmskit/core";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate, SCHEMA_VERSION, SqliteEventLog } from "../src/index.js";

const actor = { id: "u-1", name: "Ada Quality", roles: ["qa"] };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "qmskit-sqlite-"));
  dirs.push(dir);
  return join(dir, "events.sqlite");
}

async function filled(path: string, n = 10): Promise<void> {
  const log = SqliteEventLog.open(path, {
    clock: new TestClock("2026-01-01T00:00:00Z", { stepMs: 1000 }),
    ids: sequentialIds("e"),
  });
  for (let i = 0; i < n; i++) {
    await log.append(`rec-${i % 3}`, [{ type: "rec.changed", data: { i, status: "open" }, actor }], {
      expectedVersion: "any",
    });
  }
  await log.close();
}

describe("SqliteEventLog", () => {
  it("uses WAL, records its migrations, and refuses a database from a newer schema", async () => {
    const path = tempDb();
    await filled(path, 1);
    const raw = new Database(path);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(raw.prepare("SELECT version, name FROM qmskit_migrations").all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    expect(migrate(raw)).toBe(SCHEMA_VERSION); // idempotent
    raw.prepare("INSERT INTO qmskit_migrations VALUES (?, 'future', 'x')").run(SCHEMA_VERSION + 1);
    raw.close();
    let err: unknown;
    try {
      SqliteEventLog.open(path);
    } catch (e) {
      err = e;
    }
    expect(isQmsError(err, "UNSUPPORTED")).toBe(true);
  });

  it("P11-03, P11-05: the database refuses UPDATE and DELETE of events (no update, delete or purge path)", async () => {
    const path = tempDb();
    await filled(path, 3);
    const raw = new Database(path);
    try {
      expect(() => raw.prepare("UPDATE events SET type = 'x' WHERE position = 1").run()).toThrow(
        /append-only/,
      );
      expect(() => raw.prepare("DELETE FROM events WHERE position = 1").run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
  });

  it("P11-03: tampering through raw SQL (triggers dropped) is caught by verification", async () => {
    const cases: [string, string, number][] = [
      [
        "edited",
        `UPDATE events SET canonical = CAST(replace(CAST(canonical AS TEXT), '"open"', '"closed"') AS BLOB) WHERE position = 4`,
        4,
      ],
      ["deleted", "DELETE FROM events WHERE position = 6", 6],
      ["edited", "UPDATE events SET stream_id = 'rec-9' WHERE position = 3", 3],
      ["edited", "UPDATE events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE position = 2", 2],
      ["truncated", "DELETE FROM events WHERE position >= 9", 9],
      ["edited", "UPDATE events SET canonical = CAST('not json' AS BLOB) WHERE position = 5", 5],
    ];
    for (const [kind, sql, position] of cases) {
      const path = tempDb();
      await filled(path, 10);
      const raw = new Database(path);
      raw.exec("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;");
      raw.exec(sql);
      raw.close();
      const log = SqliteEventLog.open(path);
      try {
        expect(await verifyEventLog(log, { pageSize: 3 }), sql).toMatchObject({
          ok: false,
          broken: { kind, position },
        });
      } finally {
        await log.close();
      }
    }
  });

  it("opens read-only for verification and export, and refuses appends there", async () => {
    const path = tempDb();
    await filled(path, 4);
    const log = SqliteEventLog.open(path, { readonly: true });
    try {
      expect(await verifyEventLog(log)).toMatchObject({ ok: true, checked: 4 });
      expect([...log.iterate(3)].map((e) => e.position)).toEqual([3, 4]);
      await expect(
        log.append("x", [{ type: "t", data: 1, actor }], { expectedVersion: 0 }),
      ).rejects.toMatchObject({
        code: "STORAGE",
      });
    } finally {
      await log.close();
    }
    expect(() => SqliteEventLog.open(join(path, "..", "missing.sqlite"), { readonly: true })).toThrow(
      expect.objectContaining({ code: "STORAGE" }),
    );
  });

  it("rejects bad options and use after close with typed errors", async () => {
    expect(() => SqliteEventLog.open("")).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    expect(() => SqliteEventLog.open(":memory:", { synchronous: "OFF" as never })).toThrow(
      expect.objectContaining({ code: "VALIDATION" }),
    );
    const log = SqliteEventLog.open(":memory:");
    await log.close();
    await expect(log.head()).rejects.toMatchObject({ code: "CLOSED" });
  });
});
