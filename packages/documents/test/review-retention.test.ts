import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isQmsError } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import { FileSystemBlobStore, InMemoryBlobStore } from "../src/index.js";
import { approvedSop, ok, people, release, setup, sopWithApprovedChange } from "./fixtures.js";

describe("periodic review, external documents, integrity, retention", () => {
  it("DOC-10: a due review creates a task; the signed verdict resets nextReviewDue or obsoletes", async () => {
    const { docs, clock } = setup();
    const a = await approvedSop(docs);
    await release(docs, [{ docId: "SOP-001", revisionId: a }]);
    const doc = await docs.getDocument("SOP-001");
    expect(doc.nextReviewDue).toBe("2027-03-02T09:00:00.000Z"); // 12 months
    clock.set("2027-03-01T00:00:00Z");
    expect((await docs.tick()).reviewsDue).toEqual([]);
    clock.set("2027-03-02T09:00:00Z");
    expect((await docs.tick()).reviewsDue).toEqual(["SOP-001"]);
    expect((await docs.tick()).reviewsDue).toEqual([]); // one task, not one per tick
    expect((await docs.openTasks()).filter((t) => t.kind === "periodic-review")).toHaveLength(1);
    const refused = await docs.recordPeriodicReview(people.author, {
      docId: "SOP-001",
      verdict: "keepEffective",
      comment: "fine",
    });
    expect(!refused.ok && refused.rejection.requirement).toBe("DOC-10");
    const kept = ok(
      await docs.recordPeriodicReview(people.qa, {
        docId: "SOP-001",
        verdict: "keepEffective",
        comment: "Still valid",
      }),
    );
    expect(kept.nextReviewDue).toBe("2028-03-02T09:00:00.000Z");
    expect(kept.signature).toMatchObject({ signerId: "u-qa", meaning: "periodic review" });
    expect((await docs.openTasks()).filter((t) => t.kind === "periodic-review")).toHaveLength(0);
    const bad = await docs.recordPeriodicReview(people.qa, {
      docId: "SOP-001",
      verdict: "maybe",
      comment: "x",
    } as never);
    expect(!bad.ok && bad.rejection.code).toBe("VALIDATION");
    ok(
      await docs.recordPeriodicReview(people.qa, {
        docId: "SOP-001",
        verdict: "makeObsolete",
        comment: "Retired",
      }),
    );
    const after = await docs.getDocument("SOP-001");
    expect(after.revisions[0]!.status).toBe("obsolete");
    expect(after.nextReviewDue).toBeNull();
    expect(await docs.getEffective("SOP-001")).toBeUndefined();
  });

  it("DOC-11: external documents carry origin, source and version, and distribution is controlled", async () => {
    const { docs } = setup();
    const missing = await docs.createDocument(people.librarian, {
      docId: "EXT-ISO13485",
      title: "ISO 13485",
      docType: "EXT",
      content: "licensed copy",
      origin: { kind: "external", source: "ISO" } as never,
    });
    expect(!missing.ok && missing.rejection.code).toBe("VALIDATION");
    const { revisionId, label } = ok(
      await docs.createDocument(people.librarian, {
        docId: "EXT-ISO13485",
        title: "ISO 13485",
        docType: "EXT",
        content: "licensed copy",
        origin: { kind: "external", source: "ISO", sourceVersion: "2016" },
        distribution: ["qa"],
      }),
    );
    expect(label).toBe("1.0-draft");
    ok(await docs.submitForReview(people.librarian, { docId: "EXT-ISO13485", revisionId }));
    ok(await docs.approveRevision(people.qa, { docId: "EXT-ISO13485", revisionId, slotId: "qa" }));
    await release(docs, [{ docId: "EXT-ISO13485", revisionId }]);
    const doc = await docs.getDocument("EXT-ISO13485");
    expect(doc.origin).toEqual({ kind: "external", source: "ISO", sourceVersion: "2016" });
    const denied = await docs.openForUse(people.operator, "EXT-ISO13485");
    expect(!denied.ok && denied.rejection).toMatchObject({ code: "FORBIDDEN", requirement: "DOC-11" });
    const copy = ok(await docs.openForUse(people.qa, "EXT-ISO13485"));
    expect(copy).toMatchObject({ label: "1.0", text: "licensed copy", marker: null });
    const history = await docs.history("EXT-ISO13485");
    expect(history.origin).toMatchObject({ source: "ISO", sourceVersion: "2016" });
    expect(history.rejections.map((r) => r.requirement)).toEqual(["P11-08", "DOC-11"]);
  });

  it("DOC-12: content is stored by hash and any byte change is detected on read", async () => {
    const blobs = new InMemoryBlobStore();
    const { docs } = setup({ blobs });
    const a = await approvedSop(docs);
    const doc = await docs.getDocument("SOP-001");
    const hash = doc.revisions[0]!.content.hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await docs.readRevision("SOP-001", a)).text).toBe("Step 1\nStep 2\n");
    expect(await docs.verifyDocument("SOP-001")).toEqual([]);
    blobs.corruptForTesting(hash, new TextEncoder().encode("Step 1\nStep 3\n"));
    await expect(docs.readRevision("SOP-001", a)).rejects.toSatisfy((e) => isQmsError(e, "INTEGRITY"));
    const problems = await docs.verifyDocument("SOP-001");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problem).toMatch(/^INTEGRITY/);
  });

  it("DOC-12: the filesystem blob store verifies on read and writes atomically", async () => {
    const root = await mkdtemp(join(tmpdir(), "qmskit-blobs-"));
    const blobs = new FileSystemBlobStore(root);
    const hash = await blobs.put(new TextEncoder().encode("hello"));
    expect(await blobs.put(new TextEncoder().encode("hello"))).toBe(hash);
    expect(new TextDecoder().decode(await blobs.get(hash))).toBe("hello");
    expect(await readdir(join(root, hash.slice(0, 2)))).toEqual([hash]);
    await writeFile(join(root, hash.slice(0, 2), hash), "hellp");
    await expect(blobs.get(hash)).rejects.toSatisfy((e) => isQmsError(e, "INTEGRITY"));
    await expect(blobs.get("../../etc/passwd")).rejects.toSatisfy((e) => isQmsError(e, "VALIDATION"));
    await expect(blobs.get("0".repeat(64))).rejects.toSatisfy((e) => isQmsError(e, "NOT_FOUND"));
    await blobs.delete(hash);
    expect(await blobs.has(hash)).toBe(false);
  });

  it("DOC-13: retired revisions cannot be purged before device lifetime, 2 years, and linked records allow", async () => {
    const { docs, clock, blobs } = setup();
    const { a, b } = await sopWithApprovedChange(docs);
    const current = await docs.purgeRevision(people.docControl, {
      docId: "SOP-001",
      revisionId: a,
      reason: "cleanup",
    });
    expect(!current.ok && current.rejection).toMatchObject({ code: "INVALID_STATE", requirement: "DOC-13" });
    ok(
      await docs.linkRecord(people.qa, {
        docId: "SOP-001",
        revisionId: a,
        recordId: "BATCH-77",
        retainUntil: "2040-01-01T00:00:00Z",
      }),
    );
    clock.advance({ days: 1 });
    await release(docs, [{ docId: "SOP-001", revisionId: b }]); // A retired 2026-03-03
    clock.set("2036-03-04T00:00:00Z"); // device lifetime (10 y) passed, the batch record still kept
    const early = await docs.purgeRevision(people.docControl, {
      docId: "SOP-001",
      revisionId: a,
      reason: "cleanup",
    });
    expect(!early.ok && early.rejection).toMatchObject({
      code: "FORBIDDEN",
      requirement: "DOC-13",
      details: { retainUntil: "2040-01-01T00:00:00.000Z" },
    });
    const notDc = await docs.purgeRevision(people.qa, { docId: "SOP-001", revisionId: a, reason: "cleanup" });
    expect(!notDc.ok && notDc.rejection.code).toBe("FORBIDDEN");
    clock.set("2040-01-01T00:00:00Z");
    const purged = ok(
      await docs.purgeRevision(people.docControl, {
        docId: "SOP-001",
        revisionId: a,
        reason: "retention ended",
      }),
    );
    expect(purged.contentDeleted).toBe(true);
    const hash = (await docs.getDocument("SOP-001")).revisions[0]!.content.hash;
    expect(await blobs.has(hash)).toBe(false);
    await expect(docs.readRevision("SOP-001", a)).rejects.toSatisfy((e) => isQmsError(e, "NOT_FOUND"));
    // the history (tombstone) remains
    const history = await docs.history("SOP-001");
    expect(history.revisions[0]).toMatchObject({ label: "A", status: "superseded", purged: true });
  });

  it("DOC-13: the minimum retention is two years even with a short device lifetime", async () => {
    const { docs, clock } = setup();
    const { revisionId } = ok(
      await docs.createDocument(people.author, { docId: "WI-1", title: "T", docType: "WI", content: "x" }),
    );
    expect((await docs.getDocument("WI-1")).revisions[0]!.label).toBe("0.1");
    ok(await docs.submitForReview(people.author, { docId: "WI-1", revisionId }));
    ok(await docs.approveRevision(people.qa, { docId: "WI-1", revisionId, slotId: "qa" }));
    await release(docs, [{ docId: "WI-1", revisionId }]);
    const r2 = ok(
      await docs.reviseDocument(people.author, { docId: "WI-1", content: "y", reason: "r", change: "minor" }),
    );
    expect(r2.label).toBe("1.1");
    ok(await docs.submitForReview(people.author, { docId: "WI-1", revisionId: r2.revisionId }));
    expect(
      ok(await docs.approveRevision(people.qa, { docId: "WI-1", revisionId: r2.revisionId, slotId: "qa" }))
        .label,
    ).toBe("1.1");
    await release(docs, [{ docId: "WI-1", revisionId: r2.revisionId }]);
    clock.advance({ days: 400 }); // > 1 year device lifetime, < 2 years
    const early = await docs.purgeRevision(people.docControl, { docId: "WI-1", revisionId, reason: "x" });
    expect(!early.ok && early.rejection.requirement).toBe("DOC-13");
    clock.advance({ days: 400 });
    ok(await docs.purgeRevision(people.docControl, { docId: "WI-1", revisionId, reason: "x" }));
  });
});
