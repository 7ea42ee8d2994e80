import { z } from "zod";

const text = z.string().trim().min(1);

/**
 * Device identification on a complaint: a UDI, a UPC, or another control number. At least one is required.
 *
 * @requirement CAPA-14
 */
export const DeviceIdentifierSchema = z
  .object({
    udi: text.optional(),
    upc: text.optional(),
    other: text.optional(),
  })
  .refine((d) => d.udi !== undefined || d.upc !== undefined || d.other !== undefined, {
    message: "give the device's UDI, UPC or another identification/control number (820.35(a)(3))",
  });

/**
 * The complainant's name, address and phone number (820.35(a)(4)).
 *
 * @requirement CAPA-14
 */
export const ComplainantSchema = z.object({
  name: text,
  address: text,
  phone: text,
});

/**
 * The complaint as received: the content 21 CFR 820.35(a)(1)–(5) requires from intake.
 * The correction/corrective action (a)(6) and the reply (a)(7) are recorded later and required at closure
 * of an investigated or MDR-reportable complaint.
 *
 * @requirement CAPA-14
 */
export const ComplaintIntakeSchema = z.object({
  deviceName: text,
  dateReceived: z.iso.date(),
  deviceIdentifier: DeviceIdentifierSchema,
  complainant: ComplainantSchema,
  nature: text,
  details: text,
  productFamily: text.optional(),
  category: text.optional(),
});
/** Inferred type of {@link ComplaintIntakeSchema}. */
export type ComplaintIntake = z.infer<typeof ComplaintIntakeSchema>;

/**
 * The MDR reportability decision (yes or no) with its rationale, and, for yes, which report clock applies:
 * 30 calendar days (803.50) or 5 work days (803.53). `awareAt` is when the organisation became aware; for a
 * 5-day report `awareBy` records who (a person with management or supervisory responsibility).
 *
 * @requirement CAPA-16
 */
export const MdrDecisionSchema = z.discriminatedUnion("reportable", [
  z.object({ reportable: z.literal(false), rationale: text }),
  z.object({
    reportable: z.literal(true),
    rationale: text,
    reportType: z.enum(["30-day", "5-day"]),
    awareAt: z.iso.datetime({ offset: true }),
    awareBy: text,
  }),
]);
/** Inferred type of {@link MdrDecisionSchema}. */
export type MdrDecision = z.infer<typeof MdrDecisionSchema>;

/**
 * Why a complaint is not investigated: a prior similar investigation or a justification record.
 *
 * @requirement CAPA-15
 */
export const NoInvestigationSchema = z
  .object({
    priorInvestigationId: text.optional(),
    justificationRecordId: text.optional(),
    reason: text,
  })
  .refine((d) => d.priorInvestigationId !== undefined || d.justificationRecordId !== undefined, {
    message: "link a prior similar investigation or a justification record (CAPA-15)",
  });
/** Inferred type of {@link NoInvestigationSchema}. */
export type NoInvestigation = z.infer<typeof NoInvestigationSchema>;
