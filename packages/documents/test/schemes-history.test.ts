import { InMemoryEventLog, isQmsError } from "@qmskit/core";
import { describe, expect, it } from "vitest";
import {
  customRevisions,
  DocumentService,
  documentHistory,
  EffectiveIndex,
  EventLogBlobStore,
  letterRevisions,
  numericRevisions,
  parseDocumentsConfig,
  renderHistoryMarkdown,
  revisionRecordId,
  safeParseDocumentsConfig,
  signatureMatches,
} from "../src/index.js";
import { config, ok, people, release, setup, sopWithApprovedChange } from "./fixtures.js";

describe("revision labelling schemes", () => {
  it("letters: A..Z, then AA, AB; optional skipped letters", () => {
    const s = letterRevisions();
    expect(s.releaseLabel(undefined, "major")).toBe("A");
    expect(s.releaseLabel("A", "minor")).toBe("B");
    expect(s.releaseLabel("Z", "major")).toBe("AA");
    expect(s.releaseLabel("AZ", "major")).toBe("BA");
    expect(s.releaseLabel("ZZ", "major")).toBe("AAA");
    expect(s.draftLabel("C", 2, "major")).toBe("D-draft2");
    const drawing = letterRevisions({ skip: "IOQSXZ" });
    expect(drawing.releaseLabel("H", "major")).toBe("J");
    expect(drawing.releaseLabel("Y", "major")).toBe("AA");
    expect(() => s.releaseLabel("a1", "major")).toThrow(/not a letter revision/);
  });

  it("numeric major.minor with 0.x drafts or n.x-draft drafts", () => {
    const zero = numericRevisions();
    expect(zero.draftLabel(undefined, 1, "major")).toBe("0.1");
    expect(zero.draftLabel(undefined, 3, "major")).toBe("0.3");
    expect(zero.releaseLabel(undefined, "major")).toBe("1.0");
    expect(zero.releaseLabel("1.0", "minor")).toBe("1.1");
    expect(zero.releaseLabel("1.9", "minor")).toBe("1.10");
    expect(zero.releaseLabel("1.4", "major")).toBe("2.0");
    expect(zero.draftLabel("2.0", 1, "major")).toBe("2.1");
    const suffix = numericRevisions({ drafts: "suffix" });
    expect(suffix.draftLabel(undefined, 1, "major")).toBe("1.0-draft");
    expect(suffix.draftLabel("1.0", 1, "minor")).toBe("1.1-draft");
    expect(suffix.draftLabel("1.0", 2, "major")).toBe("2.0-draft.2");
    expect(() => zero.releaseLabel("v1", "major")).toThrow(/major.minor/);
  });

  it("host-defined schemes are used by document types and their labels are checked", async () => {
    const yearly = customRevisions("yearly", {
      releaseLabel: (last) => (last ? `R${Number(last.slice(1)) + 1}` : "R1"),
      draftLabel: (_last, n) => `WIP-${n}`,
    });
    expect(yearly.releaseLabel("R4", "major")).toBe("R5");
    const broken = customRevisions("broken", { releaseLabel: () => "", draftLabel: () => "bad\nlabel" });
    expect(() => broken.draftLabel(undefined, 1, "major")).toThrow(/invalid label/);
    const { log, blobs, clock } = setup();
    const cfg = {
      ...config,
      documentTypes: config.documentTypes.map((t) =>
        t.id === "WI" ? { ...t, revisionScheme: "yearly" } : t,
      ),
    };
    expect(() => new DocumentService({ log, blobs, clock, ids: { next: () => "x" }, config: cfg })).toThrow(
      /not registered/,
    );
    let n = 0;
    const docs = new DocumentService({
      log,
      blobs,
      clock,
      ids: { next: () => `r${++n}` },
      config: cfg,
      revisionSchemes: { yearly },
    });
    const { revisionId, label } = ok(
      await docs.createDocument(people.author, { docId: "WI-7", title: "T", docType: "WI", content: "x" }),
    );
    expect(label).toBe("WIP-1");
    ok(await docs.submitForReview(people.author, { docId: "WI-7", revisionId }));
    expect(ok(await docs.approveRevision(people.qa, { docId: "WI-7", revisionId, slotId: "qa" })).label).toBe(
      "R1",
    );
  });
});

describe("configuration and hostile input", () => {
  it("rejects an invalid configuration with every problem listed", () => {
    expect(() => parseDocumentsConfig({ ...config, timeZone: "Mars/Olympus" })).toThrow(/time zone/);
    const r = safeParseDocumentsConfig({
      ...config,
      documentTypes: [{ ...config.documentTypes[0], approvalSlots: [] }],
    });
    expect(r.success).toBe(false);
    try {
      parseDocumentsConfig({ ...config, reviewerRoles: [] });
    } catch (e) {
      expect(isQmsError(e, "VALIDATION")).toBe(true);
    }
  });

  it("P11-08: malformed actors and inputs are refused and audited, never crash or pollute prototypes", async () => {
    const { docs, log } = setup();
    const inputs: unknown[] = [
      null,
      42,
      { docId: "__proto__", title: "x", docType: "SOP", content: "x" },
      JSON.parse('{"docId":"SOP-1","title":"x","docType":"SOP","content":"x","__proto__":{"polluted":true}}'),
      { docId: "SOP-1", title: "x", docType: "constructor", content: "x" },
      { docId: "SOP-1".repeat(100), title: "x", docType: "SOP", content: "x" },
    ];
    for (const input of inputs) {
      const r = await docs.createDocument(people.author, input as never);
      if (r.ok) expect((input as { docId: string }).docId).toBe("SOP-1");
    }
    const noActor = await docs.createDocument({ id: "" } as never, {
      docId: "S",
      title: "t",
      docType: "SOP",
      content: "x",
    });
    expect(!noActor.ok && noActor.rejection.code).toBe("VALIDATION");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const audit = await log.read("documents:rejections");
    expect(audit.length).toBeGreaterThanOrEqual(5);
    await expect(docs.readRevision("nope", "A")).rejects.toSatisfy((e) => isQmsError(e, "NOT_FOUND"));
  });
});

