/**
 * SHA-256 content hashing over canonical JSON (node:crypto).
 *
 * @packageDocumentation
 */
import * as crypto from "node:crypto";
import { canonicalJson } from "./canonical-json.js";

type HashFn = (input: string | Uint8Array) => string;

// `crypto.hash` (Node ≥ 20.12) is a one-shot digest without the Hash object; fall back to createHash.
const oneShot = (
  crypto as unknown as { hash?: (alg: string, data: string | Uint8Array, enc: "hex") => string }
).hash;
const hashImpl: HashFn =
  typeof oneShot === "function"
    ? (input) => oneShot("sha256", input, "hex")
    : (input) => crypto.createHash("sha256").update(input).digest("hex");

/**
 * SHA-256 of a string (UTF-8 encoded) or bytes, as 64 lower-case hex digits.
 *
 * @example
 * ```ts
 * sha256Hex("abc"); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export function sha256Hex(input: string | Uint8Array): string {
  return hashImpl(input);
}

/**
 * The content hash of a JSON value: SHA-256 (hex) of its RFC 8785 canonical JSON. Two values with the same
 * content have the same hash regardless of key order.
 *
 * @requirement P11-11
 * @example
 * ```ts
 * contentHash({ b: 2, a: 1 }) === contentHash({ a: 1, b: 2 }); // true
 * ```
 */
export function contentHash(value: unknown): string {
  return hashImpl(canonicalJson(value));
}

/** True when `value` is 64 lower-case hex digits (a SHA-256 hex digest). */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === "string" && value.length === 64 && /^[0-9a-f]{64}$/.test(value);
}
