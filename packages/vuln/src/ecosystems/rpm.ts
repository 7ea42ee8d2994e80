import { compareDigits, compareStrings, type VersionOrdering } from "./ordering.js";

/*
 * RPM order, hand-written after rpm's `rpmvercmp` (rpmio/rpmvercmp.c) because no maintained npm package
 * implements it; OSV names it for Red Hat, SUSE, openSUSE, Rocky Linux, AlmaLinux, Mageia and openEuler.
 * `[epoch:]version[-release]`: epochs numerically, then version, then release, each by rpmvercmp:
 * separators are skipped, `~` sorts before anything (even the end), `^` after the end but before
 * anything else, digit runs compare numerically and are newer than letter runs.
 */

interface Evr {
  readonly epoch: string;
  readonly version: string;
  readonly release: string;
}

const alnum = (c: string | undefined) => c !== undefined && /[0-9A-Za-z]/.test(c);

/** rpm's `rpmvercmp` over one version or release string. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !alnum(a[i]) && a[i] !== "~" && a[i] !== "^") i++;
    while (j < b.length && !alnum(b[j]) && b[j] !== "~" && b[j] !== "^") j++;
    if (a[i] === "~" || b[j] === "~") {
      if (a[i] !== "~") return 1;
      if (b[j] !== "~") return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === "^" || b[j] === "^") {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== "^") return 1;
      if (b[j] !== "^") return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = /[0-9]/.test(a[i] as string);
    const run = numeric ? /[0-9]/ : /[A-Za-z]/;
    let ai = i;
    while (ai < a.length && run.test(a[ai] as string)) ai++;
    let bj = j;
    while (bj < b.length && run.test(b[bj] as string)) bj++;
    const sa = a.slice(i, ai);
    const sb = b.slice(j, bj);
    if (sb.length === 0) return numeric ? 1 : -1;
    const c = numeric ? compareDigits(sa, sb) : compareStrings(sa, sb);
    if (c !== 0) return c;
    i = ai;
    j = bj;
  }
  const restA = i < a.length;
  const restB = j < b.length;
  return restA === restB ? 0 : restA ? 1 : -1;
}

/** RPM-based distributions: rpm's EVR order. */
export const rpmOrdering: VersionOrdering<Evr> = {
  ecosystem: "Red Hat",
  parse(version) {
    const v = version.trim();
    if (v.length === 0 || v.length > 256 || /\s/.test(v)) return undefined;
    const colon = v.indexOf(":");
    const epoch = colon === -1 ? "0" : v.slice(0, colon);
    if (!/^\d+$/.test(epoch)) return undefined;
    const rest = colon === -1 ? v : v.slice(colon + 1);
    const dash = rest.lastIndexOf("-");
    return {
      epoch,
      version: dash === -1 ? rest : rest.slice(0, dash),
      release: dash === -1 ? "" : rest.slice(dash + 1),
    };
  },
  compare(a, b) {
    return (
      compareDigits(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release)
    );
  },
};
