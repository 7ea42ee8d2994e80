import { describe, expect, it } from "vitest";
import {
  type Actor,
  auditRows,
  createSignature,
  exportAuditTrail,
  fixedClock,
  InMemoryEventLog,
  parseAuditNdjson,
  safeParseAuditNdjson,
  sequentialIds,
  TestClock,
  verifyChain,
} from "../src/index.js";

const ada: Actor = { id: "u-1", name: "Ada Quality", roles: ["qa"] };

async function trail() {
  const log = new InMemoryEventLog({
    clock: new TestClock("2026-03-01T09:00:00Z", { stepMs: 60_000 }),
    ids: sequentialIds("e"),
  });
  await log.append(
    "capa-1",
    [{ type: "capa.opened", data: { title: "Seal leak", severity: "high" }, actor: ada }],
    {
      expectedVersion: 0,
    },
  );
  await log.append(
    "capa-1",
    [
      {
        type: "capa.updated",
        data: { severity: "medium" },
        actor: ada,
        reason: "re-assessed, risk file RM-4",
      },
    ],
    { expectedVersion: 1 },
  );
  const sig = createSignature(
    ada,
    "approval",
    { recordId: "capa-1", recordVersion: 3, content: { closed: true } },
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
  await log.append("capa-1", [{ type: "capa.deleted", data: {}, actor: ada, reason: "duplicate, =cmd|x" }], {
    expectedVersion: 3,
  });
  return log;
}

describe("audit export", () => {
  it("P11-02: rows carry actor, server time, action, record id and version, previous and new values", async () => {
    const rows = [...auditRows(await (await trail()).readAll())];
    expect(rows.find((r) => r.version === 2)).toMatchObject({
      recordedAt: "2026-03-01T09:01:00.000Z",
      streamId: "capa-1",
      type: "capa.updated",
      actorId: "u-1",
      actorName: "Ada Quality",
      reason: "re-assessed, risk file RM-4",
      field: "severity",
      previous: "high",
      next: "medium",
    });
    expect(rows.filter((r) => r.version === 1).map((r) => [r.field, r.previous, r.next])).toEqual([
      ["severity", "", "high"],
      ["title", "", "Seal leak"],
    ]);
  });

  it("P11-04: a delete is a tombstone row; earlier values stay in the trail", async () => {
    const rows = [...auditRows(await (await trail()).readAll())];
    expect(rows.at(-1)).toMatchObject({
      type: "capa.deleted",
      version: 4,
      field: "",
      reason: "duplicate, =cmd|x",
    });
    expect(rows.some((r) => r.next === "Seal leak")).toBe(true);
  });

  it("P11-06: CSV export is RFC 4180 with a header, quoting, and a guard against formula injection", async () => {
    const csv = exportAuditTrail(await (await trail()).readAll(), "csv");
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "Position,Recorded at (UTC),Record,Version,Action,User id,User name,Reason,Field,Previous value,New value,Signatures,Hash",
    );
    expect(lines).toHaveLength(7); // header + 5 rows + trailing empty
    expect(csv).toContain('"re-assessed, risk file RM-4",severity,high,medium');
    expect(csv).toContain("Ada Quality (u-1), approval, 2026-03-01 10:00:00 UTC");
    expect(csv).toContain('"duplicate, =cmd|x"');
    const formula = exportAuditTrail(
      await (async () => {
        const log = new InMemoryEventLog();
        await log.append("x", [{ type: "t", data: { v: "=HYPERLINK(1)" }, actor: ada }], {
          expectedVersion: 0,
        });
        return log.readAll();
      })(),
      "csv",
    );
    expect(formula).toContain(",'=HYPERLINK(1),");
  });

  it("P11-06: Markdown export states the chain status and shows signatures (P11-10)", async () => {
    const log = await trail();
    const md = exportAuditTrail(await log.readAll(), "markdown", { head: await log.head() });
    expect(md).toContain("- Events: 4");
    expect(md).toContain("- Hash chain: intact (head position 4");
    expect(md).toContain(
      "| 2 | 2026-03-01T09:01:00.000Z | capa-1 | 2 | capa.updated | u-1 | Ada Quality | re-assessed, risk file RM-4 | severity | high | medium |",
    );
    expect(md).toContain("Ada Quality (u-1), approval, 2026-03-01 10:00:00 UTC");
    expect(md).toContain("duplicate, =cmd\\|x");
    const events = (await log.readAll()).slice(0, 3);
    expect(exportAuditTrail(events, "markdown", { head: await log.head() })).toContain(
      "**BROKEN** at position 4 (truncated)",
    );
  });

  it("P11-06: NDJSON export is complete and verifies again after reading it back", async () => {
    const log = await trail();
    const nd = exportAuditTrail(await log.readAll(), "ndjson");
    expect(nd.trim().split("\n")).toHaveLength(4);
    const back = parseAuditNdjson(nd);
    expect(back).toEqual(await log.readAll());
    expect(verifyChain(back, { head: await log.head() })).toMatchObject({ ok: true });
    const tampered = nd.replace('"severity":"medium"', '"severity":"low"');
    expect(verifyChain(parseAuditNdjson(tampered))).toMatchObject({
      ok: false,
      broken: { kind: "edited", position: 2 },
    });
  });

  it("rejects unknown formats and malformed NDJSON with VALIDATION errors", async () => {
    expect(() => exportAuditTrail([], "pdf" as never)).toThrow(
      expect.objectContaining({ code: "VALIDATION" }),
    );
    expect(safeParseAuditNdjson("{not json")).toMatchObject({
      success: false,
      error: { code: "VALIDATION" },
    });
    expect(safeParseAuditNdjson('{"position": 1}\n')).toMatchObject({ success: false });
    expect(safeParseAuditNdjson("")).toEqual({ success: true, data: [] });
  });
});
