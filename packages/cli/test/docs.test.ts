import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Actor, sequentialIds, TestClock } from "@qmskit/core";
import { DocumentService, EventLogBlobStore } from "@qmskit/documents";
import { SqliteEventLog } from "@qmskit/store-sqlite";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

const author: Actor = { id: "u-author", name: "Ada Author", roles: ["author"] };
const qa: Actor = { id: "u-qa", name: "Quinn QA", roles: ["qa"] };
const ccb: Actor = { id: "u-ccb", name: "Cora CCB", roles: ["ccb"] };
let db = "";

/** A SQLite store with SOP-001 at revision B (A superseded) and one refused approval. */
beforeAll(async () => {
  db = join(await mkdtemp(join(tmpdir(), "qmskit-docs-")), "qms.sqlite");
  const clock = new TestClock("2026-03-02T09:00:00Z");
  const log = SqliteEventLog.open(db, { clock });
  const docs = new DocumentService({
    log,
    blobs: new EventLogBlobStore(log),
    clock,
    ids: sequentialIds("r"),
    config: {
      timeZone: "Europe/Berlin",
      documentTypes: [
        {
          id: "SOP",
          name: "SOP",
          authorRoles: ["author"],
          approvalSlots: [{ id: "qa", title: "QA approval", roles: ["qa"] }],
          retention: { deviceLifetimeYears: 10 },
        },
      ],
      changeOrders: {
        approvalSlots: [{ id: "ccb", title: "CCB", roles: ["ccb"] }],
        originatorRoles: ["author"],
      },
      reviewerRoles: ["qa"],
      documentControlRoles: ["dc"],
    },
  });
  const must = <T>(r: { ok: true; value: T } | { ok: false; rejection: { message: string } }): T => {
    if (!r.ok) throw new Error(r.rejection.message);
    return r.value;
  };
  const issue = async (revisionId: string, description: string) => {
    must(await docs.submitForReview(author, { docId: "SOP-001", revisionId }));
    must(await docs.approveRevision(qa, { docId: "SOP-001", revisionId, slotId: "qa" }));
    const co = must(
      await docs.openChangeOrder(author, {
        title: description,
        description,
        affected: [{ docId: "SOP-001", action: "release", revisionId }],
      }),
    );
    must(await docs.approveChangeOrder(ccb, { changeOrderId: co.changeOrderId, slotId: "ccb" }));
  };
  const a = must(
    await docs.createDocument(author, {
      docId: "SOP-001",
      title: "Cleaning of the filling line",
      docType: "SOP",
      content: "1. Stop the line\n2. Rinse\n",
    }),
  );
  await issue(a.revisionId, "Initial release");
  clock.advance({ days: 7 });
  const b = must(
    await docs.reviseDocument(author, {
      docId: "SOP-001",
      content: "1. Stop the line\n2. Rinse with WFI\n3. Dry\n",
      reason: "CAPA-12",
    }),
  );
  await docs.approveRevision(author, { docId: "SOP-001", revisionId: b.revisionId, slotId: "qa" });
  await issue(b.revisionId, "Rinse with WFI after CAPA-12");
  await log.close();
});

describe("qmskit docs", () => {
  it("DOC-02: docs history prints revisions, approvals with name, local time and meaning, and the trail", async () => {
    const r = await runCli(["docs", "history", "SOP-001", "--db", db]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("current: B since");
    expect(r.out).toMatch(/A\s+superseded/);
    expect(r.out).toContain("Quinn QA (approval, 2026-03-02 10:00:00 +01:00 (Europe/Berlin))");
    expect(r.out).toContain("B effective on 2026-03-09 through");
  });

  it("P11-06: docs history in Markdown and JSON", async () => {
    const md = await runCli(["--format", "markdown", "docs", "history", "SOP-001", "--db", db]);
    expect(md.code).toBe(0);
    expect(md.out).toContain("# Change history: SOP-001 Cleaning of the filling line");
    expect(md.out).toContain("Rinse with WFI after CAPA-12");
    expect(md.out).toContain("## Refused attempts");
    const js = await runCli(["--format", "json", "docs", "history", "SOP-001", "--db", db]);
    const report = JSON.parse(js.out);
    expect(report.revisions.map((r: { label: string }) => r.label)).toEqual(["A", "B"]);
    expect(report.rejections[0]).toMatchObject({ requirement: "P11-07", command: "approveRevision" });
  });

  it("DOC-12: docs diff prints the diff of two revisions read back from the database", async () => {
    const r = await runCli(["docs", "diff", "SOP-001", "A", "B", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("--- SOP-001 A");
    expect(r.out).toContain("-2. Rinse\n+2. Rinse with WFI\n+3. Dry\n");
    const js = JSON.parse(
      (await runCli(["-f", "json", "docs", "diff", "SOP-001", "A", "B", "--db", db])).out,
    );
    expect(js).toMatchObject({ added: 2, removed: 1, from: { label: "A" }, to: { label: "B" } });
  });

  it("reports bad input with exit code 2", async () => {
    expect((await runCli(["docs", "history", "SOP-001"])).code).toBe(2);
    expect((await runCli(["docs", "history", "SOP-001", "--db", "/nonexistent.sqlite"])).code).toBe(2);
    const missing = await runCli(["docs", "history", "SOP-404", "--db", db]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("NOT_FOUND");
    expect((await runCli(["docs", "diff", "SOP-001", "A", "Z", "--db", db])).code).toBe(2);
    expect((await runCli(["-f", "csv", "docs", "history", "SOP-001", "--db", db])).code).toBe(2);
    const junk = join(await mkdtemp(join(tmpdir(), "qmskit-docs-")), "junk.sqlite");
    await writeFile(junk, "not a database");
    expect((await runCli(["docs", "history", "SOP-001", "--db", junk])).code).toBe(2);
  });
});
