import { z } from "zod";

/**
 * The kinds of record a CAPA can originate from.
 *
 * @requirement CAPA-01
 */
export const CAPA_SOURCE_KINDS = [
  "complaint",
  "nonconformance",
  "auditFinding",
  "serviceRecord",
  "returnedProduct",
  "trendSignal",
  "managementReview",
  "postMarketSurveillance",
  "supplier",
  "cybersecurity",
] as const;

/** One of {@link CAPA_SOURCE_KINDS}. */
export type CapaSourceKind = (typeof CAPA_SOURCE_KINDS)[number];

const recordId = z.string().trim().min(1, "a source must name the record it refers to");

/** A source record other than a cybersecurity finding: its kind and the id of the record in the host's QMS. */
export const GeneralSourceSchema = z.object({
  kind: z.enum(CAPA_SOURCE_KINDS).exclude(["cybersecurity"]),
  recordId,
  summary: z.string().trim().min(1).optional(),
});

/**
 * A cybersecurity source: a vulnerability or finding reference (CVE, GHSA, pen-test finding id, …),
 * whether the risk is controlled, and when the organisation became aware of it. For an uncontrolled
 * risk the CAPA carries the 30-day customer-communication and 60-day fix/validation deadlines.
 *
 * @requirement SEC-09
 */
export const CybersecuritySourceSchema = z.object({
  kind: z.literal("cybersecurity"),
  recordId,
  vulnerabilityRef: z
    .string()
    .trim()
    .min(1, "a cybersecurity source needs a vulnerability or finding reference"),
  risk: z.enum(["controlled", "uncontrolled"]),
  awareAt: z.iso.datetime({ offset: true }),
  summary: z.string().trim().min(1).optional(),
});

/**
 * A typed reference to the record a CAPA originates from.
 *
 * @requirement CAPA-01
 */
export const CapaSourceSchema = z.discriminatedUnion("kind", [
  GeneralSourceSchema,
  CybersecuritySourceSchema,
]);

/** Inferred type of {@link CapaSourceSchema}. */
export type CapaSource = z.infer<typeof CapaSourceSchema>;
/** Inferred type of {@link CybersecuritySourceSchema}. */
export type CybersecuritySource = z.infer<typeof CybersecuritySourceSchema>;

/**
 * At least one typed source record.
 *
 * @requirement CAPA-01
 */
export const CapaSourcesSchema = z
  .array(CapaSourceSchema)
  .min(1, "a CAPA must reference at least one source record (CAPA-01)");
