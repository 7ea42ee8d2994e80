import { type Actor, InMemoryEventLog, sequentialIds, TestClock } from "@qmskit/core";
import {
  type BlobStore,
  DocumentService,
  type DocumentsConfigInput,
  InMemoryBlobStore,
} from "../src/index.js";

export const config: DocumentsConfigInput = {
  timeZone: "Europe/Berlin",
  documentTypes: [
    {
      id: "SOP",
      name: "Standard operating procedure",
      authorRoles: ["author"],
      approvalSlots: [
        { id: "owner", title: "Process owner approval", roles: ["process-owner", "ops-manager"] },
        { id: "qa", title: "Quality Assurance approval", roles: ["qa", "qa-manager"] },
      ],
      revisionScheme: "letters",
      reviewIntervalMonths: 12,
      retention: { deviceLifetimeYears: 10 },
      training: [
        { role: "operator", kind: "training", dueInDays: 14 },
        { role: "supervisor", kind: "notification", dueInDays: 2 },
      ],
    },
    {
      id: "WI",
      name: "Work instruction",
      authorRoles: ["author"],
      approvalSlots: [{ id: "qa", title: "QA approval", roles: ["qa"] }],
      revisionScheme: "numeric",
      retention: { deviceLifetimeYears: 1 },
    },
    {
      id: "EXT",
      name: "External standard",
      authorRoles: ["librarian"],
      approvalSlots: [{ id: "qa", title: "QA acceptance", roles: ["qa"] }],
      revisionScheme: "numeric-suffix",
      retention: { deviceLifetimeYears: 0 },
    },
  ],
  changeOrders: {
    approvalSlots: [{ id: "ccb", title: "Change control board", roles: ["ccb"] }],
    originatorRoles: ["author", "doc-control"],
  },
  reviewerRoles: ["qa", "process-owner"],
  documentControlRoles: ["doc-control"],
};

export const people = {
  author: { id: "u-author", name: "Ada Author", roles: ["author"] },
  owner: { id: "u-owner", name: "Otto Owner", roles: ["process-owner"] },
  ops: { id: "u-ops", name: "Olga Ops", roles: ["ops-manager"] },
  qa: { id: "u-qa", name: "Quinn QA", roles: ["qa"] },
  qa2: { id: "u-qa2", name: "Quentin QA", roles: ["qa"] },
  ccb: { id: "u-ccb", name: "Cora CCB", roles: ["ccb"] },
  docControl: { id: "u-dc", name: "Dora Control", roles: ["doc-control"] },
  librarian: { id: "u-lib", name: "Lars Librarian", roles: ["librarian"] },
  operator: { id: "u-op", name: "Oskar Operator", roles: ["operator"] },
  intruder: { id: "u-x", name: "Ivan Intruder", roles: ["visitor"] },
} satisfies Record<string, Actor>;

export function setup(options: { blobs?: BlobStore; start?: string } = {}) {
  const clock = new TestClock(options.start ?? "2026-03-02T09:00:00Z");
  const log = new InMemoryEventLog({ clock, ids: sequentialIds("evt") });
  const blobs = options.blobs ?? new InMemoryBlobStore();
  const docs = new DocumentService({ log, blobs, clock, ids: sequentialIds("id"), config });
  return { clock, log, blobs, docs };
}

export function ok<T>(r: { ok: true; value: T } | { ok: false; rejection: { message: string } }): T {
  if (!r.ok) throw new Error(`unexpected rejection: ${r.rejection.message}`);
  return r.value;
}

/** Create an SOP and take its first revision to Approved (both slots signed). */
export async function approvedSop(docs: DocumentService, docId = "SOP-001", content = "Step 1\nStep 2\n") {
  const { revisionId } = ok(
    await docs.createDocument(people.author, { docId, title: "Cleaning", docType: "SOP", content }),
  );
  ok(await docs.submitForReview(people.author, { docId, revisionId }));
  ok(await docs.approveRevision(people.owner, { docId, revisionId, slotId: "owner" }));
  ok(await docs.approveRevision(people.qa, { docId, revisionId, slotId: "qa" }));
  return revisionId;
}

/** Release revisions through a change order signed by the CCB. */
export async function release(
  docs: DocumentService,
  affected: { docId: string; revisionId: string }[],
  effectiveDate?: string,
) {
  const { changeOrderId } = ok(
    await docs.openChangeOrder(people.author, {
      title: "Release",
      description: "Release of the listed revisions",
      affected: affected.map((a) => ({ ...a, action: "release" as const })),
      ...(effectiveDate ? { effectiveDate } : {}),
    }),
  );
  const approved = ok(await docs.approveChangeOrder(people.ccb, { changeOrderId, slotId: "ccb" }));
  return { changeOrderId, status: approved.status };
}

/** An effective SOP with an approved revision B in review-complete state. */
export async function sopWithApprovedChange(docs: DocumentService, docId = "SOP-001") {
  const a = await approvedSop(docs, docId);
  await release(docs, [{ docId, revisionId: a }]);
  const { revisionId: b } = ok(
    await docs.reviseDocument(people.author, {
      docId,
      content: "Step 1\nStep 2a\nStep 3\n",
      reason: "CAPA-7",
    }),
  );
  ok(await docs.submitForReview(people.author, { docId, revisionId: b }));
  ok(await docs.approveRevision(people.owner, { docId, revisionId: b, slotId: "owner" }));
  ok(await docs.approveRevision(people.qa, { docId, revisionId: b, slotId: "qa" }));
  return { a, b };
}
