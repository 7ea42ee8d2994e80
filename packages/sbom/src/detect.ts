/**
 * Input decoding and format detection from content (never from the file name).
 *
 * Hostile input is stopped here with a typed {@link QmsError}: oversized input (`LIMIT_EXCEEDED`),
 * binary garbage (`SBOM_UNREADABLE`), truncated or malformed JSON (`SBOM_UNREADABLE`), XML with a DOCTYPE
 * (`SBOM_XML_DOCTYPE`, which rules out entity expansion and external entities), unknown formats
 * (`UNSUPPORTED`).
 *
 * @requirement SEC-04 an SBOM from an untrusted supplier is read without crashing, hanging or leaking
 */
import { QmsError } from "@qmskit/core";
import type { SbomEncoding, SbomFormat } from "./model.js";

/** Default upper bound on the input size (characters or bytes): 256 MiB. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** What {@link detectFormat} found. */
export interface DetectedFormat {
  format: SbomFormat;
  encoding: SbomEncoding;
  /** Spec version without prefix (`1.6`, `2.3`, `3.0`); `unknown` when the document does not say. */
  specVersion: string;
  /** The pre-2.2 SPDX JSON layout wrapped in `{"Document": …}`. */
  legacy?: boolean;
}

/** Options shared by the readers. */
export interface InputOptions {
  /** Reject larger input with `LIMIT_EXCEEDED` (default {@link DEFAULT_MAX_BYTES}). */
  maxBytes?: number;
}

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });

