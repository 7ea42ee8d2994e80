/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * Hand-written rather than taken from the `canonicalize` package because hashing audit entries needs strict
 * input rules that a `JSON.stringify`-style serialiser does not give: values that are not JSON (functions,
 * `undefined` in arrays, `BigInt`, `NaN`, `Date` and other class instances, lone surrogates, cycles) must be
 * rejected with a typed error instead of being silently dropped or converted, and depth and size must be
 * bounded for hostile input. The serialisation itself follows RFC 8785 §3.2 exactly: object members sorted
 * by their UTF-16 code units, strings escaped as ECMAScript `JSON.stringify` does, numbers in the ECMAScript
 * `Number.prototype.toString` form (`-0` → `0`, exponents as `1e+21`), no whitespace.
 *
 * @packageDocumentation
 */
import { LimitExceededError, QmsError, ValidationError } from "./errors.js";

/** Options of {@link canonicalJson}. */
export interface CanonicalJsonOptions {
  /** Maximum nesting depth of arrays and objects (default 256). Deeper input is a `LIMIT_EXCEEDED` error. */
  readonly maxDepth?: number;
  /**
   * Maximum length of the output in UTF-16 code units (default unlimited). Checked while serialising, so a
   * huge input is rejected early with a `LIMIT_EXCEEDED` error.
   */
  readonly maxLength?: number;
  /** Reject objects with an own `__proto__` key (prototype-pollution hazard when copied). Default false. */
  readonly rejectProtoKeys?: boolean;
}

const DEFAULT_MAX_DEPTH = 256;
// A surrogate code point that is not part of a pair (with the `u` flag, pairs are matched as one code point).
const LONE_SURROGATE = /\p{Cs}/u;
// Any surrogate at all: a cheap first scan, since almost no string has one.
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

function hasLoneSurrogate(s: string): boolean {
  return ANY_SURROGATE.test(s) && LONE_SURROGATE.test(s);
}

/**
 * The canonical form of a string member (a fast path for envelopes). Throws like {@link canonicalJson}.
 *
 * @internal
 */
export function canonicalString(s: string): string {
  if (typeof s !== "string" || hasLoneSurrogate(s)) return canonicalJson(s);
  return JSON.stringify(s);
}

interface State {
  readonly maxDepth: number;
  readonly maxLength: number;
  readonly rejectProtoKeys: boolean;
  /** Objects on the current path (a short stack: cheaper than a Set at the depths JSON data has). */
  readonly ancestors: object[];
}

function pathOf(path: readonly (string | number)[]): string {
  let s = "$";
  for (const p of path)
    s += typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  return s;
}

function fail(message: string, path: (string | number)[]): never {
  throw new ValidationError(`${message} at ${pathOf(path)}`, { details: { path: pathOf(path) } });
}

function quote(s: string, path: (string | number)[]): string {
  if (hasLoneSurrogate(s)) fail("String contains a lone UTF-16 surrogate (not valid I-JSON)", path);
  return JSON.stringify(s);
}

function serialise(value: unknown, st: State, path: (string | number)[], depth: number): string {
  let out: string;
  switch (typeof value) {
    case "string":
      out = quote(value, path);
      break;
    case "number":
      if (!Number.isFinite(value)) fail(`Number ${String(value)} is not valid JSON`, path);
      // ECMAScript Number::toString is the serialisation RFC 8785 §3.2.2.3 requires; String(-0) is "0".
      out = String(value);
      break;
    case "boolean":
      out = value ? "true" : "false";
      break;
    case "object": {
      if (value === null) {
        out = "null";
        break;
      }
      if (depth >= st.maxDepth) {
        throw new LimitExceededError(`Nesting deeper than ${st.maxDepth} levels at ${pathOf(path)}`, {
          details: { path: pathOf(path), maxDepth: st.maxDepth },
        });
      }
      if (st.ancestors.includes(value)) fail("Cyclic reference", path);
      st.ancestors.push(value);
      if (Array.isArray(value)) {
        out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          path.push(i);
          const item: unknown = value[i];
          if (item === undefined) fail("undefined is not valid JSON in an array", path);
          out += serialise(item, st, path, depth + 1);
          path.pop();
          if (out.length > st.maxLength) tooLong(st, path);
        }
        out += "]";
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
          fail(`${typeof name === "string" ? name : "Non-plain"} object is not a plain JSON value`, path);
        }
        const obj = value as Record<string, unknown>;
        // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
        const keys = Object.keys(obj).sort();
        out = "{";
        let first = true;
        for (const key of keys) {
          if (key === "__proto__" && st.rejectProtoKeys) fail('Key "__proto__" is not allowed', path);
          const v = obj[key];
          if (v === undefined) continue; // like JSON.stringify: an undefined member is absent
          path.push(key);
          const k = quote(key, path);
          const s = serialise(v, st, path, depth + 1);
          path.pop();
          out += first ? `${k}:${s}` : `,${k}:${s}`;
          first = false;
          if (out.length > st.maxLength) tooLong(st, path);
        }
        out += "}";
      }
      st.ancestors.pop();
      break;
    }
    case "undefined":
      fail("undefined is not a JSON value", path);
      break;
    case "bigint":
      fail("BigInt is not a JSON value (encode it as a string)", path);
      break;
    default:
      fail(`A ${typeof value} is not a JSON value`, path);
  }
  return out;
}

function tooLong(st: State, path: (string | number)[]): never {
  throw new LimitExceededError(`Value is larger than the limit of ${st.maxLength} characters`, {
    details: { path: pathOf(path), maxLength: st.maxLength },
  });
}

/**
 * Serialises a JSON value in the RFC 8785 canonical form.
 *
 * Throws a `VALIDATION` error for anything that is not plain JSON (with the offending path in
 * `details.path`) and `LIMIT_EXCEEDED` when the depth or length limit is passed.
 *
 * @requirement P11-03
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null, "é"] }); // '{"a":[true,null,"é"],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  // fast paths for primitives (event envelopes are mostly strings and integers)
  if (typeof value === "string" && options.maxLength === undefined && !hasLoneSurrogate(value)) {
    return JSON.stringify(value);
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  const st: State = {
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxLength: options.maxLength ?? Number.POSITIVE_INFINITY,
    rejectProtoKeys: options.rejectProtoKeys ?? false,
    ancestors: [],
  };
  try {
    const out = serialise(value, st, [], 0);
    if (out.length > st.maxLength) tooLong(st, []);
    return out;
  } catch (e) {
    if (e instanceof QmsError) throw e;
    // e.g. a throwing getter or a revoked proxy in hostile input
    throw new ValidationError("Value cannot be serialised as JSON", { cause: e });
  }
}
