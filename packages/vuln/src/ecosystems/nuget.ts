import { compareDigits, compareStrings, type VersionOrdering } from "./ordering.js";

/*
 * NuGet order, hand-written after NuGet.Versioning's `VersionComparer` (no maintained npm port):
 * `Major.Minor[.Patch[.Revision]][-label(.label)*][+metadata]`, missing parts are 0 (so 1.0 = 1.0.0.0);
 * a release is newer than its pre-releases; pre-release labels compare one by one, numeric labels
 * numerically and below alphanumeric ones, alphanumeric labels case-insensitively; fewer labels sort
 * first when all shared labels are equal; build metadata is ignored
 * (https://learn.microsoft.com/nuget/concepts/package-versioning).
 */

interface NuGetVersion {
  readonly parts: readonly [string, string, string, string];
  readonly labels: readonly string[];
}
const PATTERN =
  /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]*)?$/;

function compareLabels(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i] as string;
    const r = b[i] as string;
    const ln = /^\d+$/.test(l);
    const rn = /^\d+$/.test(r);
    const c =
      ln && rn ? compareDigits(l, r) : ln ? -1 : rn ? 1 : compareStrings(l.toLowerCase(), r.toLowerCase());
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** NuGet: NuGet.Versioning order. */
export const nugetOrdering: VersionOrdering<NuGetVersion> = {
  ecosystem: "NuGet",
  parse(version) {
    const v = version.trim();
    if (v.length > 256) return undefined;
    const m = PATTERN.exec(v);
    if (!m) return undefined;
    return {
      parts: [m[1] ?? "0", m[2] ?? "0", m[3] ?? "0", m[4] ?? "0"],
      labels: m[5] ? m[5].split(".") : [],
    };
  },
  compare(a, b) {
    for (let i = 0; i < 4; i++) {
      const c = compareDigits(a.parts[i] as string, b.parts[i] as string);
      if (c !== 0) return c;
    }
    return compareLabels(a.labels, b.labels);
  },
};
