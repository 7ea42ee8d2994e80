import { actorSchema } from "@qmskit/core";
import { z } from "zod";
import { LocalDateSchema } from "./site-time.js";

/** Schema of the acting person (core's actor). */
export const ActorSchema = actorSchema;

/** A document id: immutable, e.g. `SOP-001` (no `:`; it is part of the stream id). */
export const DocIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, '_', '.' and '-' only");

/** A change-order id, e.g. `DCO-2026-014`. */
export const ChangeOrderIdSchema = DocIdSchema;

/** A revision reference: its immutable id, or its label. */
export const RevisionRefSchema = z.string().min(1).max(128);

const text = (max: number) => z.string().trim().min(1).max(max);

/** Content as text (UTF-8) or bytes. */
export const ContentSchema = z.union([z.string().max(64 * 1024 * 1024), z.instanceof(Uint8Array)]);

/** Where a document comes from (DOC-11): external ones name their source and its version. */
export const OriginSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("internal") }),
  z.object({ kind: z.literal("external"), source: text(200), sourceVersion: text(100) }),
]);

/** Input of `createDocument`. */
export const CreateDocumentInputSchema = z.object({
  docId: DocIdSchema,
  title: text(300),
  docType: z.string().min(1).max(64),
  content: ContentSchema,
  mediaType: z.string().min(1).max(200).default("text/plain; charset=utf-8"),
  origin: OriginSchema.default({ kind: "internal" }),
  /** Roles or locations a copy may be issued to; empty = every authenticated user. */
  distribution: z.array(z.string().min(1).max(64)).max(200).default([]),
});
/** Input of `createDocument`. */
export type CreateDocumentInput = z.input<typeof CreateDocumentInputSchema>;

/** Input of `editDraft`. */
export const EditDraftInputSchema = z.object({
  docId: DocIdSchema,
  revisionId: RevisionRefSchema,
  content: ContentSchema,
  reason: text(2000).optional(),
});
/** Input of `editDraft`. */
export type EditDraftInput = z.input<typeof EditDraftInputSchema>;

/** Input of `reviseDocument`: a new draft based on the latest released revision. */
export const ReviseDocumentInputSchema = z.object({
  docId: DocIdSchema,
  content: ContentSchema,
  change: z.enum(["major", "minor"]).default("major"),
  reason: text(2000),
});
/** Input of `reviseDocument`. */
export type ReviseDocumentInput = z.input<typeof ReviseDocumentInputSchema>;

/** Input of `submitForReview`. */
export const RevisionCommandInputSchema = z.object({ docId: DocIdSchema, revisionId: RevisionRefSchema });
/** Input of commands that address one revision. */
export type RevisionCommandInput = z.input<typeof RevisionCommandInputSchema>;

/** Input of `returnToDraft`. */
export const ReturnToDraftInputSchema = RevisionCommandInputSchema.extend({ reason: text(2000) });
/** Input of `returnToDraft`. */
export type ReturnToDraftInput = z.input<typeof ReturnToDraftInputSchema>;

/**
 * The signer's re-entered credentials, needed when the service signs through core's `SigningService`
 * (P11-13, P11-14): the host's session id, the secret, and the typed user id on a session's first signing.
 * Never stored.
 */
export const SigningCredentialsSchema = z.object({
  sessionId: z.string().min(1).max(256),
  secret: z.string().min(1).max(1024),
  userId: z.string().min(1).max(256).optional(),
});
/** A {@link SigningCredentialsSchema} value. */
export type SigningCredentials = z.infer<typeof SigningCredentialsSchema>;

/** Input of `approveRevision`: fill one approval slot with an e-signature. */
export const ApproveRevisionInputSchema = RevisionCommandInputSchema.extend({
  slotId: z.string().min(1).max(64),
  credentials: SigningCredentialsSchema.optional(),
});
/** Input of `approveRevision`. */
export type ApproveRevisionInput = z.input<typeof ApproveRevisionInputSchema>;

/** Input of `designateApprovers` (DOC-04). */
export const DesignateApproversInputSchema = z.object({
  docId: DocIdSchema,
  roles: z.array(z.string().min(1).max(64)).min(1).max(20),
  justification: text(2000),
});
/** Input of `designateApprovers`. */
export type DesignateApproversInput = z.input<typeof DesignateApproversInputSchema>;

/** One affected document of a change order. */
export const AffectedDocumentSchema = z.discriminatedUnion("action", [
  z.object({ docId: DocIdSchema, action: z.literal("release"), revisionId: RevisionRefSchema }),
  z.object({ docId: DocIdSchema, action: z.literal("obsolete") }),
]);

/** Input of `openChangeOrder` (DOC-05). */
export const OpenChangeOrderInputSchema = z.object({
  changeOrderId: ChangeOrderIdSchema.optional(),
  kind: z.enum(["DCO", "ECO"]).default("DCO"),
  title: text(300),
  description: z.string().max(20_000),
  affected: z.array(AffectedDocumentSchema).max(1000),
  /** Planned effective date in the site zone (may also be given on approval). */
  effectiveDate: LocalDateSchema.optional(),
});
/** Input of `openChangeOrder`. */
export type OpenChangeOrderInput = z.input<typeof OpenChangeOrderInputSchema>;

/** Input of `approveChangeOrder`. */
export const ApproveChangeOrderInputSchema = z.object({
  changeOrderId: ChangeOrderIdSchema,
  slotId: z.string().min(1).max(64),
  effectiveDate: LocalDateSchema.optional(),
  credentials: SigningCredentialsSchema.optional(),
});
/** Input of `approveChangeOrder`. */
export type ApproveChangeOrderInput = z.input<typeof ApproveChangeOrderInputSchema>;

/** Input of `cancelChangeOrder`. */
export const CancelChangeOrderInputSchema = z.object({
  changeOrderId: ChangeOrderIdSchema,
  reason: text(2000),
});
/** Input of `cancelChangeOrder`. */
export type CancelChangeOrderInput = z.input<typeof CancelChangeOrderInputSchema>;

/** The verdict of a periodic review (DOC-10). */
export const ReviewVerdictSchema = z.enum(["keepEffective", "needsRevision", "makeObsolete"]);
/** A {@link ReviewVerdictSchema} value. */
export type ReviewVerdict = z.infer<typeof ReviewVerdictSchema>;

/** Input of `recordPeriodicReview`. */
export const PeriodicReviewInputSchema = z.object({
  docId: DocIdSchema,
  verdict: ReviewVerdictSchema,
  comment: text(5000),
  credentials: SigningCredentialsSchema.optional(),
});
/** Input of `recordPeriodicReview`. */
export type PeriodicReviewInput = z.input<typeof PeriodicReviewInputSchema>;

/** Input of `linkRecord`: a record produced under a revision, kept until `retainUntil` (DOC-13). */
export const LinkRecordInputSchema = RevisionCommandInputSchema.extend({
  recordId: z.string().min(1).max(256),
  retainUntil: z.iso.datetime({ offset: true }),
});
/** Input of `linkRecord`. */
export type LinkRecordInput = z.input<typeof LinkRecordInputSchema>;

/** Input of `purgeRevision`. */
export const PurgeRevisionInputSchema = RevisionCommandInputSchema.extend({ reason: text(2000) });
/** Input of `purgeRevision`. */
export type PurgeRevisionInput = z.input<typeof PurgeRevisionInputSchema>;
