import { QmsError, type StoredEvent } from "@qmskit/core";
import {
  type AffectedDocument,
  type ApprovalRecord,
  type ChangeOrderEventData,
  ChangeOrderEvents,
  type ContentRef,
  type DocumentEventData,
  DocumentEvents,
  type DocumentOrigin,
} from "./events.js";

/**
 * Lifecycle state of a revision:
 * Draft → In Review → Approved (→ Approved, pending effective) → Effective → Superseded / Obsolete.
 */
export type RevisionStatus =
  | "draft"
  | "in-review"
  | "approved"
  | "approved-pending-effective"
  | "effective"
  | "superseded"
  | "obsolete";

/** Every revision status, in lifecycle order. */
export const REVISION_STATUSES: readonly RevisionStatus[] = [
  "draft",
  "in-review",
  "approved",
  "approved-pending-effective",
  "effective",
  "superseded",
  "obsolete",
];

/** One revision of a controlled document, folded from its events. */
export interface RevisionState {
  /** Immutable revision id (DOC-06). */
  readonly revisionId: string;
  /** Draft label until approval, then the release label (fixed from then on). */
  label: string;
  draftNo: number;
  change: "major" | "minor";
  basedOn: string | null;
  status: RevisionStatus;
  content: ContentRef;
  approvals: ApprovalRecord[];
  createdAt: string;
  createdBy: string;
  approvedAt: string | null;
  changeOrderId: string | null;
  effectiveDate: string | null;
  effectiveAt: string | null;
  /** When it stopped being effective (superseded or obsolete). */
  retiredAt: string | null;
  supersededBy: string | null;
  purged: boolean;
}

/** A training, notification or periodic-review task created for a document (DOC-09, DOC-10). */
export interface DocumentTask {
  readonly taskId: string;
  readonly docId: string;
  readonly revisionId: string;
  readonly kind: "training" | "notification" | "periodic-review";
  readonly role: string;
  readonly dueAt: string;
  open: boolean;
}

/** A controlled document folded from its stream. */
export interface DocumentState {
  /** Immutable document id (DOC-06). */
  readonly docId: string;
  title: string;
  docType: string;
  revisionScheme: string;
  origin: DocumentOrigin;
  distribution: string[];
  /** Stream version after the last event (for optimistic concurrency). */
  version: number;
  revisions: RevisionState[];
  designations: { roles: string[]; justification: string; by: string; at: string }[];
  nextReviewDue: string | null;
  tasks: DocumentTask[];
  reviews: DocumentEventData["document.periodic-review"][];
  linkedRecords: DocumentEventData["document.record-linked"][];
}

/** The revision currently effective, if any. */
export function effectiveRevision(doc: DocumentState): RevisionState | undefined {
  return doc.revisions.find((r) => r.status === "effective");
}

/** The latest revision that was approved (its label is the last release label). */
export function lastReleased(doc: DocumentState): RevisionState | undefined {
  for (let i = doc.revisions.length - 1; i >= 0; i--) {
    const r = doc.revisions[i]!;
    if (r.approvedAt !== null) return r;
  }
  return undefined;
}

/** Find a revision by immutable id or by label. */
export function findRevision(doc: DocumentState, ref: string): RevisionState | undefined {
  return doc.revisions.find((r) => r.revisionId === ref) ?? doc.revisions.find((r) => r.label === ref);
}

/** The revision with this immutable id (latest first). */
export function revisionById(state: DocumentState, id: string): RevisionState | undefined {
  const list = state.revisions;
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.revisionId === id) return list[i];
  return undefined;
}

/**
 * Fold a document stream. Returns undefined for an empty stream; an event whose data does not have the
 * shape its type promises (a damaged or forged store) is an `INTEGRITY` error naming it, never a crash.
 */
export function foldDocument(events: readonly StoredEvent[]): DocumentState | undefined {
  let state: DocumentState | undefined;
  for (const e of events) {
    try {
      state = evolveDocument(state, e);
    } catch (error) {
      throw malformed(e, error);
    }
  }
  return state;
}

function malformed(e: StoredEvent, cause: unknown): QmsError {
  return new QmsError(
    "INTEGRITY",
    `Event ${e.position} (${String(e.type).slice(0, 80)}) of ${String(e.streamId).slice(0, 80)} is malformed; verify the audit chain`,
    { details: { position: e.position, streamId: e.streamId, type: e.type }, cause },
  );
}

