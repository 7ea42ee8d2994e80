/**
 * CVSS results in FIRST's JSON data representation (schemas `cvss-v3.1.json` and `cvss-v4.0.json`): the
 * metric values under their long names plus the scores. For v4.0 the single score is reported as
 * `baseScore`, as the CVSS SIG's revised schema does.
 */
import type { CvssParseOptions } from "./common.js";
import { parseCvss } from "./cvss.js";
import { type Cvss31Score, scoreCvss31 } from "./v31.js";
import { type Cvss40Score, scoreCvss40 } from "./v40.js";

type Names = readonly [jsonName: string, values: Readonly<Record<string, string>>];

const CIA = { H: "HIGH", L: "LOW", N: "NONE" };
const REQ = { H: "HIGH", M: "MEDIUM", L: "LOW" };
const ND = { X: "NOT_DEFINED" };

const V31_NAMES: Readonly<Record<string, Names>> = {
  AV: ["attackVector", { N: "NETWORK", A: "ADJACENT_NETWORK", L: "LOCAL", P: "PHYSICAL" }],
  AC: ["attackComplexity", { L: "LOW", H: "HIGH" }],
  PR: ["privilegesRequired", { N: "NONE", L: "LOW", H: "HIGH" }],
  UI: ["userInteraction", { N: "NONE", R: "REQUIRED" }],
  S: ["scope", { U: "UNCHANGED", C: "CHANGED" }],
  C: ["confidentialityImpact", CIA],
  I: ["integrityImpact", CIA],
  A: ["availabilityImpact", CIA],
  E: ["exploitCodeMaturity", { ...ND, U: "UNPROVEN", P: "PROOF_OF_CONCEPT", F: "FUNCTIONAL", H: "HIGH" }],
  RL: [
    "remediationLevel",
    { ...ND, O: "OFFICIAL_FIX", T: "TEMPORARY_FIX", W: "WORKAROUND", U: "UNAVAILABLE" },
  ],
  RC: ["reportConfidence", { ...ND, U: "UNKNOWN", R: "REASONABLE", C: "CONFIRMED" }],
  CR: ["confidentialityRequirement", { ...ND, ...REQ }],
  IR: ["integrityRequirement", { ...ND, ...REQ }],
  AR: ["availabilityRequirement", { ...ND, ...REQ }],
  MAV: ["modifiedAttackVector", { ...ND, N: "NETWORK", A: "ADJACENT_NETWORK", L: "LOCAL", P: "PHYSICAL" }],
  MAC: ["modifiedAttackComplexity", { ...ND, L: "LOW", H: "HIGH" }],
  MPR: ["modifiedPrivilegesRequired", { ...ND, N: "NONE", L: "LOW", H: "HIGH" }],
  MUI: ["modifiedUserInteraction", { ...ND, N: "NONE", R: "REQUIRED" }],
  MS: ["modifiedScope", { ...ND, U: "UNCHANGED", C: "CHANGED" }],
  MC: ["modifiedConfidentialityImpact", { ...ND, ...CIA }],
  MI: ["modifiedIntegrityImpact", { ...ND, ...CIA }],
  MA: ["modifiedAvailabilityImpact", { ...ND, ...CIA }],
};

