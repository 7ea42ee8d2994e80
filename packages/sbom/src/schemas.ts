/**
 * Access to the official schemas shipped in `schemas/` (never fetched over the network).
 * Files are read lazily, once, and cached.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `schemas/` sits one level above both `src/` and `dist/`, so the same relative URL works for both. */
const SCHEMA_DIR = new URL("../schemas/", import.meta.url);

const textCache = new Map<string, string>();

/** Reads a shipped schema file as text (cached). */
export function schemaText(file: string): string {
  let text = textCache.get(file);
  if (text === undefined) {
    text = readFileSync(fileURLToPath(new URL(file, SCHEMA_DIR)), "utf8");
    textCache.set(file, text);
  }
  return text;
}

/** Reads a shipped JSON schema (a fresh object each call: callers transform it). */
export function schemaJson(file: string): Record<string, unknown> {
  return JSON.parse(schemaText(file)) as Record<string, unknown>;
}

/** CycloneDX versions with an official JSON schema shipped in the package. */
export const CYCLONEDX_JSON_SCHEMA_VERSIONS = ["1.4", "1.5", "1.6", "1.7"] as const;
/** CycloneDX versions with an official XSD shipped in the package. */
export const CYCLONEDX_XSD_VERSIONS = ["1.4", "1.5", "1.6", "1.7"] as const;
