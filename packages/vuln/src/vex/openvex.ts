/**
 * OpenVEX reader: v0.2.0 (`@context: https://openvex.dev/ns/v0.2.0`), and the legacy v0.0.1 form
 * (string `vulnerability`, string `products`) with a warning. Statements inherit the document
 * timestamp; a document without one is read with a warning (vexctl accepts such documents).
 *
 * @requirement SEC-07 the supplier's exploitability statement (VEX) is kept with each finding
 */
import { z } from "zod";
import {
  pointer,
  type VexLoad,
  type VexProblem,
  type VexProduct,
  type VexStatement,
  VexStatusSchema,
  zodProblems,
} from "./model.js";

const ComponentSchema = z.union([
  z.string(),
  z.object({
    "@id": z.string().optional(),
    identifiers: z
      .object({ purl: z.string().optional(), cpe23: z.string().optional(), cpe22: z.string().optional() })
      .optional(),
  }),
]);

const StatementSchema = z.object({
  "@id": z.string().optional(),
  vulnerability: z.union([
    z.string(),
    z.object({
      "@id": z.string().optional(),
      name: z.string().optional(),
      aliases: z.array(z.string()).optional(),
    }),
  ]),
  timestamp: z.string().optional(),
  last_updated: z.string().optional(),
  products: z
    .array(
      z.union([
        ComponentSchema,
        z
          .object({ "@id": z.string().optional(), subcomponents: z.array(ComponentSchema).optional() })
          .loose(),
      ]),
    )
    .optional(),
  status: VexStatusSchema,
  supplier: z.string().optional(),
  status_notes: z.string().optional(),
  justification: z.string().optional(),
  impact_statement: z.string().optional(),
  action_statement: z.string().optional(),
});

const DocumentSchema = z.object({
  "@context": z.string().optional(),
  "@id": z.string().optional(),
  id: z.string().optional(),
  author: z.string().optional(),
  role: z.string().optional(),
  timestamp: z.string().optional(),
  last_updated: z.string().optional(),
  statements: z.array(z.unknown()),
});

/** True when the value looks like an OpenVEX document. */
export function isOpenVex(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const ctx = v["@context"];
  return (
    (typeof ctx === "string" && ctx.startsWith("https://openvex.dev/ns")) ||
    (v.format === "text/vex+json" && Array.isArray(v.statements))
  );
}

function toProduct(c: z.infer<typeof ComponentSchema>): VexProduct | undefined {
  if (typeof c === "string") return { id: c, ...(c.startsWith("pkg:") ? { purl: c } : {}) };
  const id = c["@id"] ?? c.identifiers?.purl ?? c.identifiers?.cpe23 ?? c.identifiers?.cpe22;
  if (!id) return undefined;
  const purl = c.identifiers?.purl ?? (id.startsWith("pkg:") ? id : undefined);
  const cpe = c.identifiers?.cpe23 ?? c.identifiers?.cpe22 ?? (id.startsWith("cpe:") ? id : undefined);
  return { id, ...(purl ? { purl } : {}), ...(cpe ? { cpe } : {}) };
}

/**
 * Read an OpenVEX document (already JSON-decoded).
 *
 * @example
 * ```ts
 * const { statements, problems } = parseOpenVex(JSON.parse(text), "vex.json");
 * ```
 */
export function parseOpenVex(value: unknown, file = "<input>"): VexLoad {
  const problems: VexProblem[] = [];
  const statements: VexStatement[] = [];
  const doc = DocumentSchema.safeParse(value);
  if (!doc.success)
    return { format: "openvex", statements, problems: zodProblems(doc.error, file, "", "OpenVEX document") };
  const d = doc.data;
  const ctx = d["@context"] ?? "";
  const legacy = !/\/v0\.2\.0$/.test(ctx) && !/\/v0\.[3-9]/.test(ctx);
  if (legacy)
    problems.push({
      file,
      pointer: "/@context",
      code: "VEX_LEGACY",
      severity: "warning",
      message: `${file}: OpenVEX document without a v0.2.0 @context ("${ctx || "none"}"); read as the legacy v0.0.1 form`,
    });
  const docTime = d.timestamp ?? d.last_updated;
  if (!docTime)
    problems.push({
      file,
      pointer: "/timestamp",
      code: "VEX_NO_TIMESTAMP",
      severity: "warning",
      message: `${file}: OpenVEX document has no "timestamp" (required by the schema); statements without their own timestamp rank oldest`,
    });
  const author = d.author ? `${d.author}${d.role ? ` (${d.role})` : ""}` : undefined;
  for (const [i, raw] of d.statements.entries()) {
    const where = pointer("statements", i);
    const s = StatementSchema.safeParse(raw);
    if (!s.success) {
      problems.push(...zodProblems(s.error, file, where, "OpenVEX statement"));
      continue;
    }
    const st = s.data;
    if (typeof st.vulnerability === "string" || st.products?.some((p) => typeof p === "string"))
      if (!legacy)
        problems.push({
          file,
          pointer: where,
          code: "VEX_LEGACY",
          severity: "warning",
          message: `${file}: statement ${where} uses the legacy string form of vulnerability/products`,
        });
    const vuln = typeof st.vulnerability === "string" ? { name: st.vulnerability } : st.vulnerability;
    const vulnId = vuln.name ?? vuln["@id"];
    if (!vulnId) {
      problems.push({
        file,
        pointer: `${where}/vulnerability`,
        code: "VEX_INVALID",
        severity: "error",
        message: `${file}: ${where}/vulnerability has no name`,
      });
      continue;
    }
    const products: VexProduct[] = [];
    for (const p of st.products ?? []) {
      const top = toProduct(p as z.infer<typeof ComponentSchema>);
      const subs =
        typeof p === "object" && "subcomponents" in p && Array.isArray(p.subcomponents)
          ? p.subcomponents
          : [];
      // with subcomponents, the statement is about those components inside the product
      if (subs.length > 0)
        for (const sc of subs) {
          const sp = toProduct(sc as z.infer<typeof ComponentSchema>);
          if (sp) products.push(sp);
        }
      else if (top) products.push(top);
    }
    const timestamp = st.timestamp ?? st.last_updated ?? docTime;
    const aliases = [
      ...(vuln.aliases ?? []),
      ...(vuln["@id"] && vuln["@id"] !== vulnId ? [vuln["@id"]] : []),
    ];
    statements.push({
      format: "openvex",
      vulnerability: vulnId,
      aliases,
      products,
      status: st.status,
      sourceStatus: st.status,
      ...(st.justification ? { justification: st.justification } : {}),
      ...(st.impact_statement ? { impactStatement: st.impact_statement } : {}),
      ...(st.action_statement ? { actionStatement: st.action_statement } : {}),
      ...(st.status_notes ? { statusNotes: st.status_notes } : {}),
      ...(st.supplier || author ? { author: st.supplier ?? author } : {}),
      ...(timestamp ? { timestamp } : {}),
      ...((d["@id"] ?? d.id) ? { documentId: d["@id"] ?? d.id } : {}),
      source: `${file}#${where}`,
    } as VexStatement);
  }
  return { format: "openvex", statements, problems };
}
