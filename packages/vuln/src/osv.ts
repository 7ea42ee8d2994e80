/**
 * OSV 1.x advisories: the typed model (zod), validation against the official OSV JSON schema (ajv,
 * bundled in `schemas/osv-schema.json`), and parsing of one record or an array of records.
 *
 * @requirement SOUP-03 published anomaly lists (OSV advisories) are read and checked before matching
 */
import { QmsError } from "@qmskit/core";
import _Ajv2020 from "ajv/dist/2020.js";
import _addFormats from "ajv-formats";
import { z } from "zod";
import osvJsonSchema from "../schemas/osv-schema.json" with { type: "json" };

/** One event of a range, as written (`introduced`, `fixed`, `last_affected` or `limit`). */
export const OsvEventSchema = z.object({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});
export type OsvEvent = z.infer<typeof OsvEventSchema>;

/** An `affected[].ranges[]` entry. `type` is kept as a string so unknown types can be reported. */
export const OsvRangeSchema = z.object({
  type: z.string(),
  repo: z.string().optional(),
  events: z.array(z.looseObject({})),
});
export type OsvRange = z.infer<typeof OsvRangeSchema>;

/** A severity score: `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, … with its vector or rating. */
export const OsvSeveritySchema = z.object({ type: z.string(), score: z.string() });
export type OsvSeverity = z.infer<typeof OsvSeveritySchema>;

/** The package an `affected` entry is about. */
export const OsvPackageSchema = z.object({
  ecosystem: z.string(),
  name: z.string(),
  purl: z.string().optional(),
});
export type OsvPackage = z.infer<typeof OsvPackageSchema>;

/** One `affected[]` entry. */
export const OsvAffectedSchema = z.object({
  package: OsvPackageSchema.optional(),
  severity: z.array(OsvSeveritySchema).nullish(),
  ranges: z.array(OsvRangeSchema).nullish(),
  versions: z.array(z.string()).nullish(),
});
export type OsvAffected = z.infer<typeof OsvAffectedSchema>;

/** An OSV record (fields qmskit uses; others are dropped). */
export const OsvRecordSchema = z.object({
  schema_version: z.string().optional(),
  id: z.string().min(1),
  modified: z.string(),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  related: z.array(z.string()).optional(),
  upstream: z.array(z.string()).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(OsvSeveritySchema).nullish(),
  affected: z.array(OsvAffectedSchema).nullish(),
  references: z.array(z.object({ type: z.string(), url: z.string() })).nullish(),
});
export type OsvRecord = z.infer<typeof OsvRecordSchema>;

/** A problem found while reading advisories: which file, which record, which field, and what. */
export interface AdvisoryProblem {
  /** The file (or `zip!entry`) the problem is in. */
  readonly file: string;
  /** The record id when known. */
  readonly id?: string;
  /** JSON pointer of the offending field (`""` for the whole file). */
  readonly pointer: string;
  /** Stable code: `OSV_READ`, `OSV_JSON`, `OSV_SCHEMA`, `OSV_SHAPE`, `OSV_DUPLICATE`, `OSV_GIT_RANGE`, `OSV_ZIP`. */
  readonly code: string;
  /** `error`: the record was not loaded; `warning`: it was loaded, but the issue may affect results. */
  readonly severity: "error" | "warning";
  readonly message: string;
}

/** An advisory with where it came from. */
export interface Advisory {
  readonly record: OsvRecord;
  /** File (or `zip!entry`) it was read from, with `#n` for the n-th record of an array. */
  readonly source: string;
}

type AjvValidate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: unknown }[] | null;
};
let compiled: AjvValidate | undefined;

function validator(): AjvValidate {
  if (compiled) return compiled;
  // ajv and ajv-formats are CommonJS; their default export sits on `.default` under some loaders.
  const Ajv2020 = ((_Ajv2020 as unknown as { default?: unknown }).default ?? _Ajv2020) as new (
    o: object,
  ) => { compile(s: object): AjvValidate };
  const addFormats = ((_addFormats as unknown as { default?: unknown }).default ?? _addFormats) as (
    a: unknown,
  ) => void;
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  addFormats(ajv);
  compiled = ajv.compile(osvJsonSchema as object);
  return compiled;
}

/**
 * Validate a record against the OSV JSON schema. Returns the violations (empty when valid); each
 * names the JSON pointer of the field.
 *
 * @example
 * ```ts
 * validateOsvSchema({ id: "X" }); // [{ pointer: "", message: "must have required property 'modified'" }]
 * ```
 */
export function validateOsvSchema(record: unknown): { pointer: string; message: string }[] {
  const validate = validator();
  if (validate(record)) return [];
  return (validate.errors ?? []).map((e) => ({ pointer: e.instancePath, message: e.message ?? "invalid" }));
}

