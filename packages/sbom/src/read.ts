/**
 * The public reading API: {@link readSbom}, {@link parseSbom}, {@link safeParseSbom} and
 * {@link validateSbom}. One parse of the input, format detection from content, schema validation with the
 * cached compiled validators, and normalisation in one pass.
 *
 * @requirement SEC-04 SBOMs of every supported format and version are read into one traceable model
 * @requirement SOUP-01 the component list of a shipped build can be read from its SBOM, whatever the producer
 */
import { isQmsError, QmsError } from "@qmskit/core";
import { z } from "zod";
import { normaliseCycloneDx } from "./cyclonedx.js";
import { cyclonedxXmlToJson } from "./cyclonedx-xml.js";
import {
  type DetectedFormat,
  decodeInput,
  detectJson,
  detectTagValue,
  detectXml,
  type InputOptions,
  parseJson,
  textKind,
} from "./detect.js";
import type { Sbom } from "./model.js";
import { isRecord, ReadContext } from "./normalise-common.js";
import { tagValueToSpdxJson } from "./spdx-tag-value.js";
import { normaliseSpdx2, unwrapLegacySpdx } from "./spdx2.js";
import { normaliseSpdx3 } from "./spdx3.js";
import { type SchemaId, type ValidationIssue, validateAgainst } from "./validate.js";
import { validateCycloneDxXml } from "./xsd.js";

/** What the validation was done with. */
export type ValidatedWith =
  | "json-schema" // the official JSON schema shipped in the package
  | "xsd" // the official CycloneDX XSD (validateSbom only)
  | "structural" // no official schema available here: a structural check (CycloneDX 1.2/1.3, SPDX 3.0, tag-value)
  | "none"; // validation switched off

/** Options of {@link readSbom} / {@link parseSbom}. */
export interface ReadOptions extends InputOptions {
  /** Validate against the schema (default true). */
  validate?: boolean;
  /**
   * Tolerant mode (default true for readSbom/safeParseSbom results, false for parseSbom): schema-invalid
   * documents are still normalised; what could not be used is in `sbom.skipped`.
   */
  tolerant?: boolean;
}

/** The result of {@link readSbom}. */
export interface ReadResult {
  sbom: Sbom;
  format: Sbom["format"];
  specVersion: string;
  encoding: Sbom["encoding"];
  /** Schema verdict; `undefined` when validation was switched off. */
  valid: boolean | undefined;
  validatedWith: ValidatedWith;
  /** Schema (or structural) issues: JSON pointer + message. */
  issues: ValidationIssue[];
  /** Things read with a caveat (non-standard keys, invalid purls, generated refs, legacy layout…). */
  warnings: ValidationIssue[];
}

/** The result of {@link validateSbom}. */
export interface ValidationResult {
  valid: boolean;
  format: Sbom["format"];
  specVersion: string;
  encoding: Sbom["encoding"];
  validatedWith: ValidatedWith;
  issues: ValidationIssue[];
}

const CDX_SCHEMA_VERSIONS = new Set(["1.4", "1.5", "1.6", "1.7"]);
const CDX_STRUCTURAL_VERSIONS = new Set(["1.2", "1.3"]);
const SPDX2_VERSIONS = new Set(["2.2", "2.3"]);

/** Structural check for CycloneDX 1.2/1.3 (their official schemas are not shipped, see schemas/README.md). */
const CycloneDxStructure = z.object({
  bomFormat: z.literal("CycloneDX"),
  specVersion: z.string(),
  serialNumber: z
    .string()
    .regex(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu)
    .optional(),
  version: z.number().int().min(1).optional(),
  metadata: z.object({ timestamp: z.iso.datetime({ offset: true }).optional() }).optional(),
  components: z
    .array(
      z.object({
        type: z.enum([
          "application",
          "framework",
          "library",
          "container",
          "operating-system",
          "device",
          "firmware",
          "file",
        ]),
        name: z.string(),
        version: z.string().optional(),
        "bom-ref": z.string().optional(),
        purl: z.string().optional(),
        hashes: z.array(z.object({ alg: z.string(), content: z.string() })).optional(),
      }),
    )
    .optional(),
  dependencies: z.array(z.object({ ref: z.string(), dependsOn: z.array(z.unknown()).optional() })).optional(),
});

/** Structural check for SPDX 3.0 JSON-LD (no SPDX 3 JSON schema / SHACL shapes are shipped). */
const Spdx3Structure = z.object({
  "@context": z.union([z.string(), z.array(z.unknown())]),
  "@graph": z
    .array(z.object({ type: z.string() }))
    .refine((g) => g.some((n) => n.type === "CreationInfo"), "the @graph needs a CreationInfo element")
    .refine((g) => g.some((n) => n.type === "SpdxDocument"), "the @graph needs an SpdxDocument element"),
});

