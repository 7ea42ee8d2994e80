/**
 * The normalised VEX statement that the three readers (CycloneDX, OpenVEX, CSAF) produce and
 * {@link applyVex} consumes.
 */
import { z } from "zod";

/** Finding / VEX status (OpenVEX names; CycloneDX and CSAF states are mapped onto them). */
export const VexStatusSchema = z.enum(["affected", "not_affected", "fixed", "under_investigation"]);
export type VexStatus = z.infer<typeof VexStatusSchema>;

/** A product a statement is about, with every identifier the source gave. */
export const VexProductSchema = z.object({
  /** The identifier as written (`@id`, `bom-ref`, CSAF `product_id`). */
  id: z.string(),
  purl: z.string().optional(),
  cpe: z.string().optional(),
  /** CycloneDX `bom-ref` (also when given as a BOM-Link `urn:cdx:…#ref`). */
  bomRef: z.string().optional(),
  /** Product name and version (CSAF product tree) for matching when there is no purl. */
  name: z.string().optional(),
  version: z.string().optional(),
});
export type VexProduct = z.infer<typeof VexProductSchema>;

/** One VEX statement: a status of one vulnerability for some products, who said it and when. */
export const VexStatementSchema = z.object({
  format: z.enum(["cyclonedx", "openvex", "csaf"]),
  /** The vulnerability id (CVE, GHSA, …). */
  vulnerability: z.string(),
  /** Other ids of the same vulnerability given by the statement. */
  aliases: z.array(z.string()),
  products: z.array(VexProductSchema),
  status: VexStatusSchema,
  /** The status as the source wrote it (`known_not_affected`, `false_positive`, …). */
  sourceStatus: z.string(),
  justification: z.string().optional(),
  impactStatement: z.string().optional(),
  actionStatement: z.string().optional(),
  statusNotes: z.string().optional(),
  /** Who made the statement (author, supplier, publisher). */
  author: z.string().optional(),
  /** When (ISO 8601): the statement's own time, else the document's. */
  timestamp: z.string().optional(),
  /** The document id (OpenVEX `@id`, CSAF tracking id, CycloneDX serial number). */
  documentId: z.string().optional(),
  /** File and JSON pointer of the statement. */
  source: z.string(),
});
export type VexStatement = z.infer<typeof VexStatementSchema>;

/** A problem or warning found while reading or applying VEX. */
export interface VexProblem {
  readonly file: string;
  readonly pointer: string;
  /** `VEX_JSON`, `VEX_FORMAT`, `VEX_INVALID`, `VEX_LEGACY`, `VEX_NO_TIMESTAMP`, `VEX_UNKNOWN_PRODUCT`, `VEX_UNRESOLVED_PRODUCT`. */
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly message: string;
}

/** What the VEX readers return. */
export interface VexLoad {
  readonly format?: "cyclonedx" | "openvex" | "csaf";
  readonly statements: VexStatement[];
  readonly problems: VexProblem[];
}

/** Build a JSON pointer from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** A zod error as problems, each naming the field. */
export function zodProblems(error: z.ZodError, file: string, base: string, what: string): VexProblem[] {
  return error.issues.slice(0, 20).map((i) => {
    const p = base + pointer(...i.path.map((x) => (typeof x === "symbol" ? String(x) : x)));
    return {
      file,
      pointer: p,
      code: "VEX_INVALID",
      severity: "error" as const,
      message: `${file}: ${what}: field "${p || "/"}" ${i.message}`,
    };
  });
}
