/**
 * Schema validation against the official schemas shipped in `schemas/`.
 *
 * - CycloneDX JSON 1.4–1.7: the official draft-07 schemas with `spdx`, `jsf-0.82` and `cryptography-defs`
 *   registered locally under their `$id`s; SPDX 2.2/2.3 JSON: the official SPDX 2.3 schema (draft 2019-09).
 * - Formats are asserted (`date-time`, `date`, `uri`, `iri-reference`, `idn-email`): the JSF `algorithm`
 *   is `oneOf[enum, {format: uri}]`, so without `uri` assertion valid signed documents are rejected.
 * - `uniqueItems` is removed from the compiled copies and replaced by a linear hash-based check
 *   (see `unique.ts`), so validation is linear in the document size.
 * - Each schema is compiled once, lazily, and cached (one fast first-error validator, and an all-errors one
 *   used only to report issues of a document that failed).
 *
 * @requirement SEC-04 the SBOM is a machine-readable, schema-valid artefact (FDA premarket §V.A.4(b), NTIA "automation support")
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormatsModule from "ajv-formats";
import { schemaJson } from "./schemas.js";
import { findDuplicate } from "./unique.js";

/** One schema or structural problem: a JSON pointer into the document and a message a person can act on. */
export interface ValidationIssue {
  /** JSON pointer (RFC 6901) of the offending value; `""` for the document root. */
  path: string;
  message: string;
}

const UNIQUE_KEYWORD = "x-qmskit-unique-items";
/** Upper bound on the issues reported for one document (the first ones are the useful ones). */
export const MAX_ISSUES = 200;

// ajv-formats is CommonJS with `module.exports = formatsPlugin; exports.default = formatsPlugin`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** Replaces `uniqueItems: true` by the linear keyword, in place, throughout a schema. */
function replaceUniqueItems(node: unknown): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const item of node) replaceUniqueItems(item);
    return;
  }
  const obj = node as Record<string, unknown>;
  if (obj.uniqueItems === true) {
    delete obj.uniqueItems;
    obj[UNIQUE_KEYWORD] = true;
  }
  for (const value of Object.values(obj)) replaceUniqueItems(value);
}

function uniqueItemsValidator(schema: boolean, data: unknown[]): boolean {
  if (!schema) return true;
  const pair = findDuplicate(data);
  if (pair === undefined) return true;
  (uniqueItemsValidator as unknown as { errors: Partial<ErrorObject>[] }).errors = [
    {
      keyword: "uniqueItems",
      message: `must NOT have duplicate items (items ## ${pair[1]} and ${pair[0]} are identical)`,
      params: { i: pair[1], j: pair[0] },
    },
  ];
  return false;
}

/** `iri-reference` as in the python-jsonschema reference run: any string without whitespace. */
const IRI_REFERENCE = /^\S*$/u;
/** `idn-email`: local@domain with no whitespace (internationalised characters allowed). */
const IDN_EMAIL = /^[^\s@]+@[^\s@]+$/u;

/**
 * Equivalent, non-backtracking forms of official schema patterns that dominate validation time. The CycloneDX
 * hash-content pattern is an alternation of five lengths that V8 rescans per alternative; the nested form
 * accepts exactly the same strings (32, 40, 64, 96 or 128 hex digits) in one scan.
 */
const PATTERN_REWRITES: Record<string, string> = {
  "^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$":
    "^[a-fA-F0-9]{32}(?:[a-fA-F0-9]{8}(?:[a-fA-F0-9]{24}(?:[a-fA-F0-9]{32}(?:[a-fA-F0-9]{32})?)?)?)?$",
};

const regExp = Object.assign(
  (pattern: string, flags: string) =>
    new RegExp(Object.hasOwn(PATTERN_REWRITES, pattern) ? PATTERN_REWRITES[pattern]! : pattern, flags),
  { code: "new RegExp" },
);