/**
 * Apply one event to a document (mutates and returns `state`; the first event creates it).
 * Unknown event types are ignored, so newer writers do not break older readers.
 */
export function evolveDocument(state: DocumentState | undefined, e: StoredEvent): DocumentState | undefined {
  if (e.type === DocumentEvents.registered) {
    const d = e.data as DocumentEventData["document.registered"];
    return {
      docId: d.docId,
      title: d.title,
      docType: d.docType,
      revisionScheme: d.revisionScheme,
      origin: d.origin,
      distribution: [...d.distribution],
      version: e.version,
      revisions: [],
      designations: [],
      nextReviewDue: null,
      tasks: [],
      reviews: [],
      linkedRecords: [],
    };
  }
  if (!state) return state;
  state.version = e.version;
  switch (e.type) {
    case DocumentEvents.revisionDrafted: {
      const d = e.data as DocumentEventData["document.revision-drafted"];
      state.revisions.push({
        revisionId: d.revisionId,
        label: d.label,
        draftNo: d.draftNo,
        change: d.change,
        basedOn: d.basedOn,
        status: "draft",
        content: d.content,
        approvals: [],
        createdAt: e.recordedAt,
        createdBy: e.actor.id,
        approvedAt: null,
        changeOrderId: null,
        effectiveDate: null,
        effectiveAt: null,
        retiredAt: null,
        supersededBy: null,
        purged: false,
      });
      break;
    }
    case DocumentEvents.draftEdited: {
      const d = e.data as DocumentEventData["document.draft-edited"];
      const r = revisionById(state, d.revisionId);
      if (r) {
        r.label = d.label;
        r.draftNo = d.draftNo;
        r.content = d.content;
      }
      break;
    }
    case DocumentEvents.submitted: {
      const r = revisionById(state, (e.data as { revisionId: string }).revisionId);
      if (r) r.status = "in-review";
      break;
    }
    case DocumentEvents.returned: {
      const r = revisionById(state, (e.data as { revisionId: string }).revisionId);
      if (r) {
        r.status = "draft";
        r.approvals = [];
      }
      break;
    }
    case DocumentEvents.approvalSigned: {
      const d = e.data as DocumentEventData["document.approval-signed"];
      revisionById(state, d.revisionId)?.approvals.push({
        slotId: d.slotId,
        role: d.role,
        timeZone: d.timeZone,
        signature: d.signature,
      });
      break;
    }
    case DocumentEvents.approved: {
      const d = e.data as DocumentEventData["document.revision-approved"];
      const r = revisionById(state, d.revisionId);
      if (r) {
        r.status = "approved";
        r.label = d.label;
        r.approvedAt = d.approvedAt;
      }
      break;
    }
    case DocumentEvents.scheduled: {
      const d = e.data as DocumentEventData["document.revision-scheduled"];
      const r = revisionById(state, d.revisionId);
      if (r) {
        r.status = "approved-pending-effective";
        r.changeOrderId = d.changeOrderId;
        r.effectiveDate = d.effectiveDate;
        r.effectiveAt = d.effectiveAt;
      }
      break;
    }
    case DocumentEvents.effective: {
      const d = e.data as DocumentEventData["document.revision-effective"];
      const r = revisionById(state, d.revisionId);
      if (d.supersededRevisionId) {
        const old = revisionById(state, d.supersededRevisionId);
        if (old) {
          old.status = "superseded";
          old.retiredAt = d.effectiveAt;
          old.supersededBy = d.revisionId;
        }
        // training on a superseded revision is moot: its tasks close (the new revision brings its own)
        for (const t of state.tasks)
          if (t.revisionId === d.supersededRevisionId && t.kind !== "periodic-review") t.open = false;
      }
      if (r) {
        r.status = "effective";
        r.changeOrderId = d.changeOrderId;
        r.effectiveDate = d.effectiveDate;
        r.effectiveAt = d.effectiveAt;
      }
      state.nextReviewDue = d.nextReviewDue;
      break;
    }
    case DocumentEvents.obsoleted: {
      const d = e.data as DocumentEventData["document.revision-obsoleted"];
      const r = revisionById(state, d.revisionId);
      if (r) {
        r.status = "obsolete";
        r.retiredAt = d.at;
      }
      state.nextReviewDue = null;
      for (const t of state.tasks) if (t.kind === "periodic-review") t.open = false;
      break;
    }
    case DocumentEvents.taskCreated: {
      const d = e.data as DocumentEventData["document.task-created"];
      state.tasks.push({ ...d, docId: state.docId, open: true });
      break;
    }
    case DocumentEvents.reviewDue: {
      const d = e.data as DocumentEventData["document.review-due"];
      state.tasks.push({
        taskId: d.taskId,
        docId: state.docId,
        revisionId: d.revisionId,
        kind: "periodic-review",
        role: "",
        dueAt: d.dueAt,
        open: true,
      });
      break;
    }
    case DocumentEvents.reviewed: {
      const d = e.data as DocumentEventData["document.periodic-review"];
      state.reviews.push(d);
      state.nextReviewDue = d.nextReviewDue;
      for (const t of state.tasks) if (t.kind === "periodic-review") t.open = false;
      break;
    }
    case DocumentEvents.approversDesignated: {
      const d = e.data as DocumentEventData["document.approvers-designated"];
      state.designations.push({ ...d, by: e.actor.id, at: e.recordedAt });
      break;
    }
    case DocumentEvents.recordLinked:
      state.linkedRecords.push(e.data as DocumentEventData["document.record-linked"]);
      break;
    case DocumentEvents.purged: {
      const r = revisionById(state, (e.data as { revisionId: string }).revisionId);
      if (r) r.purged = true;
      break;
    }
  }
  return state;
}

