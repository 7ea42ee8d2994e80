/**
 * Deep freezing, so stored events cannot be changed by callers.
 *
 * @packageDocumentation
 */

/** Deep-freezes a JSON value in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The one frozen empty array and empty object that parsed values share (see {@link freezeParsed}). */
const EMPTY_ARRAY: readonly unknown[] = Object.freeze([]);
const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});

/** A parsed, not yet frozen child: the shared empty container when it is `[]` or `{}`, else itself frozen. */
function frozenChild(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY_ARRAY;
  } else {
    // JSON.parse gives plain objects: a `for…in` that finds nothing means there are no keys at all
    let empty = true;
    for (const _ in value) {
      empty = false;
      break;
    }
    if (empty) return EMPTY_OBJECT;
  }
  return freezeParsed(value);
}

/**
 * Deep-freezes a freshly parsed JSON value (no cycles, no frozen parts yet): the fast path of
 * {@link deepFreeze}. Empty arrays and objects inside it are replaced by one shared frozen `[]` and `{}`: event
 * data is full of them (e.g. lists with nothing in them yet), and as separate objects they cost memory and,
 * when a log is read back, a cache miss each for nothing. The value itself is frozen in place and returned.
 *
 * @internal
 */
export function freezeParsed(value: unknown): unknown {
  if (typeof value === "object" && value !== null) {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child = value[i];
        const frozen = frozenChild(child);
        if (frozen !== child) value[i] = frozen;
      }
    } else {
      const obj = value as Record<string, unknown>;
      for (const k of Object.keys(obj)) {
        const child = obj[k];
        const frozen = frozenChild(child);
        // an own "__proto__" key (parsed JSON may have one) must stay a data property, not set the prototype
        if (frozen !== child) Object.defineProperty(obj, k, { value: frozen });
      }
    }
    Object.freeze(value);
  }
  return value;
}
