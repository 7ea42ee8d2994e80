import type { Signature } from "@qmskit/core";

/** Event types of a document stream (`document:<docId>`). */
export const DocumentEvents = {
  registered: "document.registered",
  revisionDrafted: "document.revision-drafted",
  draftEdited: "document.draft-edited",
  submitted: "document.revision-submitted",
  returned: "document.revision-returned",
  approvalSigned: "document.approval-signed",
  approved: "document.revision-approved",
  scheduled: "document.revision-scheduled",
  effective: "document.revision-effective",
  obsoleted: "document.revision-obsoleted",
  taskCreated: "document.task-created",
  reviewDue: "document.review-due",
  reviewed: "document.periodic-review",
  approversDesignated: "document.approvers-designated",
  recordLinked: "document.record-linked",
  purged: "document.revision-purged",
} as const;

/** Event types of a change-order stream (`change-order:<id>`). */
export const ChangeOrderEvents = {
  opened: "change-order.opened",
  approvalSigned: "change-order.approval-signed",
  approved: "change-order.approved",
  implemented: "change-order.implemented",
  cancelled: "change-order.cancelled",
} as const;

/** Type of the audit event written for every refused command (P11-07, P11-08). */
export const COMMAND_REJECTED = "document.command-rejected";

/** Stream of a document. */
export const documentStreamId = (docId: string): string => `document:${docId}`;
/** Stream of a change order. */
export const changeOrderStreamId = (id: string): string => `change-order:${id}`;
/** Stream that records refused commands against one record (its own stream, so refusals never race commands). */
export const rejectionStreamId = (recordStreamId: string): string => `${recordStreamId}:rejections`;

/** Where document content is and how big it is. */
export interface ContentRef {
  /** SHA-256 (hex) of the bytes in the blob store (DOC-12). */
  readonly hash: string;
  readonly size: number;
  /** e.g. `text/markdown; charset=utf-8`. */
  readonly mediaType: string;
}

/** Origin of a document (DOC-11). */
export type DocumentOrigin =
  | { readonly kind: "internal" }
  | {
      readonly kind: "external";
      /** Issuer, e.g. `ISO` or a supplier. */
      readonly source: string;
      /** The issuer's own version or edition, e.g. `2016` or `Rev 4`. */
      readonly sourceVersion: string;
    };

/** One filled approval slot (DOC-02): the core signature plus the site zone it is rendered in. */
export interface ApprovalRecord {
  readonly slotId: string;
  /** The designated role the signer approved in. */
  readonly role: string;
  readonly timeZone: string;
  readonly signature: Signature;
}

/** Data of the events; the service writes them, folds read them. */
export interface DocumentEventData {
  "document.registered": {
    docId: string;
    title: string;
    docType: string;
    revisionScheme: string;
    origin: DocumentOrigin;
    /** Roles (or locations) a controlled copy may be distributed to; empty means everyone. */
    distribution: string[];
  };
  "document.revision-drafted": {
    revisionId: string;
    label: string;
    draftNo: number;
    change: "major" | "minor";
    basedOn: string | null;
    content: ContentRef;
  };
  "document.draft-edited": { revisionId: string; label: string; draftNo: number; content: ContentRef };
  "document.revision-submitted": { revisionId: string };
  "document.revision-returned": { revisionId: string };
  "document.approval-signed": ApprovalRecord & { revisionId: string };
  "document.revision-approved": { revisionId: string; label: string; approvedAt: string };
  "document.revision-scheduled": {
    revisionId: string;
    changeOrderId: string;
    effectiveDate: string;
    effectiveAt: string;
  };
  "document.revision-effective": {
    docId: string;
    revisionId: string;
    /** Release label and content hash, so point of use can be served from these events alone. */
    label: string;
    contentHash: string;
    changeOrderId: string;
    effectiveDate: string;
    effectiveAt: string;
    supersededRevisionId: string | null;
    nextReviewDue: string;
  };
  "document.revision-obsoleted": {
    revisionId: string;
    at: string;
    changeOrderId: string | null;
  };
  "document.task-created": {
    taskId: string;
    revisionId: string;
    kind: "training" | "notification" | "periodic-review";
    role: string;
    dueAt: string;
  };
  "document.review-due": { taskId: string; revisionId: string; dueAt: string };
  "document.periodic-review": {
    revisionId: string;
    verdict: "keepEffective" | "needsRevision" | "makeObsolete";
    comment: string;
    signature: Signature;
    timeZone: string;
    nextReviewDue: string | null;
  };
  "document.approvers-designated": { roles: string[]; justification: string };
  "document.record-linked": { revisionId: string; recordId: string; retainUntil: string };
  "document.revision-purged": { revisionId: string; contentHash: string; contentDeleted: boolean };
}

/** Data of change-order events. */
export interface ChangeOrderEventData {
  "change-order.opened": {
    changeOrderId: string;
    kind: "DCO" | "ECO";
    title: string;
    description: string;
    affected: AffectedDocument[];
    effectiveDate: string | null;
  };
  "change-order.approval-signed": ApprovalRecord;
  "change-order.approved": {
    approvalDate: string;
    approvedAt: string;
    effectiveDate: string;
    effectiveAt: string;
  };
  "change-order.implemented": { effectiveAt: string };
  "change-order.cancelled": Record<string, never>;
}

/** A document a change order affects: a revision to release, or the document to make obsolete. */
export type AffectedDocument =
  | { readonly docId: string; readonly action: "release"; readonly revisionId: string }
  | { readonly docId: string; readonly action: "obsolete" };
