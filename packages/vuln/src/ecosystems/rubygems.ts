import { compareDigits, compareStrings, type VersionOrdering } from "./ordering.js";

/*
 * RubyGems order, hand-written after `Gem::Version#<=>` (rubygems/lib/rubygems/version.rb) because
 * there is no maintained npm port:
 * - a version matches /^[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/ and `-` means `.pre.`;
 * - segments are runs of digits or letters; any letter segment makes it a pre-release;
 * - canonical segments drop trailing zeros of the release part and of the pre-release part;
 * - compare segment by segment (missing = 0): numbers numerically, strings by code point, and a
 *   string is lower than a number ("1.0.a" < "1.0").
 */

type Segment = string | { n: string };
const VALID = /^[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

function canonical(version: string): Segment[] {
  const v = version.replace(/-/g, ".pre.");
  const segs: Segment[] = (v.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^[0-9]/.test(s) ? { n: s } : s));
  const firstString = segs.findIndex((s) => typeof s === "string");
  const release = firstString === -1 ? segs : segs.slice(0, firstString);
  const pre = firstString === -1 ? [] : segs.slice(firstString);
  const trim = (xs: Segment[]) => {
    let end = xs.length;
    while (end > 0) {
      const s = xs[end - 1] as Segment;
      if (typeof s === "string" || compareDigits(s.n, "0") !== 0) break;
      end--;
    }
    return xs.slice(0, end);
  };
  return [...trim(release), ...trim(pre)];
}

function compareSegments(a: Segment[], b: Segment[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i] ?? { n: "0" };
    const r = b[i] ?? { n: "0" };
    if (typeof l === "string" && typeof r === "string") {
      const c = compareStrings(l, r);
      if (c !== 0) return c;
    } else if (typeof l === "string") return -1;
    else if (typeof r === "string") return 1;
    else {
      const c = compareDigits(l.n, r.n);
      if (c !== 0) return c;
    }
  }
  return 0;
}

/** RubyGems: `Gem::Version` order. */
export const rubygemsOrdering: VersionOrdering<Segment[]> = {
  ecosystem: "RubyGems",
  parse(version) {
    const v = version.trim();
    if (v.length > 256 || !VALID.test(v)) return undefined;
    return canonical(v);
  },
  compare: compareSegments,
};
