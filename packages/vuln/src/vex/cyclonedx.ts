/**
 * CycloneDX VEX reader: `vulnerabilities[]` with `analysis` and `affects[]`, embedded in a BOM or
 * in a separate VEX BOM (1.4–1.7). `affects[].ref` is a `bom-ref` or a BOM-Link
 * (`urn:cdx:<serial>/<version>#<bom-ref>`); when the document also lists components, the ref is
 * resolved to the component's purl.
 *
 * State mapping: `exploitable` → affected, `in_triage` → under_investigation, `resolved` and
 * `resolved_with_pedigree` → fixed, `not_affected` and `false_positive` → not_affected. A
 * vulnerability without `analysis.state` is reported as affected (CycloneDX lists it as present).
 *
 * @requirement SEC-07 the supplier's exploitability statement (VEX) is kept with each finding
 */
import { z } from "zod";
import {
  pointer,
  type VexLoad,
  type VexProblem,
  type VexStatement,
  type VexStatus,
  zodProblems,
} from "./model.js";

const STATE: Readonly<Record<string, VexStatus>> = {
  exploitable: "affected",
  in_triage: "under_investigation",
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
  not_affected: "not_affected",
  false_positive: "not_affected",
};

const VulnerabilitySchema = z.object({
  id: z.string().optional(),
  "bom-ref": z.string().optional(),
  references: z.array(z.object({ id: z.string().optional() })).optional(),
  analysis: z
    .object({
      state: z.string().optional(),
      justification: z.string().optional(),
      response: z.array(z.string()).optional(),
      detail: z.string().optional(),
      firstIssued: z.string().optional(),
      lastUpdated: z.string().optional(),
    })
    .optional(),
  affects: z.array(z.object({ ref: z.string() })).optional(),
  updated: z.string().optional(),
  published: z.string().optional(),
  credits: z.unknown().optional(),
});

interface RawComponent {
  "bom-ref"?: unknown;
  purl?: unknown;
  cpe?: unknown;
  name?: unknown;
  version?: unknown;
  components?: unknown;
}

function partyName(p: unknown): string | undefined {
  if (typeof p !== "object" || p === null) return undefined;
  const name = (p as { name?: unknown }).name;
  return typeof name === "string" ? name : undefined;
}

/** True when the value is a CycloneDX BOM with a `vulnerabilities` array. */
export function isCycloneDxVex(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { bomFormat?: unknown }).bomFormat === "CycloneDX" &&
    Array.isArray((value as { vulnerabilities?: unknown }).vulnerabilities)
  );
}

/**
 * Read the VEX statements of a CycloneDX BOM (JSON-decoded).
 *
 * @example
 * ```ts
 * const { statements } = parseCycloneDxVex(JSON.parse(bomText), "bom.cdx.json");
 * ```
 */
export function parseCycloneDxVex(value: unknown, file = "<input>"): VexLoad {
  const problems: VexProblem[] = [];
  const statements: VexStatement[] = [];
  if (!isCycloneDxVex(value)) {
    problems.push({
      file,
      pointer: "",
      code: "VEX_FORMAT",
      severity: "error",
      message: `${file}: not a CycloneDX BOM with "vulnerabilities"`,
    });
    return { format: "cyclonedx", statements, problems };
  }
  const bom = value as {
    serialNumber?: unknown;
    metadata?: Record<string, unknown>;
    components?: unknown;
    vulnerabilities: unknown[];
  };
  const byRef = new Map<string, RawComponent>();
  const walk = (list: unknown, depth: number) => {
    if (!Array.isArray(list) || depth > 64) return;
    for (const c of list as RawComponent[]) {
      if (typeof c !== "object" || c === null) continue;
      if (typeof c["bom-ref"] === "string") byRef.set(c["bom-ref"], c);
      walk(c.components, depth + 1);
    }
  };
  walk(bom.components, 0);
  const meta = bom.metadata ?? {};
  if (typeof meta.component === "object" && meta.component !== null) walk([meta.component], 0);
  const metaTime = typeof meta.timestamp === "string" ? meta.timestamp : undefined;
  const authors = Array.isArray(meta.authors)
    ? (meta.authors as unknown[]).map(partyName).filter((x): x is string => !!x)
    : [];
  const who =
    authors.length > 0
      ? authors.join(", ")
      : (partyName(meta.manufacturer) ?? partyName(meta.supplier) ?? partyName(meta.manufacture));
  const serial = typeof bom.serialNumber === "string" ? bom.serialNumber : undefined;
  for (const [i, raw] of bom.vulnerabilities.entries()) {
    const where = pointer("vulnerabilities", i);
    const parsed = VulnerabilitySchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, file, where, "CycloneDX vulnerability"));
      continue;
    }
    const v = parsed.data;
    if (!v.id) {
      problems.push({
        file,
        pointer: `${where}/id`,
        code: "VEX_INVALID",
        severity: "error",
        message: `${file}: ${where} has no "id"`,
      });
      continue;
    }
    const state = v.analysis?.state;
    const status: VexStatus | undefined =
      state === undefined ? "affected" : Object.hasOwn(STATE, state) ? STATE[state] : undefined;
    if (!status) {
      problems.push({
        file,
        pointer: `${where}/analysis/state`,
        code: "VEX_INVALID",
        severity: "error",
        message: `${file}: ${where}/analysis/state "${state}" is not a CycloneDX impact analysis state`,
      });
      continue;
    }
    const products = (v.affects ?? []).map((a) => {
      const ref =
        a.ref.startsWith("urn:cdx:") && a.ref.includes("#")
          ? decodeURIComponent(a.ref.slice(a.ref.indexOf("#") + 1))
          : a.ref;
      const c = byRef.get(ref);
      const purl = typeof c?.purl === "string" ? c.purl : ref.startsWith("pkg:") ? ref : undefined;
      return {
        id: a.ref,
        bomRef: ref,
        ...(purl ? { purl } : {}),
        ...(typeof c?.cpe === "string" ? { cpe: c.cpe } : {}),
        ...(typeof c?.name === "string" ? { name: c.name } : {}),
        ...(typeof c?.version === "string" ? { version: c.version } : {}),
      };
    });
    const timestamp = v.analysis?.lastUpdated ?? v.analysis?.firstIssued ?? v.updated ?? metaTime;
    const aliases = (v.references ?? []).map((r) => r.id).filter((x): x is string => typeof x === "string");
    statements.push({
      format: "cyclonedx",
      vulnerability: v.id,
      aliases,
      products,
      status,
      sourceStatus: state ?? "(no analysis)",
      ...(v.analysis?.justification ? { justification: v.analysis.justification } : {}),
      ...(v.analysis?.detail ? { impactStatement: v.analysis.detail } : {}),
      ...(v.analysis?.response?.length ? { actionStatement: v.analysis.response.join(", ") } : {}),
      ...(who ? { author: who } : {}),
      ...(timestamp ? { timestamp } : {}),
      ...(serial ? { documentId: serial } : {}),
      source: `${file}#${where}`,
    });
  }
  return { format: "cyclonedx", statements, problems };
}
