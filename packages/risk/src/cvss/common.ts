/**
 * Shared pieces of the CVSS parsers: the table-driven vector reader, the error factory and the
 * severity scale. This module, like every file under `cvss/`, imports nothing but `QmsError`
 * (zero runtime dependencies for the scorer).
 */
import { QmsError } from "@qmskit/core";

/** How strictly a vector string is read. */
export type CvssParseMode = "strict" | "lenient";

/** Options of the CVSS parsers. */
export interface CvssParseOptions {
  /**
   * `strict` (default): the exact form of FIRST's JSON schema and specification: the version prefix, the
   * metrics in the specification's order, no surrounding white space, no trailing slash.
   * `lenient`: also accepts what scanners emit: metrics in any order, surrounding white space and a
   * trailing `/`. Unknown metrics, unknown values, duplicates and missing base metrics are errors in
   * both modes, because they make the score ambiguous.
   */
  readonly mode?: CvssParseMode;
}

/** Qualitative severity rating of a CVSS score (CVSS v3.1 §5 and v4.0 §6: the same scale). */
export type CvssSeverity = "None" | "Low" | "Medium" | "High" | "Critical";

/** The reason a vector was rejected, in `error.details.reason`. */
export type CvssErrorReason =
  | "type"
  | "length"
  | "prefix"
  | "syntax"
  | "unknown-metric"
  | "duplicate"
  | "order"
  | "missing"
  | "value";

/** Longest accepted vector string; the longest valid v4.0 vector is about 230 characters. */
export const MAX_VECTOR_LENGTH = 512;

/** @internal A metric of a CVSS version: its abbreviation, its allowed values, and whether it is mandatory. */
export interface MetricDef {
  readonly key: string;
  readonly values: readonly string[];
  readonly mandatory: boolean;
}

/** @internal Builds the `VALIDATION` error every CVSS rejection uses. */
export function cvssError(
  reason: CvssErrorReason,
  message: string,
  metric?: string,
  vector?: unknown,
): QmsError {
  const details: Record<string, unknown> = { reason };
  if (metric !== undefined) details.metric = metric;
  if (typeof vector === "string") details.vector = vector.length > 120 ? `${vector.slice(0, 120)}…` : vector;
  return new QmsError("VALIDATION", message, { details });
}

/** Absent metric marker in a parsed code array. */
export const ABSENT = 255;

/** @internal A compiled metric table: the definitions plus a name lookup that is safe for `__proto__`. */
export interface MetricTable {
  readonly prefix: string;
  readonly defs: readonly MetricDef[];
  readonly index: ReadonlyMap<string, number>;
  readonly valueIndex: readonly ReadonlyMap<string, number>[];
}

/** @internal */
export function compileTable(prefix: string, defs: readonly MetricDef[]): MetricTable {
  return {
    prefix,
    defs,
    index: new Map(defs.map((d, i) => [d.key, i])),
    valueIndex: defs.map((d) => new Map(d.values.map((v, i) => [v, i]))),
  };
}

const show = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * @internal Reads `vector` against `table` and returns one code per metric (the value's index in the
 * metric's `values`, or {@link ABSENT}). Throws a `VALIDATION` {@link QmsError} naming the offending metric.
 */
export function readVector(vector: unknown, table: MetricTable, mode: CvssParseMode): Uint8Array {
  if (typeof vector !== "string")
    throw cvssError("type", `A CVSS vector must be a string, got ${typeof vector}`);
  if (vector.length > MAX_VECTOR_LENGTH)
    throw cvssError(
      "length",
      `CVSS vector is ${vector.length} characters long; the limit is ${MAX_VECTOR_LENGTH}`,
    );
  let text = vector;
  if (mode === "lenient") {
    text = text.trim();
    if (text.endsWith("/")) text = text.slice(0, -1);
  }
  const parts = text.split("/");
  if (parts[0] !== table.prefix)
    throw cvssError(
      "prefix",
      `CVSS vector must start with "${table.prefix}/", found ${show(parts[0] ?? "")}`,
      "CVSS",
      vector,
    );
  const { defs, index, valueIndex } = table;
  const codes = new Uint8Array(defs.length).fill(ABSENT);
  let last = -1;
  for (let p = 1; p < parts.length; p++) {
    const part = parts[p]!;
    const colon = part.indexOf(":");
    if (colon <= 0)
      throw cvssError(
        "syntax",
        part === ""
          ? `Empty metric at position ${p} of the CVSS vector (stray "/")`
          : `Metric ${show(part)} is not of the form METRIC:VALUE`,
        part === "" ? undefined : part,
        vector,
      );
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const i = index.get(key);
    if (i === undefined)
      throw cvssError("unknown-metric", `Unknown ${table.prefix} metric ${show(key)}`, key, vector);
    const def = defs[i]!;
    if (codes[i] !== ABSENT)
      throw cvssError("duplicate", `Metric ${key} appears more than once`, key, vector);
    const v = valueIndex[i]!.get(value);
    if (v === undefined)
      throw cvssError(
        "value",
        `Invalid value ${show(value)} for metric ${key}; allowed: ${def.values.join(", ")}`,
        key,
        vector,
      );
    if (mode === "strict" && i < last) {
      throw cvssError(
        "order",
        `Metric ${key} is out of order: it must come before ${defs[last]!.key} (strict mode follows the specification's order; use lenient mode for other orderings)`,
        key,
        vector,
      );
    }
    last = i;
    codes[i] = v;
  }
  for (let m = 0; m < defs.length; m++)
    if (defs[m]!.mandatory && codes[m] === ABSENT) throw missing(defs[m]!.key, vector);
  return codes;
}

function missing(key: string, vector: unknown): QmsError {
  return cvssError("missing", `Mandatory base metric ${key} is missing`, key, vector);
}

/** @internal Rebuilds the vector string in the specification's order (the canonical form). */
export function formatVector(codes: Uint8Array, table: MetricTable): string {
  let out = table.prefix;
  for (let i = 0; i < table.defs.length; i++) {
    const c = codes[i]!;
    if (c !== ABSENT) out += `/${table.defs[i]!.key}:${table.defs[i]!.values[c]}`;
  }
  return out;
}

/** @internal The metrics as a plain record (null prototype), abbreviation → value. */
export function metricRecord(codes: Uint8Array, table: MetricTable): Readonly<Record<string, string>> {
  const out: Record<string, string> = Object.create(null);
  for (let i = 0; i < table.defs.length; i++) {
    const c = codes[i]!;
    if (c !== ABSENT) out[table.defs[i]!.key] = table.defs[i]!.values[c]!;
  }
  return Object.freeze(out);
}

/**
 * The qualitative severity of a CVSS v3.1 or v4.0 score: None 0.0, Low 0.1–3.9, Medium 4.0–6.9,
 * High 7.0–8.9, Critical 9.0–10.0.
 *
 * @example
 * ```ts
 * cvssSeverity(9.8); // "Critical"
 * ```
 */
export function cvssSeverity(score: number): CvssSeverity {
  if (!(score >= 0 && score <= 10)) throw cvssError("value", `A CVSS score lies in 0.0–10.0, got ${score}`);
  if (score === 0) return "None";
  if (score < 4) return "Low";
  if (score < 7) return "Medium";
  if (score < 9) return "High";
  return "Critical";
}