function shapeProblems(error: z.ZodError): { pointer: string; message: string }[] {
  return error.issues.map((i) => ({
    pointer:
      i.path.length === 0
        ? ""
        : `/${i.path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`,
    message: i.message,
  }));
}

/** Result of {@link safeParseOsv}. */
export type SafeParseOsvResult =
  | { success: true; data: OsvRecord; warnings: AdvisoryProblem[] }
  | { success: false; error: QmsError };

/**
 * Parse one OSV record (already JSON-decoded). `options.schema: false` skips the OSV JSON schema check.
 * Schema violations that still leave a usable record
 * are returned as warnings (the record is kept: dropping an advisory would hide a vulnerability);
 * a record without `id`/`modified` or with mistyped fields is an error.
 */
export function safeParseOsv(
  value: unknown,
  file = "<input>",
  options: { schema?: boolean } = {},
): SafeParseOsvResult {
  const idOf = (v: unknown) =>
    typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string"
      ? (v as { id: string }).id
      : undefined;
  const id = idOf(value);
  const shaped = OsvRecordSchema.safeParse(value);
  if (!shaped.success) {
    const problems = shapeProblems(shaped.error);
    const first = problems[0] ?? { pointer: "", message: "invalid" };
    return {
      success: false,
      error: new QmsError(
        "OSV_INVALID",
        `${file}: OSV record${id ? ` ${id}` : ""} is not usable: field "${first.pointer || "/"}" ${first.message}`,
        { details: { file, id, pointer: first.pointer, problems } },
      ),
    };
  }
  const schemaProblems = options.schema === false ? [] : validateOsvSchema(value);
  const warnings: AdvisoryProblem[] = schemaProblems.map((p) => ({
    file,
    id: shaped.data.id,
    pointer: p.pointer,
    code: "OSV_SCHEMA",
    severity: "warning",
    message: `${file}: ${shaped.data.id}: field "${p.pointer || "/"}" ${p.message} (OSV schema)`,
  }));
  for (const [ai, affected] of (shaped.data.affected ?? []).entries())
    for (const [ri, range] of (affected.ranges ?? []).entries())
      if (range.type === "GIT")
        warnings.push({
          file,
          id: shaped.data.id,
          pointer: `/affected/${ai}/ranges/${ri}`,
          code: "OSV_GIT_RANGE",
          severity: "warning",
          message: `${file}: ${shaped.data.id}: GIT range${range.repo ? ` on ${range.repo}` : ""} is not supported (it needs the repository's commit graph); only the versions list and other ranges of this entry are used`,
        });
  return { success: true, data: shaped.data, warnings };
}

/**
 * Parse one OSV record; throws a `OSV_INVALID` {@link QmsError} naming the file and field.
 *
 * @example
 * ```ts
 * const record = parseOsv(JSON.parse(text), "GHSA-xxxx.json");
 * ```
 */
export function parseOsv(value: unknown, file = "<input>"): OsvRecord {
  const r = safeParseOsv(value, file);
  if (!r.success) throw r.error;
  return r.data;
}

/** What {@link parseAdvisoryText} and the readers return. */
export interface AdvisoryLoad {
  readonly advisories: Advisory[];
  readonly problems: AdvisoryProblem[];
}

/**
 * Parse the text of one advisory file: one OSV record or a JSON array of records. Bad records are
 * reported in `problems` and do not stop the others. Node.js Security WG advisories (npm) are
 * recognised and converted (see {@link nswgToOsv}) when a converter is supplied.
 */
export function parseAdvisoryText(
  text: string,
  file: string,
  convert?: (value: unknown, file: string) => unknown,
): AdvisoryLoad {
  const problems: AdvisoryProblem[] = [];
  const advisories: Advisory[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    problems.push({
      file,
      pointer: "",
      code: "OSV_JSON",
      severity: "error",
      message: `${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    });
    return { advisories, problems };
  }
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, index) => {
    const source = Array.isArray(value) ? `${file}#${index}` : file;
    const candidate = convert ? convert(item, source) : item;
    // converted records (Node.js Security WG) are ours: their `NSWG-ECO-n` id is the WG's own name, not a
    // registered OSV prefix, so they skip the schema check (the conversion is tested instead)
    const r = safeParseOsv(candidate, source, { schema: candidate === item });
    if (r.success) {
      advisories.push({ record: r.data, source });
      problems.push(...r.warnings);
    } else
      problems.push({
        file: source,
        ...(typeof r.error.details.id === "string" ? { id: r.error.details.id } : {}),
        pointer: String(r.error.details.pointer ?? ""),
        code: "OSV_SHAPE",
        severity: "error",
        message: r.error.message,
      });
  });
  return { advisories, problems };
}