/** Status of a change order. */
export type ChangeOrderStatus = "open" | "approved" | "implemented" | "cancelled";

/** A change order (DCO/ECO) folded from its stream. */
export interface ChangeOrderState {
  readonly changeOrderId: string;
  kind: "DCO" | "ECO";
  title: string;
  description: string;
  affected: AffectedDocument[];
  status: ChangeOrderStatus;
  effectiveDate: string | null;
  effectiveAt: string | null;
  approvalDate: string | null;
  approvedAt: string | null;
  approvals: ApprovalRecord[];
  openedBy: string;
  openedAt: string;
  version: number;
}

/** Fold a change-order stream (a malformed event is an `INTEGRITY` error, as in {@link foldDocument}). */
export function foldChangeOrder(events: readonly StoredEvent[]): ChangeOrderState | undefined {
  let s: ChangeOrderState | undefined;
  for (const e of events) {
    try {
      s = evolveChangeOrder(s, e);
    } catch (error) {
      throw malformed(e, error);
    }
  }
  return s;
}

/** Apply one event to a change order (mutates `state`; the first event creates it). */
export function evolveChangeOrder(
  state: ChangeOrderState | undefined,
  e: StoredEvent,
): ChangeOrderState | undefined {
  if (e.type === ChangeOrderEvents.opened) {
    const d = e.data as ChangeOrderEventData["change-order.opened"];
    return {
      changeOrderId: d.changeOrderId,
      kind: d.kind,
      title: d.title,
      description: d.description,
      affected: d.affected.map((a) => ({ ...a })),
      status: "open",
      effectiveDate: d.effectiveDate,
      effectiveAt: null,
      approvalDate: null,
      approvedAt: null,
      approvals: [],
      openedBy: e.actor.id,
      openedAt: e.recordedAt,
      version: e.version,
    };
  }
  if (!state) return state;
  state.version = e.version;
  switch (e.type) {
    case ChangeOrderEvents.approvalSigned:
      state.approvals.push(e.data as ApprovalRecord);
      break;
    case ChangeOrderEvents.approved: {
      const d = e.data as ChangeOrderEventData["change-order.approved"];
      state.status = "approved";
      state.approvalDate = d.approvalDate;
      state.approvedAt = d.approvedAt;
      state.effectiveDate = d.effectiveDate;
      state.effectiveAt = d.effectiveAt;
      break;
    }
    case ChangeOrderEvents.implemented:
      state.status = "implemented";
      break;
    case ChangeOrderEvents.cancelled:
      state.status = "cancelled";
      break;
  }
  return state;
}
