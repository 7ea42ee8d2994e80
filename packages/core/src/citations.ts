/**
 * Regulatory citations as values, so rules and reports can say where a requirement comes from.
 *
 * @packageDocumentation
 */
import { z } from "zod";

/** Sources qmskit cites. */
export const citationSourceSchema = z.enum([
  "ISO 13485:2016",
  "21 CFR 820",
  "21 CFR 820 (pre-2026 QSR)",
  "21 CFR 11",
  "ISO 14971:2019",
  "IEC 62304:2006+A1:2015",
  "FD&C Act",
  "FDA guidance",
]);

/** Schema of {@link Citation}. */
export const citationSchema = z.strictObject({
  source: citationSourceSchema,
  clause: z.string().min(1).max(64),
  /** A citation through which this one applies, e.g. ISO 13485 clause 4.2.4 via 21 CFR 820.10(a). */
  get via() {
    return citationSchema.optional();
  },
  note: z.string().max(1024).optional(),
});

/** A regulatory citation, e.g. `{ source: "21 CFR 11", clause: "11.10(e)" }`. */
export interface Citation {
  readonly source: z.infer<typeof citationSourceSchema>;
  readonly clause: string;
  readonly via?: Citation;
  readonly note?: string;
}

/** A Part 11 citation, e.g. `part11("11.10(e)")`. */
export function part11(clause: string): Citation {
  return Object.freeze({ source: "21 CFR 11", clause });
}

/**
 * An ISO 13485:2016 clause as it applies in the US through the QMSR's incorporation by reference
 * (21 CFR 820.10(a)).
 *
 * @example
 * ```ts
 * formatCitation(iso13485ViaQmsr("4.2.4")); // "ISO 13485:2016 4.2.4 (via 21 CFR 820 820.10(a))"
 * ```
 */
export function iso13485ViaQmsr(clause: string): Citation {
  return Object.freeze({
    source: "ISO 13485:2016",
    clause,
    via: Object.freeze({ source: "21 CFR 820", clause: "820.10(a)" }),
  });
}

/** A clause of the pre-2026 Quality System Regulation (e.g. `820.40(b)`), kept for legacy traceability. */
export function legacyQsr(clause: string): Citation {
  return Object.freeze({ source: "21 CFR 820 (pre-2026 QSR)", clause });
}

/** A one-line human form of a citation. */
export function formatCitation(c: Citation): string {
  const base = `${c.source} ${c.clause}`;
  return c.via ? `${base} (via ${formatCitation(c.via)})` : base;
}

/** Citations the kernel itself enforces. */
export const CITATIONS = Object.freeze({
  auditTrail: part11("11.10(e)"),
  copies: part11("11.10(b)"),
  systemAccess: part11("11.10(d)"),
  operationalChecks: part11("11.10(f)"),
  authorityChecks: part11("11.10(g)"),
  signatureManifestation: part11("11.50"),
  signatureLinking: part11("11.70"),
  signatureComponents: part11("11.200(a)"),
  credentialControls: part11("11.300"),
  documentControl: iso13485ViaQmsr("4.2.4"),
  recordControl: iso13485ViaQmsr("4.2.5"),
  documentApprovalLegacy: legacyQsr("820.40(a)"),
  documentChangesLegacy: legacyQsr("820.40(b)"),
});