/** zod issues as {@link ValidationIssue}s with JSON pointer paths. */
function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.slice(0, 200).map((i) => ({
    path:
      i.path.length === 0
        ? ""
        : `/${i.path.map((s) => String(s).replace(/~/gu, "~0").replace(/\//gu, "~1")).join("/")}`,
    message: i.message,
  }));
}

/** Semantic rule the XSD cannot express (XSD 1.1 `assert`): `versionRange` only on external components (1.7). */
function versionRangeIssues(doc: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const walk = (list: unknown, path: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((c, i) => {
      if (!isRecord(c)) return;
      if (c.versionRange !== undefined && c.isExternal !== true) {
        issues.push({
          path: `${path}/${i}/versionRange`,
          message: "versionRange is only allowed when isExternal is true",
        });
      }
      if (c.version !== undefined && c.versionRange !== undefined) {
        issues.push({
          path: `${path}/${i}/versionRange`,
          message: "use either version or versionRange, not both",
        });
      }
      walk(c.components, `${path}/${i}/components`);
    });
  };
  walk(doc.components, "/components");
  return issues;
}

interface Parsed {
  detected: DetectedFormat;
  /** The document in its JSON object form (XML and tag-value converted). */
  doc: Record<string, unknown>;
  /** Original text, kept for XSD validation. */
  text?: string;
  ctx: ReadContext;
}

function parseInput(input: string | Uint8Array, opts: InputOptions): Parsed {
  const text = decodeInput(input, opts);
  const kind = textKind(text);
  const ctx = new ReadContext();
  if (kind === "json") {
    const raw = parseJson(text);
    const detected = detectJson(raw);
    let doc = raw as Record<string, unknown>;
    if (detected.legacy === true) doc = unwrapLegacySpdx(doc, ctx);
    return { detected, doc, ctx };
  }
  if (kind === "xml") {
    const detected = detectXml(text);
    return { detected, doc: cyclonedxXmlToJson(text, detected.specVersion), text, ctx };
  }
  const detected = detectTagValue(text);
  return { detected, doc: tagValueToSpdxJson(text, ctx), ctx };
}

function unsupportedVersion(d: DetectedFormat): QmsError {
  return new QmsError(
    "UNSUPPORTED",
    `${d.format === "cyclonedx" ? "CycloneDX" : "SPDX"} ${d.specVersion} (${d.encoding}) is not supported; supported: CycloneDX JSON 1.2–1.7, CycloneDX XML 1.4–1.7, SPDX 2.2/2.3 JSON and tag-value, SPDX 3.0 JSON-LD`,
    { details: { format: d.format, specVersion: d.specVersion, encoding: d.encoding } },
  );
}

/** Synchronous schema validation of a parsed document (XML: only the XSD-independent semantic rules). */
function validateParsed(p: Parsed): { issues: ValidationIssue[]; with: ValidatedWith } {
  const d = p.detected;
  try {
    if (d.format === "cyclonedx") {
      if (d.encoding === "xml") return { issues: versionRangeIssues(p.doc), with: "structural" };
      if (CDX_SCHEMA_VERSIONS.has(d.specVersion)) {
        return {
          issues: validateAgainst(`cyclonedx-${d.specVersion}` as SchemaId, p.doc),
          with: "json-schema",
        };
      }
      const r = CycloneDxStructure.safeParse(p.doc);
      return { issues: r.success ? [] : zodIssues(r.error), with: "structural" };
    }
    if (d.encoding === "json-ld") {
      const r = Spdx3Structure.safeParse(p.doc);
      return { issues: r.success ? [] : zodIssues(r.error), with: "structural" };
    }
    // SPDX 2.2/2.3 JSON and tag-value (in its JSON form) against the official SPDX 2.3 schema; the
    // legacy wrapped layout is validated as written, so it fails like the reference run.
    return {
      issues: validateAgainst("spdx-2.3", p.doc),
      with: d.encoding === "json" ? "json-schema" : "structural",
    };
  } catch (e) {
    if (e instanceof RangeError) {
      return {
        issues: [
          { path: "", message: "document is nested too deeply to validate (hostile or corrupted input)" },
        ],
        with: "json-schema",
      };
    }
    throw e;
  }
}

function checkSupported(d: DetectedFormat): void {
  const ok =
    d.format === "cyclonedx"
      ? d.encoding === "xml"
        ? CDX_SCHEMA_VERSIONS.has(d.specVersion)
        : CDX_SCHEMA_VERSIONS.has(d.specVersion) || CDX_STRUCTURAL_VERSIONS.has(d.specVersion)
      : d.encoding === "json-ld"
        ? d.specVersion.startsWith("3.")
        : SPDX2_VERSIONS.has(d.specVersion) || d.legacy === true;
  if (!ok) throw unsupportedVersion(d);
}

function normalise(p: Parsed): Sbom {
  const d = p.detected;
  if (d.format === "cyclonedx") return normaliseCycloneDx(p.doc, d.specVersion, d.encoding, p.ctx);
  if (d.encoding === "json-ld") return normaliseSpdx3(p.doc, d.specVersion, p.ctx);
  return normaliseSpdx2(p.doc, d.specVersion, d.encoding, p.ctx);
}