const V40_NAMES: Readonly<Record<string, Names>> = {
  AV: ["attackVector", { N: "NETWORK", A: "ADJACENT", L: "LOCAL", P: "PHYSICAL" }],
  AC: ["attackComplexity", { L: "LOW", H: "HIGH" }],
  AT: ["attackRequirements", { N: "NONE", P: "PRESENT" }],
  PR: ["privilegesRequired", { N: "NONE", L: "LOW", H: "HIGH" }],
  UI: ["userInteraction", { N: "NONE", P: "PASSIVE", A: "ACTIVE" }],
  VC: ["vulnConfidentialityImpact", CIA],
  VI: ["vulnIntegrityImpact", CIA],
  VA: ["vulnAvailabilityImpact", CIA],
  SC: ["subConfidentialityImpact", CIA],
  SI: ["subIntegrityImpact", CIA],
  SA: ["subAvailabilityImpact", CIA],
  E: ["exploitMaturity", { ...ND, A: "ATTACKED", P: "PROOF_OF_CONCEPT", U: "UNREPORTED" }],
  CR: ["confidentialityRequirement", { ...ND, ...REQ }],
  IR: ["integrityRequirement", { ...ND, ...REQ }],
  AR: ["availabilityRequirement", { ...ND, ...REQ }],
  MAV: ["modifiedAttackVector", { ...ND, N: "NETWORK", A: "ADJACENT", L: "LOCAL", P: "PHYSICAL" }],
  MAC: ["modifiedAttackComplexity", { ...ND, L: "LOW", H: "HIGH" }],
  MAT: ["modifiedAttackRequirements", { ...ND, N: "NONE", P: "PRESENT" }],
  MPR: ["modifiedPrivilegesRequired", { ...ND, N: "NONE", L: "LOW", H: "HIGH" }],
  MUI: ["modifiedUserInteraction", { ...ND, N: "NONE", P: "PASSIVE", A: "ACTIVE" }],
  MVC: ["modifiedVulnConfidentialityImpact", { ...ND, ...CIA }],
  MVI: ["modifiedVulnIntegrityImpact", { ...ND, ...CIA }],
  MVA: ["modifiedVulnAvailabilityImpact", { ...ND, ...CIA }],
  MSC: ["modifiedSubConfidentialityImpact", { ...ND, ...CIA }],
  MSI: ["modifiedSubIntegrityImpact", { ...ND, ...CIA, S: "SAFETY" }],
  MSA: ["modifiedSubAvailabilityImpact", { ...ND, ...CIA, S: "SAFETY" }],
  S: ["Safety", { ...ND, N: "NEGLIGIBLE", P: "PRESENT" }],
  AU: ["Automatable", { ...ND, N: "NO", Y: "YES" }],
  R: ["Recovery", { ...ND, A: "AUTOMATIC", U: "USER", I: "IRRECOVERABLE" }],
  V: ["valueDensity", { ...ND, D: "DIFFUSE", C: "CONCENTRATED" }],
  RE: ["vulnerabilityResponseEffort", { ...ND, L: "LOW", M: "MODERATE", H: "HIGH" }],
  U: ["providerUrgency", { ...ND, Clear: "CLEAR", Green: "GREEN", Amber: "AMBER", Red: "RED" }],
};

/** A CVSS result in FIRST's JSON data representation. */
export type CvssJson = {
  version: "3.1" | "4.0";
  vectorString: string;
  baseScore: number;
  baseSeverity: string;
} & Record<string, string | number>;

/**
 * A CVSS v3.1 or v4.0 vector and its scores in FIRST's JSON data representation (e.g. for CSAF or CVE
 * records). Throws a `VALIDATION` `QmsError` for an invalid vector.
 *
 * @example
 * ```ts
 * toCvssJson("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
 * // { version: "3.1", vectorString: "CVSS:3.1/…", attackVector: "NETWORK", …, baseScore: 9.8, baseSeverity: "CRITICAL" }
 * ```
 */
export function toCvssJson(vector: string, options?: CvssParseOptions): CvssJson {
  const parsed = parseCvss(vector, options);
  const names = parsed.version === "3.1" ? V31_NAMES : V40_NAMES;
  const out: CvssJson = {
    version: parsed.version,
    vectorString: parsed.vector,
    baseScore: 0,
    baseSeverity: "",
  };
  for (const [key, value] of Object.entries(parsed.metrics)) {
    const [name, values] = names[key]!;
    out[name] = values[value]!;
  }
  if (parsed.version === "3.1") {
    const s: Cvss31Score = scoreCvss31(parsed.vector);
    out.baseScore = s.baseScore;
    out.baseSeverity = s.baseSeverity.toUpperCase();
    if (s.hasTemporal) {
      out.temporalScore = s.temporalScore;
      out.temporalSeverity = s.temporalSeverity.toUpperCase();
    }
    if (s.hasEnvironmental) {
      out.environmentalScore = s.environmentalScore;
      out.environmentalSeverity = s.environmentalSeverity.toUpperCase();
    }
  } else {
    const s: Cvss40Score = scoreCvss40(parsed.vector);
    out.baseScore = s.score;
    out.baseSeverity = s.severity.toUpperCase();
  }
  return out;
}
