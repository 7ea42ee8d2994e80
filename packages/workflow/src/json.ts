/**
 * Small helpers for JSON-safe data: record fields and event payloads must survive canonical JSON hashing
 * and a round trip through any store, and hostile keys (`__proto__`) must never reach a prototype.
 *
 * @packageDocumentation
 */
import { canonicalJson } from "@qmskit/core";

/** A JSON value. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** Maximum serialised size of one payload copied into an audit event. */
const MAX_AUDIT_PAYLOAD_CHARS = 16_384;

/**
 * A JSON-safe deep copy of `value`, or `undefined` when it is not JSON (cycles, BigInt, functions) or is larger
 * than the audit limit. Uses JSON.stringify/parse, which creates own data properties, so `__proto__` keys stay
 * plain data.
 */
export function jsonCopy(value: unknown, maxChars = MAX_AUDIT_PAYLOAD_CHARS): JsonValue | undefined {
  try {
    const text = JSON.stringify(value);
    if (text === undefined || text.length > maxChars) return undefined;
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/**
 * The canonical JSON of `value` (core's RFC 8785 form, which the event log hashes), or `undefined` when the
 * log would refuse it: `__proto__` keys, lone surrogates, nesting too deep, non-JSON values.
 */
export function loggableJson(value: unknown): string | undefined {
  try {
    return canonicalJson(value, { rejectProtoKeys: true });
  } catch {
    return undefined;
  }
}

/** Replace lone UTF-16 surrogates so a string can be logged. */
export function wellFormed(text: string): string {
  return text.replace(/\p{Surrogate}/gu, "\uFFFD");
}

/** True when `value` is a plain (non-array, non-null) object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Values at a dotted path, flattening arrays on the way: `"actions.owner"` on
 * `{ actions: [{ owner: "a" }, { owner: "b" }] }` gives `["a", "b"]`. Only own properties are read.
 */
export function valuesAtPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const segment of path.split(".")) {
    const next: unknown[] = [];
    for (const value of current) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (isPlainObject(item) && Object.hasOwn(item, segment)) next.push(item[segment]);
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== undefined && v !== null);
}
