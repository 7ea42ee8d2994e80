/**
 * Risk per finding: the advisory's CVSS vectors scored by `@qmskit/risk` (3.1 and 4.0 side by side),
 * KEV membership and EPSS looked up in `@qmskit/risk`'s parsed feeds, and the FDA 2016 postmarket
 * controlled / uncontrolled assessment (`@qmskit/risk`'s `suggestExploitability` and
 * `assessFdaPostmarket` on a security risk matrix) when the host gives the patient-harm severity of the
 * component.
 *
 * @requirement SEC-07 each finding carries CVSS, exploitability, clinical impact and compensating controls
 * @requirement SEC-09 uncontrolled risks are flagged so their 30/60-day obligations can be tracked
 */
import {
  assessFdaPostmarket,
  createRiskMatrix,
  type EpssDataset,
  EXAMPLE_SECURITY_POLICY,
  type ExploitabilityRule,
  type KevCatalog,
  type RiskMatrix,
  safeScoreCvss,
  suggestExploitability,
} from "@qmskit/risk";
import type { FindingCvss, FindingRisk, VulnFinding } from "./finding.js";
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
  /**
   * Patient-harm severity per component `bomRef` (or purl), as a severity key of the security policy
   * (`negligible` … `catastrophic` with the default policy). Findings of other components, and values that
   * are not a severity key of the policy, get no assessment.
   */
  readonly harmSeverity?: Readonly<Record<string, string>>;
  /** Compensating controls per component `bomRef` (or purl). */
  readonly controls?: Readonly<Record<string, readonly string[]>>;
  /**
   * The security risk matrix (exploitability × severity of patient harm, a `kind: "security"` policy).
   * Default: `createRiskMatrix(EXAMPLE_SECURITY_POLICY)` from `@qmskit/risk`, an example only; use the
   * policy of your risk management plan.
   */
  readonly securityMatrix?: RiskMatrix;
  /**
   * Ordered rules mapping KEV / EPSS / CVSS evidence to an exploitability level of the security policy
   * (`@qmskit/risk`'s `suggestExploitability`). Default: {@link DEFAULT_EXPLOITABILITY_RULES}.
   */
  readonly exploitabilityRules?: readonly ExploitabilityRule[];
}

/**
 * The default exploitability rules (first match wins): `high` when the CVE is in KEV, its EPSS probability
 * is at least 0.1, or a CVSS base score is 9.0 or more; `medium` for a base score of 7.0 or more or EPSS
 * of at least 0.01; `low` otherwise. A documented default, not a regulatory value; the levels are those of
 * `EXAMPLE_SECURITY_POLICY`.
 */
export const DEFAULT_EXPLOITABILITY_RULES: readonly ExploitabilityRule[] = [
  { level: "high", inKev: true },
  { level: "high", epssAtLeast: 0.1 },
  { level: "high", cvssAtLeast: 9 },
  { level: "medium", cvssAtLeast: 7 },
  { level: "medium", epssAtLeast: 0.01 },
  { level: "low" },
];

let exampleMatrix: RiskMatrix | undefined;
const defaultMatrix = (): RiskMatrix => {
  exampleMatrix ??= createRiskMatrix(EXAMPLE_SECURITY_POLICY);
  return exampleMatrix;
};

/**
 * `assessFdaPostmarket` requires the awareness date, ISAO participation and known serious adverse events.
 * They only drive the 30/60-day obligations and the Part 806 answer, which a scan does not know per finding
 * and does not report; the controlled / uncontrolled status depends on the matrix cell alone. vuln passes
 * these fixed values and keeps only the status and the evaluation; the host calls `assessFdaPostmarket`
 * itself with the real dates to track the obligations of an uncontrolled finding.
 */
const STATUS_ONLY = {
  awarenessDate: new Date(0),
  asOf: new Date(0),
  knownSeriousAdverseEvents: false,
  isaoParticipant: true,
} as const;

/**
 * FDA 2016 postmarket guidance for one finding: exploitability suggested from the finding's KEV / EPSS /
 * CVSS evidence by `suggestExploitability`, then `assessFdaPostmarket` on the security matrix
 * (exploitability × severity of patient harm). Returns undefined when no rule gives a level.
 *
 * @throws QmsError `VALIDATION` (from `@qmskit/risk`) when `harm` or the suggested level is not a key of the policy
 * @example
 * ```ts
 * assessPostmarket(finding, "serious"); // { exploitability: "high", assessment: "uncontrolled", … } for a KEV finding
 * ```
 */
