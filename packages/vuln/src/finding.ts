/**
 * The finding: one component affected by one advisory, with everything the FDA known-vulnerability
 * table needs (how it was found, VEX status and who said it, CVSS, KEV, EPSS, risk, controls).
 *
 * @requirement SEC-07 every finding carries CVSS, exploitability, clinical impact and compensating controls
 */
import type { Match } from "./match.js";
import type { VexStatement, VexStatus } from "./vex/model.js";

/** The VEX statement that decided a finding's status. */
export interface FindingVex {
  readonly status: VexStatus;
  /** The status as the VEX document wrote it. */
  readonly sourceStatus: string;
  readonly justification?: string;
  readonly impactStatement?: string;
  readonly actionStatement?: string;
  readonly statusNotes?: string;
  /** Who stated it. */
  readonly author?: string;
  /** When it was stated (ISO 8601). */
  readonly timestamp?: string;
  readonly format: VexStatement["format"];
  readonly documentId?: string;
  /** File and pointer of the statement. */
  readonly source: string;
  /** Older or equal-time statements for the same product and vulnerability that this one overrode. */
  readonly overrides: number;
}

/** One CVSS vector of the advisory, scored by `@qmskit/risk`. */
export interface FindingCvss {
  /** `3.1`, `4.0`; `3.0` vectors are scored with the 3.1 equations (see `note`); `2.0` is kept unscored. */
  readonly version: string;
  readonly vector: string;
  readonly baseScore?: number;
  readonly baseSeverity?: string;
  /** Where the vector came from: `advisory` (top-level severity) or `affected` (per-package severity). */
  readonly source: "advisory" | "affected";
  readonly note?: string;
}

/**
 * The FDA postmarket risk assessment of a finding (when the host gave the patient-harm severity), made by
 * `@qmskit/risk` on the security policy (levels below are those of `EXAMPLE_SECURITY_POLICY`).
 */
export interface FindingRisk {
  /** Exploitability level of the security policy (`low`, `medium`, `high` by default), as suggested by the rules. */
  readonly exploitability: string;
  /** Severity of patient harm: a severity key of the security policy ({@link HarmSeverity} by default). */
  readonly harmSeverity: string;
  readonly assessment: "controlled" | "uncontrolled";
  readonly rationale: string;
  /** Compensating controls the host recorded for the component. */
  readonly controls: readonly string[];
}

/** ISO 14971 severity of patient harm, as the FDA 2016 postmarket guidance uses it: the severity keys of `EXAMPLE_SECURITY_POLICY`. */
export type HarmSeverity = "negligible" | "minor" | "serious" | "critical" | "catastrophic";

/** A finding. */
export interface VulnFinding {
  readonly component: {
    readonly purl?: string;
    readonly name: string;
    readonly version?: string;
    readonly bomRef: string;
  };
  readonly advisory: {
    readonly id: string;
    readonly aliases: readonly string[];
    readonly summary?: string;
    readonly modified: string;
    readonly published?: string;
    /** File the advisory was read from. */
    readonly source: string;
  };
  /** How it was found (FDA table column): the advisory source, the package identity and the range that matched. */
  readonly howFound: string;
  readonly status: VexStatus;
  readonly vex?: FindingVex;
  readonly cvss?: readonly FindingCvss[];
  readonly kev?: boolean;
  readonly kevDetail?: {
    readonly dateAdded?: string;
    readonly dueDate?: string;
    readonly ransomware?: string;
  };
  readonly epss?: number;
  readonly epssPercentile?: number;
  readonly risk?: FindingRisk;
  /** Range-evaluation notes (unsupported ranges seen on the way). */
  readonly notes: readonly string[];
}

/**
 * Turn matches into findings with status `affected` (the default before VEX is applied).
 *
 * @example
 * ```ts
 * const findings = findingsFromMatches(matchComponents(components, index).matches);
 * ```
 */
export function findingsFromMatches(matches: readonly Match[]): VulnFinding[] {
  return matches.map((m) => ({
    component: {
      ...(m.component.purl ? { purl: m.component.purl } : {}),
      name: m.component.name,
      ...(m.component.version ? { version: m.component.version } : m.version ? { version: m.version } : {}),
      bomRef: m.component.ref,
    },
    advisory: {
      id: m.advisory.id,
      aliases: m.advisory.aliases ?? [],
      ...(m.advisory.summary ? { summary: m.advisory.summary } : {}),
      modified: m.advisory.modified,
      ...(m.advisory.published ? { published: m.advisory.published } : {}),
      source: m.source,
    },
    howFound: `SBOM purl → ${m.package.ecosystem} "${m.package.name}" ${m.version} in OSV ${m.advisory.id} ${m.via} (${m.source})`,
    status: "affected",
    notes: m.notes,
  }));
}
