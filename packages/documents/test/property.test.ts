import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DocumentService } from "../src/index.js";
import { people, setup } from "./fixtures.js";

const DOCS = ["SOP-A", "SOP-B", "SOP-C"] as const;
const signers = [people.owner, people.ops, people.qa, people.qa2, people.author, people.intruder];

type Cmd =
  | { kind: "create" | "revise" | "edit" | "submit"; doc: number }
  | { kind: "approve"; doc: number; slot: "owner" | "qa"; signer: number }
  | { kind: "co"; docs: number[]; obsolete: boolean; days: number }
  | { kind: "advance"; hours: number }
  | { kind: "tick" }
  | { kind: "progress"; doc: number; days: number }
  | { kind: "review"; doc: number; verdict: "keepEffective" | "needsRevision" | "makeObsolete" };

const noise: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("create", "revise", "edit", "submit"),
    doc: fc.nat(2),
  }) as fc.Arbitrary<Cmd>,
  fc.record({
    kind: fc.constant("approve" as const),
    doc: fc.nat(2),
    slot: fc.constantFrom("owner" as const, "qa" as const),
    signer: fc.nat(signers.length - 1),
  }),
  fc.record({
    kind: fc.constant("co" as const),
    docs: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 3 }),
    obsolete: fc.boolean(),
    days: fc.integer({ min: -1, max: 3 }),
  }),
  fc.record({ kind: fc.constant("advance" as const), hours: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant("tick" as const) }),
  fc.record({
    kind: fc.constant("review" as const),
    doc: fc.nat(2),
    verdict: fc.constantFrom("keepEffective" as const, "needsRevision" as const, "makeObsolete" as const),
  }),
);

const progress: fc.Arbitrary<Cmd> = fc.record({
  kind: fc.constant("progress" as const),
  doc: fc.nat(2),
  days: fc.integer({ min: 0, max: 2 }),
});

/** Mostly "next sensible step" commands (so sequences reach effective and superseded revisions), plus noise. */
const cmd: fc.Arbitrary<Cmd> = fc.oneof({ weight: 5, arbitrary: progress }, { weight: 1, arbitrary: noise });

async function latest(docs: DocumentService, docId: string) {
  try {
    return (await docs.getDocument(docId)).revisions.at(-1);
  } catch {
    return undefined;
  }
}

async function apply(
  docs: DocumentService,
  clock: { advance(by: { hours: number }): void; now(): Date },
  c: Cmd,
) {
  switch (c.kind) {
    case "create":
      return docs.createDocument(people.author, {
        docId: DOCS[c.doc]!,
        title: "T",
        docType: "SOP",
        content: `v${c.doc}`,
      });
    case "revise":
      return docs.reviseDocument(people.author, {
        docId: DOCS[c.doc]!,
        content: String(clock.now()),
        reason: "r",
      });
    case "edit":
    case "submit": {
      const rev = await latest(docs, DOCS[c.doc]!);
      const base = { docId: DOCS[c.doc]!, revisionId: rev?.revisionId ?? "none" };
      return c.kind === "edit"
        ? docs.editDraft(people.author, { ...base, content: String(clock.now()) })
        : docs.submitForReview(people.author, base);
    }
    case "approve": {
      const rev = await latest(docs, DOCS[c.doc]!);
      return docs.approveRevision(signers[c.signer]!, {
        docId: DOCS[c.doc]!,
        revisionId: rev?.revisionId ?? "none",
        slotId: c.slot,
      });
    }
    case "co": {
      const affected = [];
      for (const i of c.docs) {
        const rev = await latest(docs, DOCS[i]!);
        affected.push(
          c.obsolete
            ? { docId: DOCS[i]!, action: "obsolete" as const }
            : { docId: DOCS[i]!, action: "release" as const, revisionId: rev?.revisionId ?? "none" },
        );
      }
      const opened = await docs.openChangeOrder(people.author, { title: "t", description: "d", affected });
      if (!opened.ok) return opened;
      const day = new Date(clock.now().getTime() + c.days * 86_400_000).toISOString().slice(0, 10);
      return docs.approveChangeOrder(people.ccb, {
        changeOrderId: opened.value.changeOrderId,
        slotId: "ccb",
        effectiveDate: day,
      });
    }
    case "progress": {
      // the next sensible step for the document, so sequences reach effective and superseded revisions
      const docId = DOCS[c.doc]!;
      const rev = await latest(docs, docId);
      if (!rev) return apply(docs, clock, { kind: "create", doc: c.doc });
      if (rev.status === "draft") return apply(docs, clock, { kind: "submit", doc: c.doc });
      if (rev.status === "in-review")
        return apply(docs, clock, {
          kind: "approve",
          doc: c.doc,
          slot: rev.approvals.some((a) => a.slotId === "owner") ? "qa" : "owner",
          signer: rev.approvals.some((a) => a.slotId === "owner") ? 2 : 0,
        });
      if (rev.status === "approved")
        return apply(docs, clock, { kind: "co", docs: [c.doc], obsolete: false, days: c.days });
      if (rev.status === "effective") return apply(docs, clock, { kind: "revise", doc: c.doc });
      return apply(docs, clock, { kind: "tick" });
    }
    case "advance":
      clock.advance({ hours: c.hours });
      return;
    case "tick":
      return docs.tick();
    case "review":
      return docs.recordPeriodicReview(people.qa, { docId: DOCS[c.doc]!, verdict: c.verdict, comment: "c" });
  }
}