export function assessPostmarket(
  f: Pick<VulnFinding, "cvss" | "kev" | "epss" | "status">,
  harm: string,
  controls: readonly string[] = [],
  options: Pick<RiskInputs, "securityMatrix" | "exploitabilityRules"> = {},
): FindingRisk | undefined {
  const scores = (f.cvss ?? []).flatMap((c) => (c.baseScore === undefined ? [] : [c.baseScore]));
  const suggested = suggestExploitability(
    {
      ...(f.kev !== undefined ? { inKev: f.kev } : {}),
      ...(f.epss !== undefined ? { epss: f.epss } : {}),
      ...(scores.length > 0 ? { cvssScore: Math.max(...scores) } : {}),
    },
    options.exploitabilityRules ?? DEFAULT_EXPLOITABILITY_RULES,
  );
  if (!suggested) return undefined;
  const matrix = options.securityMatrix ?? defaultMatrix();
  const a = assessFdaPostmarket(matrix, {
    exploitability: suggested.level,
    severity: harm,
    ...STATUS_ONLY,
  });
  let status = a.status;
  let why = `exploitability ${suggested.level} × harm ${harm} (${a.evaluation.policy}: ${a.evaluation.regionName})`;
  // VEX is vuln's concept, not risk's: a component that is not affected or already fixed carries no
  // exploitable vulnerability, whatever the cell of the matrix says.
  if (f.status === "not_affected" || f.status === "fixed") {
    status = "controlled";
    why += `; VEX status ${f.status}`;
  }
  return {
    exploitability: suggested.level,
    harmSeverity: harm,
    assessment: status,
    rationale: `${why} → ${status === "uncontrolled" ? "uncontrolled (remediate; 30-day notice / 60-day fix conditions apply)" : "controlled"}`,
    controls,
  };
}

/**
 * Add CVSS, KEV, EPSS and (with host inputs) the postmarket assessment to findings.
 *
 * @example
 * ```ts
 * const kev = await readKevFile("known_exploited_vulnerabilities.json"); // @qmskit/risk
 * const scored = enrichFindings(findings, records, { kev, harmSeverity: { "pkg:npm/x@1": "serious" } });
 * ```
 */
export function enrichFindings(
  findings: readonly VulnFinding[],
  recordsById: ReadonlyMap<string, OsvRecord>,
  options: { kev?: KevCatalog; epss?: EpssDataset } & RiskInputs = {},
): VulnFinding[] {
  const matrix = options.harmSeverity ? (options.securityMatrix ?? defaultMatrix()) : undefined;
  const severities = new Set(matrix?.policy.severity.map((l) => l.key));
  return findings.map((f) => {
    const record = recordsById.get(f.advisory.id);
    const cvss = record ? cvssOf(record) : [];
    const ids = cves(f);
    let next: VulnFinding = { ...f, ...(cvss.length > 0 ? { cvss } : {}) };
    if (options.kev) {
      const hit = ids.map((c) => options.kev?.lookup(c)).find((x) => x !== undefined);
      next = {
        ...next,
        kev: hit !== undefined,
        ...(hit
          ? {
              kevDetail: {
                dateAdded: hit.dateAdded,
                dueDate: hit.dueDate,
                ransomware: hit.entry.knownRansomwareCampaignUse,
              },
            }
          : {}),
      };
    }
    if (options.epss) {
      const scores = ids.map((c) => options.epss?.lookup(c)).filter((x) => x !== undefined);
      const top = scores.sort((a, b) => b.epss - a.epss)[0];
      if (top) next = { ...next, epss: top.epss, epssPercentile: top.percentile };
    }
    const harmMap = options.harmSeverity;
    const key = [f.component.bomRef, f.component.purl].find(
      (k) => k !== undefined && harmMap !== undefined && Object.hasOwn(harmMap, k),
    );
    if (key && harmMap && matrix) {
      const harm = harmMap[key];
      const controls =
        options.controls && Object.hasOwn(options.controls, key) ? (options.controls[key] ?? []) : [];
      if (typeof harm === "string" && severities.has(harm)) {
        const risk = assessPostmarket(next, harm, controls, {
          securityMatrix: matrix,
          ...(options.exploitabilityRules ? { exploitabilityRules: options.exploitabilityRules } : {}),
        });
        if (risk) next = { ...next, risk };
      }
    }
    return next;
  });
}
