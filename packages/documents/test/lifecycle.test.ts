import { describe, expect, it } from "vitest";
import { approvedSop, ok, people, release, setup, sopWithApprovedChange } from "./fixtures.js";

describe("revision lifecycle", () => {
  it("DOC-06: document and revision ids are immutable and one revision is current at any instant", async () => {
    const { docs, clock } = setup();
    const { a, b } = await sopWithApprovedChange(docs);
    const before = clock.now();
    clock.advance({ days: 1 });
    await release(docs, [{ docId: "SOP-001", revisionId: b }]);
    const doc = await docs.getDocument("SOP-001");
    expect(doc.revisions.map((r) => [r.revisionId, r.label, r.status])).toEqual([
      [a, "A", "superseded"],
      [b, "B", "effective"],
    ]);
    expect((await docs.getEffective("SOP-001", before))?.revisionId).toBe(a);
    expect((await docs.getEffective("SOP-001"))?.revisionId).toBe(b);
    const dup = await docs.createDocument(people.author, {
      docId: "SOP-001",
      title: "again",
      docType: "SOP",
      content: "x",
    });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.rejection).toMatchObject({ code: "CONFLICT", requirement: "DOC-06" });
  });

  it("DOC-01: a revision cannot become effective while an approval slot is empty", async () => {
    const { docs } = setup();
    const { revisionId } = ok(
      await docs.createDocument(people.author, { docId: "SOP-9", title: "T", docType: "SOP", content: "x" }),
    );
    ok(await docs.submitForReview(people.author, { docId: "SOP-9", revisionId }));
    ok(await docs.approveRevision(people.owner, { docId: "SOP-9", revisionId, slotId: "owner" }));
    const co = ok(
      await docs.openChangeOrder(people.author, {
        title: "Issue SOP-9",
        description: "first issue",
        affected: [{ docId: "SOP-9", action: "release", revisionId }],
      }),
    );
    const r = await docs.approveChangeOrder(people.ccb, { changeOrderId: co.changeOrderId, slotId: "ccb" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection.requirement).toBe("DOC-01");
      expect(r.rejection.details).toMatchObject({ missingSlots: ["qa"] });
    }
    expect(await docs.getEffective("SOP-9")).toBeUndefined();
    // after the missing slot is signed the same change order goes through
    ok(await docs.approveRevision(people.qa, { docId: "SOP-9", revisionId, slotId: "qa" }));
    ok(await docs.approveChangeOrder(people.ccb, { changeOrderId: co.changeOrderId, slotId: "ccb" }));
    expect((await docs.getEffective("SOP-9"))?.label).toBe("A");
  });

  it("DOC-02: each approval stores signer id, printed name, UTC time, site zone and meaning", async () => {
    const { docs } = setup();
    const rev = await approvedSop(docs);
    const doc = await docs.getDocument("SOP-001");
    const approvals = doc.revisions.find((r) => r.revisionId === rev)!.approvals;
    expect(approvals).toHaveLength(2);
    expect(approvals[0]).toMatchObject({
      slotId: "owner",
      role: "process-owner",
      timeZone: "Europe/Berlin",
      signature: { signerId: "u-owner", printedName: "Otto Owner", meaning: "approval" },
    });
    expect(approvals[0]!.signature.signedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("DOC-03: only a designated approver role may approve; the refusal is audited", async () => {
    const { docs, log } = setup();
    const { revisionId } = ok(
      await docs.createDocument(people.author, { docId: "SOP-2", title: "T", docType: "SOP", content: "x" }),
    );
    ok(await docs.submitForReview(people.author, { docId: "SOP-2", revisionId }));
    const r = await docs.approveRevision(people.author, { docId: "SOP-2", revisionId, slotId: "qa" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection).toMatchObject({ code: "FORBIDDEN", requirement: "DOC-03" });
    const audit = await log.read("documents:rejections");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      type: "document.command-rejected",
      actor: { id: "u-author" },
      data: { command: "approveRevision", requirement: "DOC-03", recordId: "document:SOP-2" },
    });
    expect((await docs.getDocument("SOP-2")).revisions[0]!.approvals).toHaveLength(0);
  });

  it("DOC-04: a change must be approved by the original approving functions unless designated", async () => {
    const { docs } = setup();
    const a = await approvedSop(docs); // approved by process-owner + qa
    await release(docs, [{ docId: "SOP-001", revisionId: a }]);
    const { revisionId: b } = ok(
      await docs.reviseDocument(people.author, { docId: "SOP-001", content: "changed", reason: "update" }),
    );
    ok(await docs.submitForReview(people.author, { docId: "SOP-001", revisionId: b }));
    // the owner slot also admits ops-manager, another function than the original process-owner
    ok(await docs.approveRevision(people.ops, { docId: "SOP-001", revisionId: b, slotId: "owner" }));
    const r = await docs.approveRevision(people.qa, { docId: "SOP-001", revisionId: b, slotId: "qa" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection).toMatchObject({ code: "FORBIDDEN", requirement: "DOC-04" });
      expect(r.rejection.details).toMatchObject({ missingRoles: ["process-owner"] });
    }
    // a designation record makes ops-manager + qa acceptable
    const refused = await docs.designateApprovers(people.author, {
      docId: "SOP-001",
      roles: ["ops-manager", "qa"],
      justification: "x",
    });
    expect(refused.ok).toBe(false);
    ok(
      await docs.designateApprovers(people.docControl, {
        docId: "SOP-001",
        roles: ["ops-manager", "qa"],
        justification: "Process ownership moved to operations (org chart 2026-02)",
      }),
    );
    const r2 = ok(await docs.approveRevision(people.qa, { docId: "SOP-001", revisionId: b, slotId: "qa" }));
    expect(r2).toMatchObject({ approved: true, label: "B" });
  });

  it("DOC-15: approved content is immutable; a change creates a new draft revision", async () => {
    const { docs } = setup();
    const a = await approvedSop(docs);
    const edit = await docs.editDraft(people.author, {
      docId: "SOP-001",
      revisionId: a,
      content: "tampered",
    });
    expect(edit.ok).toBe(false);
    if (!edit.ok) expect(edit.rejection).toMatchObject({ code: "INVALID_STATE", requirement: "DOC-15" });
    await release(docs, [{ docId: "SOP-001", revisionId: a }]);
    const again = await docs.editDraft(people.author, {
      docId: "SOP-001",
      revisionId: "A",
      content: "tampered",
    });
    expect(again.ok).toBe(false);
    const b = ok(await docs.reviseDocument(people.author, { docId: "SOP-001", content: "new", reason: "r" }));
    expect(b.label).toBe("B-draft1");
    expect((await docs.readRevision("SOP-001", "A")).text).toBe("Step 1\nStep 2\n");
    // drafts may be edited, and each edit bumps the draft number
    expect(
      ok(
        await docs.editDraft(people.author, { docId: "SOP-001", revisionId: b.revisionId, content: "newer" }),
      ).label,
    ).toBe("B-draft2");
  });

  it("P11-07: commands out of sequence are refused and audited", async () => {
    const { docs, log } = setup();
    const { revisionId } = ok(
      await docs.createDocument(people.author, { docId: "SOP-3", title: "T", docType: "SOP", content: "x" }),
    );
    const r = await docs.approveRevision(people.qa, { docId: "SOP-3", revisionId, slotId: "qa" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection).toMatchObject({ code: "INVALID_STATE", requirement: "P11-07" });
    const bad = await docs.createDocument(people.author, {
      docId: "bad id!",
      title: "",
      docType: "SOP",
      content: "x",
    } as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.rejection.code).toBe("VALIDATION");
    expect(await log.read("documents:rejections")).toHaveLength(2);
  });
});