/** Decodes bytes (UTF-8, BOM stripped) after the size check; strings pass through (BOM stripped). */
export function decodeInput(input: string | Uint8Array, opts: InputOptions = {}): string {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (typeof input !== "string" && !(input instanceof Uint8Array)) {
    throw new QmsError("VALIDATION", "SBOM input must be a string or a Uint8Array", {
      details: { type: typeof input },
    });
  }
  if (input.length > max) {
    throw new QmsError(
      "LIMIT_EXCEEDED",
      `SBOM input is ${input.length} ${typeof input === "string" ? "characters" : "bytes"}, above the limit of ${max}; raise maxBytes if this document is expected`,
      { details: { size: input.length, maxBytes: max } },
    );
  }
  let text = typeof input === "string" ? input : decoder.decode(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** True when the head of the text looks binary (NUL bytes or many control characters). */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return n > 0 && control / n > 0.1;
}

function firstSignificantChar(text: string): string {
  for (let i = 0; i < text.length && i < 65536; i++) {
    const c = text[i]!;
    if (c !== " " && c !== "\n" && c !== "\r" && c !== "\t") return c;
  }
  return "";
}

/** Parses JSON, turning syntax errors and stack exhaustion into `SBOM_UNREADABLE`. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new QmsError("SBOM_UNREADABLE", `SBOM is not valid JSON (truncated or corrupted?): ${message}`, {
      details: { reason: message },
      cause: e,
    });
  }
}

const CDX_XML_NS = /xmlns(?::\w+)?\s*=\s*["']http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)["']/u;

/** The kind of text the input is, before any parsing. */
export type TextKind = "json" | "xml" | "tag-value";

/** Classifies decoded text (throws for binary garbage and unrecognised text). */
export function textKind(text: string): TextKind {
  if (looksBinary(text)) {
    throw new QmsError("SBOM_UNREADABLE", "SBOM input is binary, not JSON, XML or SPDX tag-value text", {
      details: { reason: "binary" },
    });
  }
  const c = firstSignificantChar(text);
  if (c === "{" || c === "[") return "json";
  if (c === "<") return "xml";
  if (/^\s*(?:#[^\n]*\n\s*)*SPDXVersion\s*:/mu.test(text.slice(0, 65536))) return "tag-value";
  if (c === "") {
    throw new QmsError("SBOM_UNREADABLE", "SBOM input is empty", { details: { reason: "empty" } });
  }
  throw new QmsError(
    "UNSUPPORTED",
    "SBOM format not recognised: expected CycloneDX JSON/XML, SPDX JSON, SPDX tag-value or SPDX 3.0 JSON-LD",
    { details: { reason: "unknown-text" } },
  );
}

function versionOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length < 64 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Detects the format of an already-parsed JSON document. */
export function detectJson(doc: unknown): DetectedFormat {
  if (!isRecord(doc)) {
    throw new QmsError("UNSUPPORTED", "SBOM JSON must be an object at the top level", {
      details: { reason: Array.isArray(doc) ? "array" : typeof doc },
    });
  }
  const schema = typeof doc.$schema === "string" ? doc.$schema : "";
  if (doc.bomFormat === "CycloneDX" || (typeof doc.specVersion === "string" && /cyclonedx/iu.test(schema))) {
    const v = versionOf(doc.specVersion) ?? /bom-(\d+\.\d+)/u.exec(schema)?.[1] ?? "unknown";
    return { format: "cyclonedx", encoding: "json", specVersion: v };
  }
  if (typeof doc.spdxVersion === "string") {
    const v = /SPDX-(\d+\.\d+)/u.exec(doc.spdxVersion)?.[1] ?? "unknown";
    return { format: "spdx", encoding: "json", specVersion: v };
  }
  if (isRecord(doc.Document)) {
    const v = /SPDX-(\d+\.\d+)/u.exec(String(doc.Document.spdxVersion ?? ""))?.[1] ?? "unknown";
    return { format: "spdx", encoding: "json", specVersion: v, legacy: true };
  }
  const context = doc["@context"];
  const contexts = Array.isArray(context) ? context : [context];
  if (contexts.some((c) => typeof c === "string" && /spdx\.org\/rdf\/3\./u.test(c))) {
    const graph = Array.isArray(doc["@graph"]) ? doc["@graph"] : [];
    const info = graph.find((n) => isRecord(n) && n.type === "CreationInfo") as
      | Record<string, unknown>
      | undefined;
    const fromContext = contexts
      .map((c) => (typeof c === "string" ? /rdf\/(3\.\d+)/u.exec(c)?.[1] : undefined))
      .find((v) => v !== undefined);
    const raw = versionOf(info?.specVersion) ?? fromContext ?? "3.0";
    return { format: "spdx", encoding: "json-ld", specVersion: /^(\d+\.\d+)/u.exec(raw)?.[1] ?? raw };
  }
  if (typeof doc.specVersion === "string" && ("components" in doc || "metadata" in doc)) {
    // CycloneDX without (or with a wrong) bomFormat: read it as CycloneDX, validation will flag it.
    return { format: "cyclonedx", encoding: "json", specVersion: doc.specVersion };
  }
  throw new QmsError(
    "UNSUPPORTED",
    "JSON document is neither CycloneDX (bomFormat), SPDX 2.x (spdxVersion) nor SPDX 3.0 JSON-LD (@context)",
    { details: { reason: "unknown-json", keys: Object.keys(doc).slice(0, 10) } },
  );
}

/** Detects CycloneDX XML from its namespace (no parsing needed). */
export function detectXml(text: string): DetectedFormat {
  const head = text.slice(0, 65536);
  if (/<!DOCTYPE/iu.test(head) || /<!ENTITY/iu.test(head)) {
    throw new QmsError(
      "SBOM_XML_DOCTYPE",
      "XML SBOM contains a DOCTYPE or ENTITY declaration; CycloneDX XML never needs one, so it is refused (entity expansion and external entities)",
      { details: { reason: "doctype" } },
    );
  }
  const ns = CDX_XML_NS.exec(head);
  if (ns === null || !/<(?:\w+:)?bom[\s>]/u.test(head)) {
    throw new QmsError(
      "UNSUPPORTED",
      "XML document is not a CycloneDX BOM (no http://cyclonedx.org/schema/bom/x.y namespace)",
      {
        details: { reason: "unknown-xml" },
      },
    );
  }
  return { format: "cyclonedx", encoding: "xml", specVersion: ns[1]! };
}

/** Detects SPDX tag-value from its `SPDXVersion:` line. */
export function detectTagValue(text: string): DetectedFormat {
  const v = /^\s*SPDXVersion\s*:\s*SPDX-(\d+\.\d+)/mu.exec(text.slice(0, 65536))?.[1] ?? "unknown";
  return { format: "spdx", encoding: "tag-value", specVersion: v };
}

/**
 * Detects format, encoding and spec version from content.
 *
 * @throws QmsError `SBOM_UNREADABLE` (binary, empty, malformed JSON), `UNSUPPORTED` (not an SBOM),
 *   `SBOM_XML_DOCTYPE`, `LIMIT_EXCEEDED`.
 * @example
 * ```ts
 * detectFormat('{"bomFormat":"CycloneDX","specVersion":"1.6"}'); // { format: "cyclonedx", encoding: "json", specVersion: "1.6" }
 * ```
 */
export function detectFormat(input: string | Uint8Array, opts: InputOptions = {}): DetectedFormat {
  const text = decodeInput(input, opts);
  const kind = textKind(text);
  if (kind === "json") return detectJson(parseJson(text));
  if (kind === "xml") return detectXml(text);
  return detectTagValue(text);
}
