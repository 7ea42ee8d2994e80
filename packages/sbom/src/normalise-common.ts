/**
 * Building blocks shared by the format normalisers: licences (spdx-expression-parse), purls
 * (packageurl-js), SPDX party strings, hash algorithm names, and the reader context that collects
 * skipped parts and warnings.
 */
import { PackageURL } from "packageurl-js";
import parseSpdxExpression from "spdx-expression-parse";
import type { Hash, License, LicenseAcknowledgement, Party, Skipped } from "./model.js";
import type { ValidationIssue } from "./validate.js";

/** Collects what a normaliser could not use (`skipped`) and what it used with a caveat (`warnings`). */
export class ReadContext {
  readonly skipped: Skipped[] = [];
  readonly warnings: ValidationIssue[] = [];
  /** Cap so that a hostile document with millions of bad entries cannot blow up the report. */
  static readonly MAX_REPORTED = 1000;

  skip(path: string, reason: string): void {
    if (this.skipped.length < ReadContext.MAX_REPORTED) this.skipped.push({ path, reason });
  }

  warn(path: string, message: string): void {
    if (this.warnings.length < ReadContext.MAX_REPORTED) this.warnings.push({ path, message });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A non-empty string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

const EMPTY: readonly unknown[] = Object.freeze([]);

/** The value if it is an array, else a shared empty array (read-only: only iterate it). */
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY;
}

/** Escapes a JSON pointer segment (RFC 6901). */
export function ptr(segment: string | number): string {
  return typeof segment === "number" ? String(segment) : segment.replace(/~/gu, "~0").replace(/\//gu, "~1");
}

/** Copies only the defined optional fields (for `exactOptionalPropertyTypes`). */
export function defined<T extends object>(obj: T): T {
  // Copy instead of `delete`: deleting keys drops V8 objects into slow dictionary mode.
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    const value = obj[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

const expressionCache = new Map<string, License>();

/**
 * A licence from an SPDX expression string. `NONE`/`NOASSERTION` map to their kinds; anything
 * spdx-expression-parse rejects becomes a `name` licence. Parsed ASTs are cached and shared: treat them as
 * read-only.
 */
export function licenseFromExpression(expression: string): License {
  const trimmed = expression.trim();
  if (trimmed === "NONE") return { kind: "none" };
  if (trimmed === "NOASSERTION") return { kind: "noassertion" };
  let license = expressionCache.get(trimmed);
  if (license === undefined) {
    try {
      license = { kind: "expression", expression: trimmed, parsed: parseSpdxExpression(trimmed) };
    } catch {
      license = { kind: "name", name: trimmed };
    }
    if (expressionCache.size < 10_000) expressionCache.set(trimmed, license);
  }
  return license;
}

/**
 * `license` with its `acknowledgement` set (a copy: licences from {@link licenseFromExpression} are shared),
 * or `license` itself when `acknowledgement` is undefined.
 */
export function withAcknowledgement(
  license: License,
  acknowledgement: LicenseAcknowledgement | undefined,
): License {
  return acknowledgement === undefined ? license : { ...license, acknowledgement };
}

/** A CycloneDX 1.6+ `acknowledgement` value (`concluded` / `declared`), or undefined for anything else. */
export function acknowledgementOf(value: unknown): LicenseAcknowledgement | undefined {
  if (typeof value !== "string") return undefined;
  const v = value.trim().toLowerCase();
  return v === "concluded" || v === "declared" ? v : undefined;
}

/**
 * A strict subset of purl syntax (lower-case type among those without type-specific rules, plain-character
 * namespace/name, version; no qualifiers, subpath or percent-escapes) that packageurl-js always accepts
 * (checked by a fast-check property test). It lets the common case skip the full parser, which costs about
 * as much as the rest of normalisation on 100k-component SBOMs; everything else goes to packageurl-js.
 */
const SIMPLE_PURL =
  /^pkg:(?:npm|pypi|cargo|gem|nuget|generic|maven)\/[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*@[A-Za-z0-9._+-]+$/u;

/** True when packageurl-js accepts the purl. */
export function isValidPurl(purl: string): boolean {
  if (SIMPLE_PURL.test(purl) && (!purl.startsWith("pkg:maven/") || purl.indexOf("/", 10) > 0)) return true;
  try {
    PackageURL.fromString(purl);
    return true;
  } catch (e) {
    // packageurl-js 2.0.1 throws a ReferenceError ("throws is not defined") from its golang version check for
    // versions such as "v1.2.3": a library bug, not an invalid purl, so it is not reported.
    return e instanceof ReferenceError;
  }
}

/**
 * SPDX 2 party string: `Person: Jane Doe (jane@example.com)`, `Organization: ACME ()`, `Tool: x-1.0`,
 * or `NOASSERTION`. Returns the kind and the party.
 */
export function parseSpdxParty(value: string): { kind: string; party: Party } | undefined {
  const m = /^\s*(Person|Organization|Tool)\s*:\s*(.*?)\s*(?:\(([^()]*)\))?\s*$/u.exec(value);
  if (m === null) return undefined;
  const party: Party = {};
  const name = m[2]?.trim();
  if (name) party.name = name;
  const email = m[3]?.trim();
  if (email) party.email = email;
  return { kind: m[1]!, party };
}

/** Formats a party as an SPDX 2 `Organization: name (email)` string. */
export function formatSpdxParty(party: Party, kind: "Organization" | "Person" = "Organization"): string {
  return `${kind}: ${party.name ?? party.url ?? "unknown"}${party.email === undefined ? "" : ` (${party.email})`}`;
}

/** Splits `syft-0.60.0` / `LicenseFind-1.0` into name and version. */
export function splitToolName(value: string): { name: string; version?: string } {
  const m = /^(.*?)[-\s@]v?(\d[\w.+-]*)$/u.exec(value.trim());
  const name = m?.[1]?.replace(/[\s-]+$/u, "");
  if (m === null || name === undefined || name === "") return { name: value.trim() };
  return { name, version: m[2]! };
}

const SPDX_TO_CDX_ALG: Record<string, string> = {
  MD2: "MD2",
  MD4: "MD4",
  MD5: "MD5",
  MD6: "MD6",
  SHA1: "SHA-1",
  SHA224: "SHA-224",
  SHA256: "SHA-256",
  SHA384: "SHA-384",
  SHA512: "SHA-512",
  "SHA3-256": "SHA3-256",
  "SHA3-384": "SHA3-384",
  "SHA3-512": "SHA3-512",
  SHA3_256: "SHA3-256",
  SHA3_384: "SHA3-384",
  SHA3_512: "SHA3-512",
  "BLAKE2B-256": "BLAKE2b-256",
  "BLAKE2B-384": "BLAKE2b-384",
  "BLAKE2B-512": "BLAKE2b-512",
  BLAKE2B_256: "BLAKE2b-256",
  BLAKE2B_384: "BLAKE2b-384",
  BLAKE2B_512: "BLAKE2b-512",
  BLAKE3: "BLAKE3",
  ADLER32: "ADLER32",
};

/**
 * Hash algorithm names are normalised to the CycloneDX spelling (`SHA-256`, `BLAKE2b-256`) so that hashes
 * from SPDX (`SHA256`, SPDX 3 `sha256`) and CycloneDX compare equal.
 */
export function normaliseAlg(alg: string): string {
  const key = alg
    .trim()
    .toUpperCase()
    .replace(/^SHA-(\d)/u, "SHA$1");
  return SPDX_TO_CDX_ALG[key] ?? alg.trim();
}

const CDX_TO_SPDX_ALG: Record<string, string> = {
  "SHA-1": "SHA1",
  "SHA-224": "SHA224",
  "SHA-256": "SHA256",
  "SHA-384": "SHA384",
  "SHA-512": "SHA512",
  "SHA3-256": "SHA3-256",
  "SHA3-384": "SHA3-384",
  "SHA3-512": "SHA3-512",
  "BLAKE2b-256": "BLAKE2b-256",
  "BLAKE2b-384": "BLAKE2b-384",
  "BLAKE2b-512": "BLAKE2b-512",
  BLAKE3: "BLAKE3",
  MD2: "MD2",
  MD4: "MD4",
  MD5: "MD5",
  MD6: "MD6",
  ADLER32: "ADLER32",
};

/** The SPDX 2.3 checksum algorithm for a model hash algorithm, or undefined when SPDX has none. */
export function spdxAlg(alg: string): string | undefined {
  return Object.hasOwn(CDX_TO_SPDX_ALG, alg) ? CDX_TO_SPDX_ALG[alg] : undefined;
}

/** CycloneDX hash algorithms accepted by the 1.6/1.7 schemas. */
export const CDX_ALGS = new Set([
  "MD5",
  "SHA-1",
  "SHA-256",
  "SHA-384",
  "SHA-512",
  "SHA3-256",
  "SHA3-384",
  "SHA3-512",
  "BLAKE2b-256",
  "BLAKE2b-384",
  "BLAKE2b-512",
  "BLAKE3",
]);

/** A hash object, or undefined when alg/content are missing. */
export function hashOf(alg: unknown, content: unknown): Hash | undefined {
  const a = str(alg);
  const c = str(content);
  return a === undefined || c === undefined ? undefined : { alg: normaliseAlg(a), content: c };
}
