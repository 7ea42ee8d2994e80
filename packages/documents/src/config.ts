import { QmsError } from "@qmskit/core";
import { z } from "zod";
import { TimeZoneSchema } from "./site-time.js";

const ident = (what: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, `${what}: letters, digits, '_', '.', ':' and '-' only`);

/** A role name, e.g. `qa-manager`. */
export const RoleSchema = ident("role");

/**
 * One approval a revision needs before it can be approved: who may fill it (designated approver roles,
 * DOC-03) and the meaning of the signature (DOC-02).
 *
 * @requirement DOC-01
 * @requirement DOC-03
 */
export const ApprovalSlotSchema = z.object({
  /** Stable slot id, e.g. `qa`. */
  id: ident("slot id"),
  /** Shown on the approval report, e.g. "Quality Assurance approval". */
  title: z.string().min(1).max(200),
  /** Designated approver roles: a signer must hold one of them. */
  roles: z.array(RoleSchema).min(1).max(20),
  /** Meaning recorded in the signature. */
  meaning: z.string().min(1).max(64).default("approval"),
});
/** An {@link ApprovalSlotSchema} value. */
export type ApprovalSlot = z.infer<typeof ApprovalSlotSchema>;

/** A training or notification task created for a role when a revision becomes effective (DOC-09). */
export const TrainingRuleSchema = z.object({
  role: RoleSchema,
  kind: z.enum(["training", "notification"]).default("training"),
  /** Due this many calendar days after the effective instant (site zone). */
  dueInDays: z.int().min(0).max(366),
});
/** A {@link TrainingRuleSchema} value. */
export type TrainingRule = z.infer<typeof TrainingRuleSchema>;

/**
 * Retention of superseded and obsolete revisions (DOC-13, REC-01): kept at least the device lifetime and at
 * least `minimumYears` (≥ 2) after they were retired, and as long as any record produced under them.
 */
export const RetentionPolicySchema = z.object({
  deviceLifetimeYears: z.number().min(0).max(200),
  minimumYears: z.number().min(2).max(200).default(2),
});
/** A {@link RetentionPolicySchema} value. */
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;

/** A document type: its approval slots, author roles, labelling scheme, review interval, retention, training. */
export const DocumentTypeSchema = z.object({
  /** e.g. `SOP`, `WI`, `FORM`, `EXT` (external standards). */
  id: ident("document type id"),
  name: z.string().min(1).max(200),
  /** Who may create and edit drafts. */
  authorRoles: z.array(RoleSchema).min(1).max(20),
  approvalSlots: z
    .array(ApprovalSlotSchema)
    .min(1)
    .max(20)
    .refine((slots) => new Set(slots.map((s) => s.id)).size === slots.length, "slot ids must be unique"),
  /** Name of the revision scheme: `letters`, `numeric`, `numeric-suffix`, or one the host registers. */
  revisionScheme: ident("revision scheme").default("letters"),
  /** Periodic review interval (DOC-10). */
  reviewIntervalMonths: z.int().min(1).max(120).default(24),
  retention: RetentionPolicySchema,
  training: z.array(TrainingRuleSchema).max(50).default([]),
});
/** A {@link DocumentTypeSchema} value. */
export type DocumentType = z.infer<typeof DocumentTypeSchema>;
/** Input form of {@link DocumentType} (defaults not yet applied). */
export type DocumentTypeInput = z.input<typeof DocumentTypeSchema>;

/** Configuration of the document control service. */
export const DocumentsConfigSchema = z
  .object({
    /** Site time zone: effective dates and approval dates are calendar dates here (DOC-02, DOC-14). */
    timeZone: TimeZoneSchema,
    documentTypes: z.array(DocumentTypeSchema).min(1).max(500),
    changeOrders: z.object({
      /** Approvals every change order needs (DOC-05). */
      approvalSlots: z.array(ApprovalSlotSchema).min(1).max(20),
      /** Who may open a change order. */
      originatorRoles: z.array(RoleSchema).min(1).max(20),
    }),
    /** Who may sign a periodic review verdict (DOC-10). */
    reviewerRoles: z.array(RoleSchema).min(1).max(20),
    /** Who may designate approvers of a change and purge retired revisions (DOC-04, DOC-13). */
    documentControlRoles: z.array(RoleSchema).min(1).max(20),
    /** Largest accepted content, in bytes. */
    maxContentBytes: z
      .int()
      .min(1)
      .max(1024 * 1024 * 1024)
      .default(16 * 1024 * 1024),
  })
  .refine(
    (c) => new Set(c.documentTypes.map((t) => t.id)).size === c.documentTypes.length,
    "document type ids must be unique",
  );
/** A {@link DocumentsConfigSchema} value. */
export type DocumentsConfig = z.infer<typeof DocumentsConfigSchema>;
/** Input form of {@link DocumentsConfig}. */
export type DocumentsConfigInput = z.input<typeof DocumentsConfigSchema>;

/**
 * Validate a configuration; throws a `VALIDATION` error listing every problem.
 *
 * @example
 * ```ts
 * const config = parseDocumentsConfig({ timeZone: "Europe/Berlin", documentTypes: [...], ... });
 * ```
 */
export function parseDocumentsConfig(input: unknown): DocumentsConfig {
  const r = DocumentsConfigSchema.safeParse(input);
  if (!r.success)
    throw new QmsError("VALIDATION", `Invalid documents configuration: ${z.prettifyError(r.error)}`, {
      details: { issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
    });
  return r.data;
}

/** Like {@link parseDocumentsConfig} without throwing. */
export function safeParseDocumentsConfig(input: unknown): ReturnType<typeof DocumentsConfigSchema.safeParse> {
  return DocumentsConfigSchema.safeParse(input);
}
