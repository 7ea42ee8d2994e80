import { isQmsError, sequentialIds } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import { DocumentService } from "../src/index.js";
import { approvedSop, config, ok, people, release, setup, sopWithApprovedChange } from "./fixtures.js";

describe("change orders and effectiveness", () => {
  it("DOC-05: a change record needs description, affected documents, signatures and effective ≥ approval date", async () => {
    const { docs } = setup(); // 2026-03-02 09:00Z = 10:00 in Berlin
    const a = await approvedSop(docs);
    const noDesc = await docs.openChangeOrder(people.author, {
      title: "x",
      description: "  ",
      affected: [{ docId: "SOP-001", action: "release", revisionId: a }],
    });
    expect(!noDesc.ok && noDesc.rejection.requirement).toBe("DOC-05");
    const noDocs = await docs.openChangeOrder(people.author, { title: "x", description: "d", affected: [] });
    expect(!noDocs.ok && noDocs.rejection.requirement).toBe("DOC-05");
    const co = ok(
      await docs.openChangeOrder(people.author, {
        changeOrderId: "DCO-2026-001",
        title: "Issue",
        description: "First issue of the cleaning SOP",
        affected: [{ docId: "SOP-001", action: "release", revisionId: a }],
        effectiveDate: "2026-03-01",
      }),
    );
    const early = await docs.approveChangeOrder(people.ccb, {
      changeOrderId: co.changeOrderId,
      slotId: "ccb",
    });
    expect(early.ok).toBe(false);
    if (!early.ok) {
      expect(early.rejection).toMatchObject({ code: "VALIDATION", requirement: "DOC-05" });
      expect(early.rejection.details).toEqual({ approvalDate: "2026-03-02", effectiveDate: "2026-03-01" });
    }
    const wrongSigner = await docs.approveChangeOrder(people.qa, {
      changeOrderId: co.changeOrderId,
      slotId: "ccb",
    });
    expect(!wrongSigner.ok && wrongSigner.rejection.requirement).toBe("DOC-03");
    const done = ok(
      await docs.approveChangeOrder(people.ccb, {
        changeOrderId: co.changeOrderId,
        slotId: "ccb",
        effectiveDate: "2026-03-02",
      }),
    );
    expect(done.status).toBe("implemented");
    const stored = await docs.getChangeOrder("DCO-2026-001");
    expect(stored).toMatchObject({
      description: "First issue of the cleaning SOP",
      approvalDate: "2026-03-02",
      effectiveDate: "2026-03-02",
      status: "implemented",
    });
    expect(stored.approvals[0]!.signature).toMatchObject({ signerId: "u-ccb", meaning: "approval" });
  });

  it("DOC-08: a change order makes several revisions effective atomically and supersedes their predecessors", async () => {
    const { docs, log } = setup();
    const one = await sopWithApprovedChange(docs, "SOP-001");
    const two = await sopWithApprovedChange(docs, "SOP-002");
    const positionBefore = (await log.head()).position;
    const { status } = await release(docs, [
      { docId: "SOP-001", revisionId: one.b },
      { docId: "SOP-002", revisionId: two.b },
    ]);
    expect(status).toBe("implemented");
    const appended = await log.readAll({ fromPosition: positionBefore + 1 });
    // the opening of the change order, then one atomic append: CO approval + both documents
    const atomic = appended.slice(1);
    expect(new Set(atomic.map((e) => e.recordedAt)).size).toBe(1);
    expect(atomic.map((e) => `${e.streamId} ${e.type}`)).toEqual(
      expect.arrayContaining([
        "document:SOP-001 document.revision-effective",
        "document:SOP-002 document.revision-effective",
      ]),
    );
    for (const id of ["SOP-001", "SOP-002"]) {
      const doc = await docs.getDocument(id);
      expect(doc.revisions.map((r) => r.status)).toEqual(["superseded", "effective"]);
    }
    // an archived superseded copy carries its marker
    const old = await docs.readRevision("SOP-001", "A");
    expect(old.marker).toBe("SUPERSEDED");
  });

  it("DOC-08: when one document of a change order fails, none becomes effective", async () => {
    const { docs } = setup();
    const one = await sopWithApprovedChange(docs, "SOP-001");
    const a2 = await approvedSop(docs, "SOP-002");
    await release(docs, [{ docId: "SOP-002", revisionId: a2 }]);
    const { revisionId: b2 } = ok(
      await docs.reviseDocument(people.author, { docId: "SOP-002", content: "v2", reason: "r" }),
    );
    const r = await docs.openChangeOrder(people.author, {
      title: "Both",
      description: "Release both",
      affected: [
        { docId: "SOP-001", action: "release", revisionId: one.b },
        { docId: "SOP-002", action: "release", revisionId: b2 },
      ],
    });
    const co = ok(r);
    const approve = await docs.approveChangeOrder(people.ccb, {
      changeOrderId: co.changeOrderId,
      slotId: "ccb",
    });
    expect(approve.ok).toBe(false);
    expect((await docs.getEffective("SOP-001"))?.label).toBe("A");
    expect((await docs.getChangeOrder(co.changeOrderId)).status).toBe("open");
  });

  it("DOC-08: a concurrent second approval of the same revision gets a CONCURRENCY error, never two effective revisions", async () => {
    const { docs } = setup();
    const { b } = await sopWithApprovedChange(docs);
    const open = async () =>
      ok(
        await docs.openChangeOrder(people.author, {
          title: "Release B",
          description: "Release B",
          affected: [{ docId: "SOP-001", action: "release", revisionId: b }],
        }),
      ).changeOrderId;
    const [co1, co2] = [await open(), await open()];
    const results = await Promise.allSettled([
      docs.approveChangeOrder(people.ccb, { changeOrderId: co1, slotId: "ccb" }),
      docs.approveChangeOrder(people.ccb, { changeOrderId: co2, slotId: "ccb" }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled" && r.value.ok);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(isQmsError((rejected[0] as PromiseRejectedResult).reason, "CONCURRENCY")).toBe(true);
    const doc = await docs.getDocument("SOP-001");
    expect(doc.revisions.filter((r) => r.status === "effective")).toHaveLength(1);
    // the same slot signed twice at once on one revision: one wins, one CONCURRENCY
    const { revisionId: c } = ok(
      await docs.reviseDocument(people.author, { docId: "SOP-001", content: "C", reason: "r" }),
    );
    ok(await docs.submitForReview(people.author, { docId: "SOP-001", revisionId: c }));
    const twice = await Promise.allSettled([
      docs.approveRevision(people.qa, { docId: "SOP-001", revisionId: c, slotId: "qa" }),
      docs.approveRevision(people.qa2, { docId: "SOP-001", revisionId: c, slotId: "qa" }),
    ]);
    expect(twice.filter((r) => r.status === "rejected" && isQmsError(r.reason, "CONCURRENCY"))).toHaveLength(
      1,
    );
    expect((await docs.getDocument("SOP-001")).revisions.at(-1)!.approvals).toHaveLength(1);
  });

  it("DOC-07: getEffective never returns a draft, in-review, approved, superseded or obsolete revision", async () => {
    const { docs, clock } = setup();
    const { revisionId } = ok(
      await docs.createDocument(people.author, { docId: "SOP-5", title: "T", docType: "SOP", content: "x" }),
    );
    expect(await docs.getEffective("SOP-5")).toBeUndefined(); // draft
    ok(await docs.submitForReview(people.author, { docId: "SOP-5", revisionId }));
    expect(await docs.getEffective("SOP-5")).toBeUndefined(); // in review
    ok(await docs.approveRevision(people.owner, { docId: "SOP-5", revisionId, slotId: "owner" }));
    ok(await docs.approveRevision(people.qa, { docId: "SOP-5", revisionId, slotId: "qa" }));
    expect(await docs.getEffective("SOP-5")).toBeUndefined(); // approved only
    await release(docs, [{ docId: "SOP-5", revisionId }]);
    const effectiveAt = clock.now();
    expect((await docs.getEffective("SOP-5"))?.revisionId).toBe(revisionId);
    clock.advance({ days: 3 });
    const co = ok(
      await docs.openChangeOrder(people.author, {
        title: "Withdraw",
        description: "Process discontinued",
        affected: [{ docId: "SOP-5", action: "obsolete" }],
      }),
    );
    ok(await docs.approveChangeOrder(people.ccb, { changeOrderId: co.changeOrderId, slotId: "ccb" }));
    expect(await docs.getEffective("SOP-5")).toBeUndefined(); // obsolete
    expect((await docs.getEffective("SOP-5", effectiveAt))?.revisionId).toBe(revisionId); // history kept
    const copy = await docs.readRevision("SOP-5", revisionId);
    expect(copy.marker).toBe("OBSOLETE");
    const use = await docs.openForUse(people.operator, "SOP-5");
    expect(!use.ok && use.rejection.requirement).toBe("DOC-07");
  });

  it("DOC-14: a future effective date is pending; the old revision is served until that day begins in the site zone", async () => {
    const { docs, clock } = setup();
    const { a, b } = await sopWithApprovedChange(docs);
    const { changeOrderId, status } = await release(
      docs,
      [{ docId: "SOP-001", revisionId: b }],
      "2026-03-10",
    );
    expect(status).toBe("approved");
    expect((await docs.getDocument("SOP-001")).revisions.find((r) => r.revisionId === b)?.status).toBe(
      "approved-pending-effective",
    );
    // 2026-03-09 23:30 Berlin = 22:30Z: still the old one, even after a tick
    clock.set("2026-03-09T22:30:00Z");
    expect((await docs.tick()).implemented).toEqual([]);
    expect((await docs.getEffective("SOP-001"))?.revisionId).toBe(a);
    // 2026-03-10 00:00 Berlin = 2026-03-09T23:00Z
    clock.set("2026-03-09T23:00:00Z");
    expect(await docs.tick()).toMatchObject({ implemented: [changeOrderId] });
    expect((await docs.getEffective("SOP-001"))?.revisionId).toBe(b);
    expect((await docs.getEffective("SOP-001", new Date("2026-03-09T22:59:59Z")))?.revisionId).toBe(a);
    // idempotent
    expect((await docs.tick()).implemented).toEqual([]);
  });

  it("DOC-09: training and notification tasks with due dates are created for the affected roles", async () => {
    const { docs } = setup();
    const a = await approvedSop(docs);
    await release(docs, [{ docId: "SOP-001", revisionId: a }]);
    const tasks = await docs.openTasks();
    expect(tasks.map((t) => [t.kind, t.role, t.dueAt])).toEqual([
      ["training", "operator", "2026-03-16T09:00:00.000Z"],
      ["notification", "supervisor", "2026-03-04T09:00:00.000Z"],
    ]);
    expect(tasks.every((t) => t.revisionId === a && t.docId === "SOP-001")).toBe(true);
  });

  it("DOC-07: after a document was made obsolete, the gap until a later re-issue serves nothing", async () => {
    const { docs, clock } = setup();
    const a = await approvedSop(docs);
    await release(docs, [{ docId: "SOP-001", revisionId: a }]);
    const { revisionId: b } = ok(
      await docs.reviseDocument(people.author, { docId: "SOP-001", content: "v2", reason: "r" }),
    );
    clock.advance({ hours: 1 });
    ok(
      await docs.recordPeriodicReview(people.qa, {
        docId: "SOP-001",
        verdict: "makeObsolete",
        comment: "withdrawn",
      }),
    );
    const gap = clock.now();
    clock.advance({ hours: 1 });
    ok(await docs.submitForReview(people.author, { docId: "SOP-001", revisionId: b }));
    ok(await docs.approveRevision(people.owner, { docId: "SOP-001", revisionId: b, slotId: "owner" }));
    ok(await docs.approveRevision(people.qa, { docId: "SOP-001", revisionId: b, slotId: "qa" }));
    await release(docs, [{ docId: "SOP-001", revisionId: b }]);
    expect(await docs.getEffective("SOP-001", gap)).toBeUndefined();
    expect((await docs.getEffective("SOP-001"))?.revisionId).toBe(b);
  });

  it("DOC-14: two schedulers ticking at once implement a change order once; the other skips", async () => {
    const { docs, clock, log, blobs } = setup();
    const { b } = await sopWithApprovedChange(docs);
    await release(docs, [{ docId: "SOP-001", revisionId: b }], "2026-03-05");
    const other = new DocumentService({ log, blobs, clock, ids: sequentialIds("other"), config });
    clock.set("2026-03-05T06:00:00Z");
    const [one, two] = await Promise.all([docs.tick(), other.tick()]);
    expect(one.implemented.length + two.implemented.length).toBe(1);
    expect(one.skipped + two.skipped).toBe(1);
    const doc = await docs.getDocument("SOP-001");
    expect(doc.revisions.map((r) => r.status)).toEqual(["superseded", "effective"]);
  });
});