describe("property: at most one effective revision", () => {
  let effectiveSeen = 0;
  let supersededSeen = 0;
  it("DOC-06: for any command sequence, every document has at most one effective revision at every instant", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 10, maxLength: 50, size: "max" }), async (cmds) => {
        const { docs, clock } = setup();
        const instants: Date[] = [clock.now()];
        for (const c of cmds) {
          try {
            await apply(docs, clock, c);
          } catch (error) {
            if (!isQmsError(error)) throw error;
          }
          instants.push(clock.now());
          for (const docId of DOCS) {
            const doc = await docs.getDocument(docId).catch(() => undefined);
            if (!doc) continue;
            if (doc.revisions.some((r) => r.status === "effective")) effectiveSeen++;
            if (doc.revisions.some((r) => r.status === "superseded")) supersededSeen++;
            // state view: never two effective revisions
            expect(doc.revisions.filter((r) => r.status === "effective").length).toBeLessThanOrEqual(1);
            // timeline view: effective intervals never overlap, and point of use agrees with the state
            const timeline = docs.projection.effectiveTimeline(docId);
            await docs.refresh();
            for (let i = 1; i < timeline.length; i++)
              expect(Date.parse(timeline[i]!.from)).toBeGreaterThanOrEqual(
                Date.parse(timeline[i - 1]!.until!),
              );
            const eff = await docs.getEffective(docId, clock.now());
            const current = doc.revisions.find((r) => r.status === "effective");
            if (eff) expect(eff.revisionId).toBe(current?.revisionId);
            else if (current) expect(Date.parse(current.effectiveAt!)).toBeGreaterThan(clock.now().getTime());
            // getEffective never serves a revision that is not effective or retired
            for (const t of instants) {
              const at = await docs.getEffective(docId, t);
              if (!at) continue;
              const rev = doc.revisions.find((r) => r.revisionId === at.revisionId)!;
              expect(["effective", "superseded", "obsolete"]).toContain(rev.status);
              expect(Date.parse(rev.effectiveAt!)).toBeLessThanOrEqual(t.getTime());
              if (rev.retiredAt) expect(t.getTime()).toBeLessThan(Date.parse(rev.retiredAt));
            }
          }
        }
      }),
      { numRuns: 40, seed: Number(process.env.FC_SEED ?? Date.now()) },
    );
    // the generator reaches the interesting states (otherwise the property would hold vacuously)
    if (process.env.DBG) console.log({ effectiveSeen, supersededSeen });
    expect(effectiveSeen).toBeGreaterThan(0);
    expect(supersededSeen).toBeGreaterThan(0);
  });
});