function rethrowDeep(e: unknown): never {
  if (e instanceof RangeError) {
    throw new QmsError("LIMIT_EXCEEDED", "SBOM is nested too deeply to read (hostile or corrupted input)", {
      details: { reason: "depth" },
      cause: e,
    });
  }
  throw e;
}

/**
 * Reads an SBOM of any supported format: detects format and version from content, validates against the
 * shipped official schema (JSON) or a structural check, and normalises into the {@link Sbom} model.
 * Tolerant by default: schema-invalid documents are still normalised and the problems returned as issues.
 *
 * @throws QmsError `SBOM_UNREADABLE` (binary, empty, malformed JSON/XML), `UNSUPPORTED` (format/version),
 *   `SBOM_XML_DOCTYPE`, `LIMIT_EXCEEDED` (size, depth), `VALIDATION` (only with `tolerant: false`).
 * @example
 * ```ts
 * const { sbom, valid, issues } = readSbom(readFileSync("bom.json"));
 * ```
 */
export function readSbom(input: string | Uint8Array, opts: ReadOptions = {}): ReadResult {
  try {
    const parsed = parseInput(input, opts);
    const d = parsed.detected;
    checkSupported(d);
    const validation = opts.validate === false ? undefined : validateParsed(parsed);
    if (validation !== undefined && validation.issues.length > 0 && opts.tolerant === false) {
      throw new QmsError(
        "VALIDATION",
        `SBOM is not valid ${d.format === "cyclonedx" ? "CycloneDX" : "SPDX"} ${d.specVersion}: ${validation.issues[0]!.path || "(root)"} ${validation.issues[0]!.message}${validation.issues.length > 1 ? ` (and ${validation.issues.length - 1} more)` : ""}`,
        { details: { issues: validation.issues } },
      );
    }
    const sbom = normalise(parsed);
    return {
      sbom,
      format: d.format,
      specVersion: d.specVersion,
      encoding: d.encoding,
      valid: validation === undefined ? undefined : validation.issues.length === 0,
      validatedWith: validation?.with ?? "none",
      issues: validation?.issues ?? [],
      warnings: parsed.ctx.warnings,
    };
  } catch (e) {
    rethrowDeep(e);
  }
}

/**
 * Reads and normalises an SBOM, strict by default: a schema-invalid document throws `VALIDATION`
 * (pass `{ tolerant: true }` to get the model anyway).
 */
export function parseSbom(input: string | Uint8Array, opts: ReadOptions = {}): Sbom {
  return readSbom(input, { tolerant: false, ...opts }).sbom;
}

/** Like {@link parseSbom} but never throws: `{ success: true, data, issues, warnings }` or `{ success: false, error }`. */
export function safeParseSbom(
  input: string | Uint8Array,
  opts: ReadOptions = {},
):
  | { success: true; data: Sbom; issues: ValidationIssue[]; warnings: ValidationIssue[] }
  | { success: false; error: QmsError } {
  try {
    const r = readSbom(input, { tolerant: false, ...opts });
    return { success: true, data: r.sbom, issues: r.issues, warnings: r.warnings };
  } catch (e) {
    if (isQmsError(e)) return { success: false, error: e };
    return {
      success: false,
      error: new QmsError("INTERNAL", `unexpected error while reading the SBOM: ${String(e)}`, { cause: e }),
    };
  }
}

/**
 * Validates an SBOM against the official schema of its format and version: JSON schemas for CycloneDX
 * 1.4–1.7 and SPDX 2.2/2.3 JSON, the XSDs for CycloneDX XML 1.4–1.7 (xmllint-wasm), a structural check for
 * CycloneDX 1.2/1.3, SPDX 3.0 and tag-value. Async because XSD validation runs in WebAssembly.
 *
 * @throws QmsError for unreadable or unsupported input (see {@link readSbom}).
 */
export async function validateSbom(
  input: string | Uint8Array,
  opts: InputOptions = {},
): Promise<ValidationResult> {
  let parsed: Parsed;
  try {
    parsed = parseInput(input, opts);
  } catch (e) {
    rethrowDeep(e);
  }
  const d = parsed.detected;
  checkSupported(d);
  let issues: ValidationIssue[];
  let validatedWith: ValidatedWith;
  if (d.encoding === "xml" && parsed.text !== undefined) {
    issues = [...(await validateCycloneDxXml(parsed.text, d.specVersion)), ...versionRangeIssues(parsed.doc)];
    validatedWith = "xsd";
  } else {
    const v = validateParsed(parsed);
    issues = v.issues;
    validatedWith = v.with;
  }
  return {
    valid: issues.length === 0,
    format: d.format,
    specVersion: d.specVersion,
    encoding: d.encoding,
    validatedWith,
    issues,
  };
}
