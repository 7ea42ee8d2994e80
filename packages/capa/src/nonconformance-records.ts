import { z } from "zod";

const text = z.string().trim().min(1);

/**
 * Identification of the nonconforming product and how it was found.
 *
 * @requirement CAPA-17
 */
export const NcIdentificationSchema = z.object({
  product: text,
  lotOrSerial: text,
  quantity: z.number().int().positive(),
  detectedAt: z.iso.date(),
  detectedBy: text,
  location: text,
  description: text,
  /** Defect category, for trending (CAPA-02). */
  category: text.optional(),
});
/** Inferred type of {@link NcIdentificationSchema}. */
export type NcIdentification = z.infer<typeof NcIdentificationSchema>;

/**
 * Segregation status: where the product is held, or why it was not segregated.
 *
 * @requirement CAPA-17
 */
export const SegregationSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("segregated"), location: text }),
  z.object({ status: z.literal("notSegregated"), rationale: text }),
]);

/**
 * Evaluation: whether an investigation is needed and whether external parties (customers, suppliers,
 * authorities) must be notified, with the reasons.
 *
 * @requirement CAPA-17
 */
export const NcEvaluationSchema = z
  .object({
    investigationNeeded: z.boolean(),
    externalNotificationNeeded: z.boolean(),
    externalParties: z.array(text).default([]),
    rationale: text,
  })
  .refine((e) => !e.externalNotificationNeeded || e.externalParties.length > 0, {
    message: "name the external parties to notify",
    path: ["externalParties"],
  });
/** Inferred type of {@link NcEvaluationSchema}. */
export type NcEvaluation = z.infer<typeof NcEvaluationSchema>;

/**
 * Disposition and its rationale. A concession (use-as-is or release under concession) also needs the
 * authorising person and, where it applies, a regulatory justification.
 *
 * @requirement CAPA-17
 */
export const NcDispositionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.enum(["rework", "regrade", "scrap", "returnToSupplier"]), rationale: text }),
  z.object({
    kind: z.enum(["useAsIs", "concession"]),
    rationale: text,
    authorizedBy: text,
    regulatoryJustification: text,
  }),
]);
/** Inferred type of {@link NcDispositionSchema}. */
export type NcDisposition = z.infer<typeof NcDispositionSchema>;
