/**
 * Risk per finding: the advisory's CVSS vectors scored by `@qmskit/risk` (3.1 and 4.0 side by side),
 * KEV membership and EPSS from files, and the FDA 2016 postmarket controlled / uncontrolled
 * assessment when the host gives the patient-harm severity of the component.
 *
 * @requirement SEC-07 each finding carries CVSS, exploitability, clinical impact and compensating controls
 * @requirement SEC-09 uncontrolled risks are flagged so their 30/60-day obligations can be tracked
 */
import { safeScoreCvss } from "@qmskit/risk";
import type { EpssScores, KevCatalog } from "./feeds.js";
import type { FindingCvss, FindingRisk, HarmSeverity, VulnFinding } from "./finding.js";
import type { OsvRecord, OsvSeverity } from "./osv.js";

function scoreOne(s: OsvSeverity, source: FindingCvss["source"]): FindingCvss | undefined {
  if (!s.type.startsWith("CVSS_")) return undefined;
  const vector = s.score.trim();
  const m = /^CVSS:(\d\.\d)\//.exec(vector);
  const version = m?.[1] ?? (s.type === "CVSS_V2" ? "2.0" : s.type.replace("CVSS_V", ""));
  if (version === "2.0") return { version, vector, source, note: "CVSS v2 is not scored" };
  // CVSS 3.0 base equations equal 3.1's except for Roundup's floating-point fix; score with 3.1 and say so
  const scoredVector = version === "3.0" ? vector.replace(/^CVSS:3\.0\//, "CVSS:3.1/") : vector;
  const r = safeScoreCvss(scoredVector, { mode: "lenient" });
  if (!r.success) return { version, vector, source, note: `not scored: ${r.error.message}` };
  const d = r.data;
  return {
    version,
    vector,
    baseScore: d.baseScore,
    baseSeverity: d.baseSeverity,
    source,
    ...(version === "3.0" ? { note: "CVSS 3.0 vector scored with the CVSS 3.1 base equations" } : {}),
  };
}

/**
 * Score every CVSS vector of an advisory (top level and the affected entries), keeping each version.
 *
 * @example
 * ```ts
 * cvssOf(record); // [{ version: "3.1", vector: "CVSS:3.1/…", baseScore: 9.8, baseSeverity: "Critical", source: "advisory" }]
 * ```
 */
export function cvssOf(record: OsvRecord): FindingCvss[] {
  const out: FindingCvss[] = [];
  const seen = new Set<string>();
  const push = (s: OsvSeverity, src: FindingCvss["source"]) => {
    if (seen.has(s.score)) return;
    seen.add(s.score);
    const c = scoreOne(s, src);
    if (c) out.push(c);
  };
  for (const s of record.severity ?? []) push(s, "advisory");
  for (const a of record.affected ?? []) for (const s of a.severity ?? []) push(s, "affected");
  return out;
}

/** The CVE ids of a finding's advisory (its id and aliases). */
function cves(f: VulnFinding): string[] {
  return [f.advisory.id, ...f.advisory.aliases].filter((x) => /^CVE-\d{4}-\d+$/i.test(x));
}

/** Host inputs for the FDA postmarket assessment. */
export interface RiskInputs {
  /** Patient-harm severity per component `bomRef` (or purl). Findings of other components get no assessment. */
  readonly harmSeverity?: Readonly<Record<string, HarmSeverity>>;
  /** Compensating controls per component `bomRef` (or purl). */
  readonly controls?: Readonly<Record<string, readonly string[]>>;
}

const HARM_ORDER: readonly HarmSeverity[] = ["negligible", "minor", "serious", "critical", "catastrophic"];

/**
 * Exploitability from the evidence at hand: `high` when the CVE is in KEV, its EPSS probability is at
 * least 0.1, or a CVSS base score is 9.0 or more; `medium` for a base score of 7.0 or more or EPSS of
 * at least 0.01; `low` otherwise. These thresholds are a documented default, not a regulatory value.
 */
export function exploitabilityOf(
  f: Pick<VulnFinding, "cvss" | "kev" | "epss">,
): FindingRisk["exploitability"] {
  const top = Math.max(0, ...(f.cvss ?? []).map((c) => c.baseScore ?? 0));
  if (f.kev === true || (f.epss ?? 0) >= 0.1 || top >= 9) return "high";
  if (top >= 7 || (f.epss ?? 0) >= 0.01) return "medium";
  return "low";
}

/**
 * FDA 2016 postmarket guidance: exploitability against severity of patient harm. Default line:
 * uncontrolled when harm is at least `serious` with high exploitability, at least `critical` with
 * medium, or `catastrophic` with any exploitability; controlled otherwise. A finding whose status is
 * `not_affected` or `fixed` is controlled.
 */
export function assessPostmarket(
  f: Pick<VulnFinding, "cvss" | "kev" | "epss" | "status">,
  harm: HarmSeverity,
  controls: readonly string[] = [],
): FindingRisk {
  const exploitability = exploitabilityOf(f);
  const h = HARM_ORDER.indexOf(harm);
  let uncontrolled =
    (exploitability === "high" && h >= 2) || (exploitability === "medium" && h >= 3) || h >= 4;
  let why = `exploitability ${exploitability} × harm ${harm}`;
  if (f.status === "not_affected" || f.status === "fixed") {
    uncontrolled = false;
    why += `; VEX status ${f.status}`;
  }
  return {
    exploitability,
    harmSeverity: harm,
    assessment: uncontrolled ? "uncontrolled" : "controlled",
    rationale: `${why} → ${uncontrolled ? "uncontrolled (remediate; 30-day notice / 60-day fix conditions apply)" : "controlled"}`,
    controls,
  };
}

/**
 * Add CVSS, KEV, EPSS and (with host inputs) the postmarket assessment to findings.
 *
 * @example
 * ```ts
 * const scored = enrichFindings(findings, records, { kev, epss, harmSeverity: { "pkg:npm/x@1": "serious" } });
 * ```
 */
export function enrichFindings(
  findings: readonly VulnFinding[],
  recordsById: ReadonlyMap<string, OsvRecord>,
  options: { kev?: KevCatalog; epss?: EpssScores } & RiskInputs = {},
): VulnFinding[] {
  return findings.map((f) => {
    const record = recordsById.get(f.advisory.id);
    const cvss = record ? cvssOf(record) : [];
    const ids = cves(f);
    let next: VulnFinding = { ...f, ...(cvss.length > 0 ? { cvss } : {}) };
    if (options.kev) {
      const hit = ids.map((c) => options.kev?.get(c)).find((x) => x !== undefined);
      next = {
        ...next,
        kev: hit !== undefined,
        ...(hit
          ? {
              kevDetail: {
                ...(hit.dateAdded ? { dateAdded: hit.dateAdded } : {}),
                ...(hit.dueDate ? { dueDate: hit.dueDate } : {}),
                ...(hit.knownRansomwareCampaignUse ? { ransomware: hit.knownRansomwareCampaignUse } : {}),
              },
            }
          : {}),
      };
    }
    if (options.epss) {
      const scores = ids.map((c) => options.epss?.get(c)).filter((x) => x !== undefined);
      const top = scores.sort((a, b) => b.epss - a.epss)[0];
      if (top) next = { ...next, epss: top.epss, epssPercentile: top.percentile };
    }
    const harmMap = options.harmSeverity;
    const key = [f.component.bomRef, f.component.purl].find(
      (k) => k !== undefined && harmMap !== undefined && Object.hasOwn(harmMap, k),
    );
    if (key && harmMap) {
      const harm = harmMap[key] as HarmSeverity;
      const controls =
        options.controls && Object.hasOwn(options.controls, key) ? (options.controls[key] ?? []) : [];
      if (HARM_ORDER.includes(harm)) next = { ...next, risk: assessPostmarket(next, harm, controls) };
    }
    return next;
  });
}
