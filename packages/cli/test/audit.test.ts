import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createSignature,
  fixedClock,
  parseAuditNdjson,
  sequentialIds,
  TestClock,
  verifyChain,
} from "@qmskit/core";
import { SqliteEventLog } from "@qmskit/store-sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

const ada = { id: "u-1", name: "Ada Quality", roles: ["qa"] };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function trail(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "qmskit-cli-audit-"));
  dirs.push(dir);
  const db = join(dir, "qms.sqlite");
  const log = SqliteEventLog.open(db, {
    clock: new TestClock("2026-03-01T09:00:00Z", { stepMs: 60_000 }),
    ids: sequentialIds("e"),
  });
  await log.append(
    "capa-1",
    [{ type: "capa.opened", data: { title: "Seal leak", severity: "high" }, actor: ada }],
    { expectedVersion: 0 },
  );
  await log.append(
    "capa-1",
    [{ type: "capa.updated", data: { severity: "medium" }, actor: ada, reason: "re-assessed" }],
    {
      expectedVersion: 1,
    },
  );
  const sig = createSignature(
    ada,
    "approval",
    { recordId: "capa-1", recordVersion: 3, content: { status: "closed" } },
    {
      clock: fixedClock("2026-03-01T10:00:00Z"),
    },
  );
  await log.append(
    "capa-1",
    [{ type: "capa.closed", data: { status: "closed" }, actor: ada, signatures: [sig] }],
    {
      expectedVersion: 2,
    },
  );
  await log.close();
  return db;
}

/** Tampers with the file as an attacker with write access would: through SQL, triggers dropped. */
function tamper(db: string, sql: string): void {
  const raw = new SqliteEventLog(db).database;
  raw.exec(
    "DROP TRIGGER IF EXISTS events_append_only_update; DROP TRIGGER IF EXISTS events_append_only_delete;",
  );
  raw.exec(sql);
  raw.close();
}

describe("qmskit audit verify", () => {
  it("P11-03: exits 0 for an intact trail and prints the head", async () => {
    const db = await trail();
    const r = await runCli(["audit", "verify", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^audit trail intact: 3 events verified\nhead: position 3, hash [0-9a-f]{64}\n$/);
    const json = await runCli(["--format", "json", "audit", "verify", "--db", db]);
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, checked: 3, head: { position: 3 } });
  });

  it("P11-03: exits 1 and prints the first broken link after a raw SQL edit", async () => {
    const db = await trail();
    tamper(
      db,
      `UPDATE events SET canonical = CAST(replace(CAST(canonical AS TEXT), '"medium"', '"low"') AS BLOB) WHERE position = 2`,
    );
    const r = await runCli(["audit", "verify", "--db", db]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("audit trail BROKEN: first broken link at position 2 (edited)");
    expect(r.out).toContain("event id: e-2");
    const json = await runCli(["audit", "verify", "--db", db, "--format", "json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, broken: { kind: "edited", position: 2 } });
  });

  it("P11-03: reports a deleted event, and truncation against a trusted head", async () => {
    const db = await trail();
    const head = JSON.parse((await runCli(["audit", "verify", "--db", db, "-f", "json"])).out).head;
    tamper(
      db,
      "DELETE FROM events WHERE position = 3; UPDATE chain_head SET position = 2, hash = (SELECT hash FROM events WHERE position = 2)",
    );
    expect((await runCli(["audit", "verify", "--db", db])).code).toBe(0); // consistent with its own (rewritten) head
    const r = await runCli(["audit", "verify", "--db", db, "--head", `${head.position}:${head.hash}`]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("first broken link at position 3 (truncated)");
    const db2 = await trail();
    tamper(db2, "DELETE FROM events WHERE position = 2");
    expect((await runCli(["audit", "verify", "--db", db2])).out).toContain("position 2 (deleted)");
  });

  it("exits 2 for a missing database, a file that is not an event store, or a malformed --head", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qmskit-cli-audit-"));
    dirs.push(dir);
    expect((await runCli(["audit", "verify", "--db", join(dir, "nope.sqlite")])).code).toBe(2);
    expect((await runCli(["audit", "verify"])).code).toBe(2);
    const other = join(dir, "other.sqlite");
    writeFileSync(other, "this is not a database");
    const r = await runCli(["audit", "verify", "--db", other]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("cannot open");
    const db = await trail();
    expect((await runCli(["audit", "verify", "--db", db, "--head", "x"])).code).toBe(2);
  });
});

describe("qmskit audit export", () => {
  it("P11-06: ndjson is complete and verifies again", async () => {
    const db = await trail();
    const r = await runCli(["audit", "export", "--db", db, "--format", "ndjson"]);
    expect(r.code).toBe(0);
    const events = parseAuditNdjson(r.out);
    expect(events).toHaveLength(3);
    expect(verifyChain(events).ok).toBe(true);
  });

  it("P11-06: csv and markdown show previous and new values and signature manifestations (P11-10)", async () => {
    const db = await trail();
    const csv = await runCli(["audit", "export", "--db", db, "--format", "csv"]);
    expect(csv.code).toBe(0);
    expect(csv.out.split("\r\n")[0]).toContain("Previous value,New value");
    expect(csv.out).toContain("capa.updated,u-1,Ada Quality,re-assessed,severity,high,medium");
    const md = await runCli([
      "audit",
      "export",
      "--db",
      db,
      "--format",
      "markdown",
      "--time-zone",
      "Europe/Berlin",
    ]);
    expect(md.out).toContain("- Hash chain: intact (head position 3");
    expect(md.out).toContain("| severity | high | medium |");
    expect(md.out).toContain("Ada Quality (u-1), approval, 2026-03-01 11:00:00 GMT+1 (Europe/Berlin)");
    // the default (text) format is the markdown report
    expect((await runCli(["audit", "export", "--db", db])).out).toBe(
      (await runCli(["audit", "export", "--db", db, "--format", "markdown"])).out,
    );
    expect((await runCli(["audit", "export", "--db", db, "--format", "json"])).code).toBe(2);
  });
});

describe("qmskit self-check", () => {
  it("includes the audit chain probe", async () => {
    const r = await runCli(["self-check", "--format", "json"]);
    const checks = JSON.parse(r.out).checks as { check: string; ok: boolean }[];
    expect(checks.find((c) => c.check.startsWith("core: audit hash chain"))).toMatchObject({ ok: true });
  });
});
