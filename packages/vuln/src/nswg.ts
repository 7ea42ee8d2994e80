/**
 * Node.js Security WG npm advisories (`vuln/npm/<n>.json` in nodejs/security-wg) converted to OSV.
 *
 * The npm range in `vulnerable_versions` is parsed by `semver` into comparator sets (an OR of ANDs);
 * each set becomes one OSV `SEMVER` range: the highest lower bound is the `introduced` event (`>=X` →
 * `X`; `>X` → the smallest SemVer above X, which is `X.Y.(Z+1)-0`, or `X-pre.0` when X is a
 * pre-release), and the lowest upper bound is `fixed` (`<X`) or `last_affected` (`<=X`); an exact
 * version goes to `versions`. One difference is inherent: `semver.satisfies` leaves out pre-releases
 * unless the comparator names the same `major.minor.patch`, while OSV ranges include them.
 */
import semver from "semver";
import { z } from "zod";
import type { OsvRange } from "./osv.js";

/** The fields of a Node.js Security WG advisory that the conversion uses. */
export const NswgAdvisorySchema = z.object({
  id: z.number(),
  module_name: z.string().min(1),
  vulnerable_versions: z.string().nullish(),
  patched_versions: z.string().nullish(),
  cves: z.array(z.string()).nullish(),
  title: z.string().nullish(),
  overview: z.string().nullish(),
  cvss_vector: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  publish_date: z.string().nullish(),
  references: z.array(z.string()).nullish(),
});
export type NswgAdvisory = z.infer<typeof NswgAdvisorySchema>;

/** True when the value looks like a Node.js Security WG advisory (has `module_name` and `vulnerable_versions`). */
export function isNswgAdvisory(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { module_name?: unknown }).module_name === "string" &&
    "vulnerable_versions" in value
  );
}

function justAbove(v: semver.SemVer): string {
  return v.prerelease.length > 0 ? `${v.version}.0` : `${v.major}.${v.minor}.${v.patch + 1}-0`;
}

/** Convert an npm semver range to OSV `SEMVER` ranges plus exact `versions`; `undefined` when it does not parse. */
export function npmRangeToOsv(range: string): { ranges: OsvRange[]; versions: string[] } | undefined {
  let parsed: semver.Range;
  try {
    parsed = new semver.Range(range, { loose: true });
  } catch {
    return undefined;
  }
  const ranges: OsvRange[] = [];
  const versions: string[] = [];
  for (const set of parsed.set) {
    let lower: { v: semver.SemVer; inclusive: boolean } | undefined;
    let upper: { v: semver.SemVer; inclusive: boolean } | undefined;
    let exact: semver.SemVer | undefined;
    let empty = false;
    for (const c of set) {
      if (c.value === "") continue; // the ANY comparator (`*`)
      if (c.operator === "") {
        exact = c.semver;
        continue;
      }
      const v = c.semver;
      if (c.operator === ">=" || c.operator === ">") {
        const inclusive = c.operator === ">=";
        const cmp = lower ? v.compare(lower.v) : 1;
        if (!lower || cmp > 0 || (cmp === 0 && !inclusive)) lower = { v, inclusive };
      } else if (c.operator === "<" || c.operator === "<=") {
        const inclusive = c.operator === "<=";
        if (!inclusive && v.version === "0.0.0-0") empty = true;
        const cmp = upper ? v.compare(upper.v) : -1;
        if (!upper || cmp < 0 || (cmp === 0 && !inclusive)) upper = { v, inclusive };
      }
    }
    if (empty) continue;
    if (exact) {
      const inLower = !lower || (lower.inclusive ? exact.compare(lower.v) >= 0 : exact.compare(lower.v) > 0);
      const inUpper = !upper || (upper.inclusive ? exact.compare(upper.v) <= 0 : exact.compare(upper.v) < 0);
      if (inLower && inUpper) versions.push(exact.version);
      continue;
    }
    const events: Record<string, string>[] = [
      { introduced: lower ? (lower.inclusive ? lower.v.version : justAbove(lower.v)) : "0" },
    ];
    if (upper) events.push(upper.inclusive ? { last_affected: upper.v.version } : { fixed: upper.v.version });
    ranges.push({ type: "SEMVER", events });
  }
  return { ranges, versions };
}

const dateTime = (d: string | null | undefined) =>
  d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : undefined;

/**
 * Convert a Node.js Security WG advisory to an OSV record (id `NSWG-ECO-<n>`, CVEs as aliases,
 * the CVSS vector as severity). Values that are not such advisories are returned unchanged, so this
 * can be passed as the converter of the advisory readers.
 *
 * @example
 * ```ts
 * nswgToOsv({ id: 1, module_name: "bassmaster", vulnerable_versions: "<=1.5.1", cves: ["CVE-2014-7205"] });
 * ```
 */
export function nswgToOsv(value: unknown): unknown {
  if (!isNswgAdvisory(value)) return value;
  const parsed = NswgAdvisorySchema.safeParse(value);
  if (!parsed.success) return value;
  const a = parsed.data;
  const converted = a.vulnerable_versions ? npmRangeToOsv(a.vulnerable_versions) : undefined;
  const modified = dateTime(a.updated_at) ?? dateTime(a.created_at) ?? "1970-01-01T00:00:00Z";
  const published = dateTime(a.publish_date);
  const severity = a.cvss_vector ? [{ type: "CVSS_V3", score: a.cvss_vector }] : undefined;
  return {
    schema_version: "1.6.0",
    id: `NSWG-ECO-${a.id}`,
    modified,
    ...(published ? { published } : {}),
    aliases: a.cves ?? [],
    ...(a.title ? { summary: a.title } : {}),
    ...(a.overview ? { details: a.overview } : {}),
    ...(severity ? { severity } : {}),
    affected: [
      {
        package: {
          ecosystem: "npm",
          name: a.module_name,
          purl: `pkg:npm/${encodeURIComponent(a.module_name)}`,
        },
        ranges: converted?.ranges ?? [],
        versions: converted?.versions ?? [],
        database_specific: { vulnerable_versions: a.vulnerable_versions ?? null },
      },
    ],
    references: (a.references ?? []).map((url) => ({ type: "WEB", url })),
  };
}
