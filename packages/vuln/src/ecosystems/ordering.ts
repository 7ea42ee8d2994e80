/**
 * The version-ordering contract every ecosystem implements. `parse` turns a version string into a
 * comparable value (or `undefined` when the string is not a version of that ecosystem);
 * `compare` orders two parsed values (negative, zero, positive).
 */
export interface VersionOrdering<T = unknown> {
  /** OSV ecosystem name without release suffix (`npm`, `PyPI`, `Debian`, …). */
  readonly ecosystem: string;
  /** Parse a version; `undefined` when it is not valid in this ecosystem. */
  parse(version: string): T | undefined;
  /** Total order over parsed versions. */
  compare(a: T, b: T): number;
  /**
   * Set when every plain `x.y.z` string (decimal parts without leading zeros; with `"v"`, also
   * `vx.y.z`) parses in this ordering and such versions are ordered as their number triples, so
   * range evaluation can compare them without parsing (see `plainVersionKey` in ranges.ts).
   */
  readonly plainTriples?: "x.y.z" | "v";
}

/** Compares two numeric strings of digits (any length) without overflow. */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, "");
  const y = b.replace(/^0+/, "");
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plain code-point comparison of two strings (not locale-aware, so it is a stable total order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
