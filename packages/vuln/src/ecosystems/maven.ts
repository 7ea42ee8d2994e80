import { compareDigits, compareStrings, type VersionOrdering } from "./ordering.js";

/*
 * Maven version order, hand-written because no maintained npm library implements it. It follows the
 * POM reference "Version Order Specification" (https://maven.apache.org/pom.html#version-order-specification):
 * - the version is lower-cased and split into tokens at `.`, `-` and digit/letter transitions; a
 *   transition counts as a hyphen; empty tokens are 0;
 * - trailing "null" tokens (0, "", "final", "ga", "release") are trimmed, at the end and again before
 *   each remaining hyphen, from the end to the start;
 * - tokens compare as ".qualifier" = "-qualifier" < "-number" < ".number"; numbers numerically;
 *   qualifiers alpha (a) < beta (b) < milestone (m) < rc (cr) < snapshot < "" (ga, final, release) < sp,
 *   then unknown qualifiers alphabetically; a single a/b/m directly followed by a digit is alpha/beta/milestone;
 * - a shorter version is padded with the release qualifier "".
 *
 * Maven's ComparableVersion compares nested lists instead of a flat token sequence, which makes it
 * non-transitive in corner cases (MNG-5568, e.g. "10-rc" < "10" < "10.sp" < "10-rc"). Comparing the
 * canonical token sequences lexicographically, as the specification describes, is a total order and
 * agrees with Maven on ordinary versions (numbers first, then qualifiers), including every example of
 * the specification page that ComparableVersion itself satisfies.
 */

interface Token {
  /** 0: qualifier; 1: number after a hyphen (or transition); 2: number after a dot (or first). */
  readonly cls: 0 | 1 | 2;
  readonly value: string;
}

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const ALIASES: Readonly<Record<string, string>> = { ga: "", final: "", release: "", cr: "rc" };
const RELEASE: Token = { cls: 0, value: "" };

function qualifier(raw: string, followedByDigit: boolean): string {
  if (followedByDigit && raw.length === 1) {
    if (raw === "a") return "alpha";
    if (raw === "b") return "beta";
    if (raw === "m") return "milestone";
  }
  return Object.hasOwn(ALIASES, raw) ? (ALIASES[raw] as string) : raw;
}

const isNull = (t: Token) => (t.cls === 0 ? t.value === "" : /^0+$/.test(t.value));

/** Parse a Maven version into its canonical token sequence. */
export function parseMavenVersion(version: string): Token[] {
  const v = version.toLowerCase();
  const groups: Token[][] = [[]];
  let group = groups[0] as Token[];
  let hyphen = false; // the next token follows a hyphen (or a transition)
  let start = 0;
  let isDigit = false;
  const emit = (end: number, followedByDigit: boolean) => {
    const raw = v.slice(start, end);
    if (raw === "" || isDigit) group.push({ cls: hyphen ? 1 : 2, value: raw === "" ? "0" : raw });
    else group.push({ cls: 0, value: qualifier(raw, followedByDigit) });
  };
  const newGroup = () => {
    group = [];
    groups.push(group);
    hyphen = true;
  };
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (c === 46 /* . */ || c === 45 /* - */) {
      emit(i, false);
      hyphen = false;
      start = i + 1;
      if (c === 45) newGroup();
      isDigit = false;
    } else if (i > start && digit !== isDigit) {
      emit(i, digit);
      start = i;
      newGroup();
      isDigit = digit;
    } else isDigit = digit;
  }
  emit(v.length, false);
  for (let g = groups.length - 1; g >= 0; g--) {
    const list = groups[g] as Token[];
    while (list.length > 0 && isNull(list[list.length - 1] as Token)) list.pop();
  }
  return groups.flat();
}

function rank(q: string): number {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? QUALIFIERS.length : i;
}

function compareToken(a: Token, b: Token): number {
  if (a.cls !== b.cls) return a.cls - b.cls;
  if (a.cls !== 0) return compareDigits(a.value, b.value);
  return rank(a.value) - rank(b.value) || compareStrings(a.value, b.value);
}

/** Maven: the specification's version order (see the comment at the top of this file). */
export const mavenOrdering: VersionOrdering<Token[]> = {
  ecosystem: "Maven",
  parse(version) {
    const v = version.trim();
    if (v.length === 0 || v.length > 256 || /\s/.test(v)) return undefined;
    return parseMavenVersion(v);
  },
  compare(a, b) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compareToken(a[i] ?? RELEASE, b[i] ?? RELEASE);
      if (c !== 0) return c;
    }
    return 0;
  },
  // x.y.z is three dot-separated numbers (trailing zeros trimmed, padded with the release qualifier,
  // which sorts below every number), so it sorts as the triple
  plainTriples: "x.y.z",
};