describe("content in the event log, history and diff", () => {
  it("DOC-12: EventLogBlobStore keeps content in the log, chunked, verified on read", async () => {
    const log = new InMemoryEventLog();
    const blobs = new EventLogBlobStore(log, { chunkBytes: 1000 });
    const bytes = new Uint8Array(4500).map((_, i) => i % 251);
    const hash = await blobs.put(bytes);
    expect(await blobs.put(bytes)).toBe(hash);
    expect(await log.streamVersion(`blob:${hash}`)).toBe(5);
    expect(await blobs.get(hash)).toEqual(bytes);
    await expect(blobs.delete(hash)).rejects.toSatisfy((e) => isQmsError(e, "UNSUPPORTED"));
    await expect(blobs.get("f".repeat(64))).rejects.toSatisfy((e) => isQmsError(e, "NOT_FOUND"));
  });

  it("DOC-02: the history report shows approvals with printed name, local time with zone and meaning", async () => {
    const { docs, log } = setup();
    const { b } = await sopWithApprovedChange(docs);
    await docs.approveRevision(people.intruder, { docId: "SOP-001", revisionId: b, slotId: "qa" });
    await release(docs, [{ docId: "SOP-001", revisionId: b }]);
    const report = await docs.history("SOP-001");
    expect(report.current?.label).toBe("B");
    expect(report.revisions.map((r) => [r.label, r.status])).toEqual([
      ["A", "superseded"],
      ["B", "effective"],
    ]);
    expect(report.revisions[1]!.approvals[0]).toMatchObject({
      printedName: "Otto Owner",
      signerId: "u-owner",
      meaning: "approval",
      signedAtLocal: "2026-03-02 10:00:00 +01:00 (Europe/Berlin)",
    });
    expect(report.changeOrders).toHaveLength(2);
    expect(report.rejections).toHaveLength(1);
    expect(report.trail.length).toBe((await log.read("document:SOP-001")).length);
    const md = renderHistoryMarkdown(report);
    expect(md).toContain("# Change history: SOP-001 Cleaning");
    expect(md).toContain(
      "| owner | Otto Owner | u-owner | process-owner | approval | 2026-03-02 10:00:00 +01:00 (Europe/Berlin)",
    );
    expect(md).toContain("Release of the listed revisions");
    expect(md).toContain("## Refused attempts");
    expect(md).toContain("B effective on 2026-03-02");
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("diffs any two revisions by label or id", async () => {
    const { docs } = setup();
    const { a, b } = await sopWithApprovedChange(docs);
    const d = await docs.diff("SOP-001", "A", b);
    expect(d.from).toMatchObject({ revisionId: a, label: "A" });
    expect(d.to.label).toBe("B");
    expect(d.added).toBe(2);
    expect(d.removed).toBe(1);
    expect(d.patch).toContain("-Step 2\n+Step 2a\n+Step 3\n");
    expect(d.patch).toContain("--- SOP-001 A");
    await expect(docs.diff("SOP-001", "A", "Q")).rejects.toSatisfy((e) => isQmsError(e, "NOT_FOUND"));
  });

  it("P11-11: an approval signature is bound to its revision and content hash", async () => {
    const { docs } = setup();
    const { a, b } = await sopWithApprovedChange(docs);
    const doc = await docs.getDocument("SOP-001");
    const [revA, revB] = doc.revisions;
    const sig = revA!.approvals[0]!.signature;
    const manifest = (r: typeof revA) => ({
      docId: "SOP-001",
      revisionId: r!.revisionId,
      contentSha256: r!.content.hash,
      mediaType: r!.content.mediaType,
    });
    expect(signatureMatches(sig, revisionRecordId("SOP-001", a), revA!.draftNo, manifest(revA))).toBe(true);
    expect(signatureMatches(sig, revisionRecordId("SOP-001", b), revB!.draftNo, manifest(revB))).toBe(false);
    expect(
      signatureMatches(sig, revisionRecordId("SOP-001", a), revA!.draftNo, {
        ...manifest(revA),
        contentSha256: revB!.content.hash,
      }),
    ).toBe(false);
  });

  it("a malformed event in a damaged store is an INTEGRITY error, and point of use never serves it", async () => {
    const { log } = setup();
    const actor = people.author;
    await log.append("document:BAD-1", [{ type: "document.registered", data: null, actor }], {
      expectedVersion: 0,
    });
    await expect(documentHistory(log, "BAD-1")).rejects.toSatisfy((e) => isQmsError(e, "INTEGRITY"));
    await log.append(
      "document:BAD-2",
      [
        { type: "document.revision-effective", data: "garbage", actor },
        { type: "document.revision-effective", data: { revisionId: 7 }, actor },
      ],
      { expectedVersion: 0 },
    );
    const index = await new EffectiveIndex().catchUp(log);
    expect(index.getEffective("BAD-2", Date.now())).toBeUndefined();
    expect(index.position).toBe(3);
  });
});
