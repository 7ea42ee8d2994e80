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

/**
 * Deep-freezes a freshly parsed JSON value (no cycles, no frozen parts yet): the fast path of
 * {@link deepFreeze}.
 *
 * @internal
 */
export function freezeParsed(value: unknown): unknown {
  if (typeof value === "object" && value !== null) {
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) freezeParsed(value[i]);
    else for (const k of Object.keys(value)) freezeParsed((value as Record<string, unknown>)[k]);
    Object.freeze(value);
  }
  return value;
}
