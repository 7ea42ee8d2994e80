import { compareDigits, type VersionOrdering } from "./ordering.js";

/*
 * Debian order, hand-written after dpkg's `verrevcmp` (Debian Policy §5.6.12, deb-version(7)),
 * because no maintained npm package implements it: `[epoch:]upstream[-revision]`; epochs compare
 * numerically; upstream and revision compare by alternating non-digit and digit runs; in non-digit runs
 * `~` sorts before everything (even the end of the string), then the end, then letters, then other
 * characters; digit runs compare numerically. Also used for Ubuntu.
 */

interface DebVersion {
  readonly epoch: string;
  readonly upstream: string;
  readonly revision: string;
}

function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === "~") return -1;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return 0;
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return code;
  return code + 256;
}

/** dpkg's `verrevcmp` over one upstream or revision string. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(i < a.length && !isDigit(a[i]) ? a[i] : undefined);
      const bc = order(j < b.length && !isDigit(b[j]) ? b[j] : undefined);
      if (ac !== bc) return ac - bc;
      if (i < a.length && !isDigit(a[i])) i++;
      if (j < b.length && !isDigit(b[j])) j++;
    }
    let ai = i;
    while (ai < a.length && isDigit(a[ai])) ai++;
    let bj = j;
    while (bj < b.length && isDigit(b[bj])) bj++;
    const c = compareDigits(a.slice(i, ai) || "0", b.slice(j, bj) || "0");
    if (c !== 0) return c;
    i = ai;
    j = bj;
  }
  return 0;
}

/** Debian (and Ubuntu): dpkg version order. */
export const debianOrdering: VersionOrdering<DebVersion> = {
  ecosystem: "Debian",
  parse(version) {
    const v = version.trim();
    if (v.length === 0 || v.length > 256) return undefined;
    const colon = v.indexOf(":");
    const epoch = colon === -1 ? "0" : v.slice(0, colon);
    if (!/^\d+$/.test(epoch)) return undefined;
    const rest = colon === -1 ? v : v.slice(colon + 1);
    const dash = rest.lastIndexOf("-");
    const upstream = dash === -1 ? rest : rest.slice(0, dash);
    const revision = dash === -1 ? "" : rest.slice(dash + 1);
    if (!/^[0-9A-Za-z.+~:-]*$/.test(upstream) || !/^[0-9A-Za-z.+~]*$/.test(revision)) return undefined;
    if (upstream.length === 0) return undefined;
    return { epoch, upstream, revision };
  },
  compare(a, b) {
    return (
      compareDigits(a.epoch, b.epoch) ||
      verrevcmp(a.upstream, b.upstream) ||
      verrevcmp(a.revision, b.revision)
    );
  },
};