function configure<T extends Ajv>(ajv: T): T {
  addFormats(ajv as unknown as Ajv);
  ajv.addFormat("iri-reference", IRI_REFERENCE);
  ajv.addFormat("idn-email", IDN_EMAIL);
  ajv.addKeyword({
    keyword: UNIQUE_KEYWORD,
    type: "array",
    schemaType: "boolean",
    errors: true,
    validate: uniqueItemsValidator,
  });
  // Non-standard CycloneDX annotations.
  ajv.addKeyword({ keyword: "meta:enum", schemaType: "object" });
  return ajv;
}

function loadSchema(file: string, withUnique: boolean): Record<string, unknown> {
  const schema = schemaJson(file);
  if (!withUnique) replaceUniqueItems(schema);
  return schema;
}

/** The schema files a version needs (the main one last). */
function cyclonedxFiles(version: string): string[] {
  const refs = ["spdx.schema.json", "jsf-0.82.schema.json"];
  if (version === "1.7") refs.push("cryptography-defs.schema.json");
  return [...refs, `bom-${version}.schema.json`];
}

export type SchemaId = `cyclonedx-${"1.4" | "1.5" | "1.6" | "1.7"}` | "spdx-2.3";

const compiled = new Map<string, ValidateFunction>();

/**
 * Returns the compiled validator for a schema (cached).
 * `allErrors` collects every issue (used after a failure); `official` keeps `uniqueItems` as published
 * (quadratic: only for the benchmark comparison).
 */
export function compiledValidator(
  id: SchemaId,
  opts: { allErrors?: boolean; official?: boolean } = {},
): ValidateFunction {
  const allErrors = opts.allErrors ?? false;
  const official = opts.official ?? false;
  const key = `${id}|${allErrors}|${official}`;
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;
  const options = {
    strict: false,
    allErrors,
    validateFormats: true,
    messages: true,
    code: { regExp },
  } as const;
  let fn: ValidateFunction;
  if (id === "spdx-2.3") {
    const ajv = configure(new Ajv2019(options) as unknown as Ajv);
    fn = ajv.compile(loadSchema("spdx-2.3.schema.json", official));
  } else {
    const ajv = configure(new Ajv(options));
    const files = cyclonedxFiles(id.slice("cyclonedx-".length));
    for (const file of files.slice(0, -1)) ajv.addSchema(loadSchema(file, official));
    fn = ajv.compile(loadSchema(files.at(-1)!, official));
  }
  compiled.set(key, fn);
  return fn;
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `required property "${String(p.missingProperty)}" is missing`;
    case "additionalProperties":
      return `property "${String(p.additionalProperty)}" is not allowed here (check its spelling or the spec version)`;
    case "enum":
      return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "format":
      return `must be a valid ${String(p.format)}${p.format === "date-time" ? " (RFC 3339, e.g. 2024-01-31T12:00:00Z)" : ""}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "type":
      return `must be of type ${String(p.type)}`;
    case "oneOf":
      return "must match exactly one of the allowed forms (see the other issues at this path)";
    case "anyOf":
      return "must match at least one of the allowed forms (see the other issues at this path)";
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/** Turns ajv errors into de-duplicated {@link ValidationIssue}s. */
export function toIssues(errors: readonly ErrorObject[] | null | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const issue = { path: error.instancePath, message: describe(error) };
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
    if (issues.length >= MAX_ISSUES) break;
  }
  return issues;
}

/**
 * Validates a parsed document against one schema. Fast path: the first-error validator; on failure the
 * all-errors validator collects the issues.
 */
export function validateAgainst(id: SchemaId, document: unknown): ValidationIssue[] {
  const fast = compiledValidator(id);
  if (fast(document)) return [];
  const full = compiledValidator(id, { allErrors: true });
  full(document);
  const issues = toIssues(full.errors ?? fast.errors);
  return issues.length > 0 ? issues : toIssues(fast.errors);
}
