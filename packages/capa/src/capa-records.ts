import { z } from "zod";

const text = z.string().trim().min(1);
const localDate = z.iso.date();

/** CAPA priority; it selects the target-date policy (CAPA-10). */
export const CapaPrioritySchema = z.enum(["critical", "high", "medium", "low"]);
/** Inferred type of {@link CapaPrioritySchema}. */
export type CapaPriority = z.infer<typeof CapaPrioritySchema>;

/**
 * A root cause found in the investigation. `code` is the organisation's root-cause taxonomy code; it is
 * what recurrence is measured on.
 *
 * @requirement CAPA-03
 */
export const RootCauseSchema = z.object({
  code: text,
  description: text,
  method: z.enum(["5-whys", "fishbone", "fault-tree", "fmea", "other"]).optional(),
});
/** Inferred type of {@link RootCauseSchema}. */
export type RootCause = z.infer<typeof RootCauseSchema>;

/** Type of an action: fix the instance, remove the cause, or prevent an occurrence. */
export const ActionTypeSchema = z.enum(["correction", "corrective", "preventive"]);

/**
 * A planned action: its type, owner, due date and the evidence that will show it was done.
 *
 * @requirement CAPA-04
 */
export const CapaActionSchema = z.object({
  id: text,
  type: ActionTypeSchema,
  description: text,
  ownerId: text,
  dueDate: localDate,
  acceptanceEvidence: text,
});
/** Inferred type of {@link CapaActionSchema}. */
export type CapaAction = z.infer<typeof CapaActionSchema>;

/**
 * One effectiveness criterion, set before the check (CAPA-05): what is measured and what counts as success.
 *
 * @requirement CAPA-05
 */
export const EffectivenessCriterionSchema = z.object({
  id: text,
  description: text,
  target: text,
});
/** Inferred type of {@link EffectivenessCriterionSchema}. */
export type EffectivenessCriterion = z.infer<typeof EffectivenessCriterionSchema>;

/** The three outcomes of an effectiveness check. */
export const EffectivenessResultSchema = z.enum(["Effective", "Ineffective", "Inconclusive"]);
/** Inferred type of {@link EffectivenessResultSchema}. */
export type EffectivenessResult = z.infer<typeof EffectivenessResultSchema>;

/**
 * The "no adverse effect" assessment that must accompany an Effective check.
 *
 * @requirement CAPA-05
 */
export const NoAdverseEffectSchema = z.object({
  device: z.boolean(),
  regulatoryCompliance: z.boolean(),
  safetyAndPerformance: z.boolean(),
  rationale: text,
});
/** Inferred type of {@link NoAdverseEffectSchema}. */
export type NoAdverseEffect = z.infer<typeof NoAdverseEffectSchema>;

/** Observation against one criterion during the effectiveness check. */
export const CriterionObservationSchema = z.object({
  criterionId: text,
  met: z.boolean(),
  observation: text,
});

/**
 * A dissemination record: who was told, when, and which content.
 *
 * @requirement CAPA-07
 */
export const DisseminationSchema = z.object({
  recipients: z.array(text).min(1, "name at least one recipient"),
  date: localDate,
  contentRef: text,
});
/** Inferred type of {@link DisseminationSchema}. */
export type Dissemination = z.infer<typeof DisseminationSchema>;

/**
 * A change control or document change the CAPA depends on; it must be effective before closure.
 *
 * @requirement CAPA-06
 */
export const LinkedChangeSchema = z.object({
  recordType: z.enum(["changeControl", "document"]),
  recordId: text,
});
/** Inferred type of {@link LinkedChangeSchema}. */
export type LinkedChange = z.infer<typeof LinkedChangeSchema>;
