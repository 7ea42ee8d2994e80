/**
 * Security risk in the AAMI TIR57 / ANSI/AAMI SW96 style (exploitability × severity of patient harm on a
 * manufacturer-defined matrix) and the FDA postmarket assessment of cybersecurity risk (2016 guidance):
 * controlled or uncontrolled, and for uncontrolled risk the conditions and deadlines, counted from the
 * date the manufacturer became aware of the vulnerability.
 */
import { tz } from "@date-fns/tz";
import { addDays } from "date-fns";
import { z } from "zod";
import {
  type ControlTraceGap,
  EXAMPLE_SEVERITY_SCALE,
  type RiskControlInput,
  type RiskEvaluation,
  RiskKeySchema,
  type RiskMatrix,
} from "./matrix.js";
import { invalid, parseWith } from "./validation.js";

/** A date: a `Date`, an ISO 8601 instant, or a calendar date `YYYY-MM-DD` (taken as 00:00 UTC). */
export const DateInputSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) =>
    v instanceof Date ? new Date(v.getTime()) : new Date(v.length === 10 ? `${v}T00:00:00Z` : v),
  )
  .refine((d) => !Number.isNaN(d.getTime()), "invalid date");

/** A cybersecurity risk (SEC-02): an asset, the threat, and exploitability × severity before and after controls. */
export const SecurityRiskInputSchema = z
  .object({
    id: z.string().min(1).max(200),
    asset: z.string().min(1).max(1000),
    threat: z.string().min(1).max(4000),
    vulnerability: z.string().max(4000).optional(),
    /** CVSS vector and CVE ids, kept with the risk as evidence for the exploitability rating. */
    cvssVector: z.string().max(512).optional(),
    cveIds: z
      .array(z.string().regex(/^CVE-\d{4}-\d{4,}$/))
      .max(100)
      .default([]),
    /** Exploitability level of the security policy (not a probability, SEC-02). */
    exploitability: RiskKeySchema,
    /** Severity of patient harm on the policy's severity scale. */
    severity: RiskKeySchema,
    /** Whether exploitation could lead to patient harm; defaults to "severity above the lowest level". */
    safetyImpact: z.boolean().optional(),
    /** ISO 14971 hazard record ids this risk is linked to (SEC-03). */
    hazardIds: z.array(z.string().min(1).max(200)).max(100).default([]),
  })
  .strict();
/** A cybersecurity risk as given by the caller. */
export type SecurityRiskInput = z.input<typeof SecurityRiskInputSchema>;

/** The assessment of one cybersecurity risk. */
export interface SecurityRiskAssessment {
  readonly id: string;
  /** Pre-mitigation evaluation (SEC-02). */
  readonly pre: RiskEvaluation;
  /** Post-mitigation evaluation (SEC-02). */
  readonly post: RiskEvaluation;
  /** The post-mitigation risk meets the acceptance criteria of the policy. */
  readonly acceptable: boolean;
  readonly safetyImpact: boolean;
  /** Safety impact without a linked hazard record: link or create one (SEC-03). */
  readonly hazardLinkMissing: boolean;
  readonly traceGaps: readonly ControlTraceGap[];
}

/**
 * Assess a cybersecurity risk on a security policy: pre- and post-mitigation evaluations of
 * exploitability × severity, acceptance, and whether a safety hazard link is missing.
 *
 * @requirement SEC-02
 * @requirement SEC-03
 * @example
 * ```ts
 * const m = createRiskMatrix(EXAMPLE_SECURITY_POLICY);
 * assessSecurityRisk(m, { id: "CR-1", asset: "pump firmware", threat: "unsigned update", exploitability: "high", severity: "critical" },
 *   [{ id: "RC-1", description: "signed updates", option: "inherent-safety-by-design", probabilityAfter: "low" }]);
 * ```
 */
export function assessSecurityRisk(
  matrix: RiskMatrix,
  input: SecurityRiskInput,
  controls: readonly RiskControlInput[] = [],
): SecurityRiskAssessment {
  if (matrix.policy.kind !== "security")
    throw invalid(
      `Policy ${matrix.policy.id} is a ${matrix.policy.kind} policy; security risk needs a security policy (exploitability axis)`,
    );
  const risk = parseWith(SecurityRiskInputSchema, input, "security risk");
  const r = matrix.residual({ severity: risk.severity, probability: risk.exploitability }, controls);
  const safetyImpact = risk.safetyImpact ?? risk.severity !== matrix.policy.severity[0]!.key;
  return {
    id: risk.id,
    pre: r.initial,
    post: r.residual,
    acceptable: r.residual.acceptable,
    safetyImpact,
    hazardLinkMissing: safetyImpact && risk.hazardIds.length === 0,
    traceGaps: r.traceGaps,
  };
}

/** Input of {@link assessFdaPostmarket}. */
export const FdaPostmarketInputSchema = z
  .object({
    /** Exploitability level of the security policy. */
    exploitability: RiskKeySchema,
    /** Severity of patient harm (ISO 14971 scale of the policy). */
    severity: RiskKeySchema,
    /** When the manufacturer became aware of the vulnerability: day 0 of the deadlines. */
    awarenessDate: DateInputSchema,
    /** The vulnerability could compromise essential clinical performance; treated as uncontrolled. */
    essentialClinicalPerformanceCompromised: z.boolean().default(false),
    /** Known serious adverse events or deaths associated with the vulnerability. */
    knownSeriousAdverseEvents: z.boolean(),
    /** The manufacturer actively participates in an ISAO. */
    isaoParticipant: z.boolean(),
    /** When customers and users were told of the risk and of interim compensating controls. */
    customerCommunicationDate: DateInputSchema.optional(),
    /** When a fix or compensating control was validated and distributed. */
    remediationDate: DateInputSchema.optional(),
    /** The instant the status is computed for (default: now). */
    asOf: DateInputSchema.optional(),
  })
  .strict();
/** Input of {@link assessFdaPostmarket}. */
export type FdaPostmarketInput = z.input<typeof FdaPostmarketInputSchema>;

/** State of one condition. */
export type ObligationStatus = "met" | "pending" | "overdue" | "missed" | "not-met";

/** A condition for FDA enforcement discretion on an uncontrolled risk. */
export interface FdaObligation {
  readonly id: "customer-communication" | "remediation" | "isao-participation" | "no-serious-adverse-events";
  readonly description: string;
  readonly dueDate?: Date;
  readonly completedAt?: Date;
  readonly status: ObligationStatus;
}

/** The FDA postmarket assessment. */
export interface FdaPostmarketAssessment {
  readonly status: "controlled" | "uncontrolled";
  readonly evaluation: RiskEvaluation;
  /** Conditions and deadlines; empty for a controlled risk. */
  readonly obligations: readonly FdaObligation[];
  /**
   * 21 CFR Part 806 report: `not-required` (controlled, or uncontrolled with every condition met),
   * `required` (a condition failed or serious adverse events are known), or
   * `not-required-if-conditions-met` (conditions still pending).
   */
  readonly part806Report: "not-required" | "required" | "not-required-if-conditions-met";
  readonly rationale: readonly string[];
}

/** Days from awareness to tell customers (30) and to validate and distribute a fix or compensating control (60). */
export const FDA_POSTMARKET_DEADLINE_DAYS = { customerCommunication: 30, remediation: 60 } as const;

const utc = tz("UTC");
const iso = (d: Date) => d.toISOString().slice(0, 10);

function deadlineStatus(due: Date, completed: Date | undefined, asOf: Date): ObligationStatus {
  if (completed !== undefined) return completed.getTime() <= due.getTime() ? "met" : "missed";
  return asOf.getTime() > due.getTime() ? "overdue" : "pending";
}

/**
 * FDA postmarket cybersecurity assessment (2016 guidance): the exploitability × severity cell of a security
 * policy decides controlled (acceptable region) or uncontrolled. For an uncontrolled risk it returns the
 * conditions under which no Part 806 report is needed: no known serious adverse events, customer
 * communication within 30 days and a validated fix or compensating control within 60 days of awareness,
 * and ISAO participation, each with its status as of `asOf`.
 *
 * @requirement SEC-09
 * @example
 * ```ts
 * const m = createRiskMatrix(EXAMPLE_SECURITY_POLICY);
 * const a = assessFdaPostmarket(m, { exploitability: "high", severity: "critical", awarenessDate: "2026-03-02",
 *   knownSeriousAdverseEvents: false, isaoParticipant: true });
 * a.status; // "uncontrolled"; a.obligations[0].dueDate → 2026-04-01
 * ```
 */
export function assessFdaPostmarket(matrix: RiskMatrix, input: FdaPostmarketInput): FdaPostmarketAssessment {
  if (matrix.policy.kind !== "security")
    throw invalid(
      `Policy ${matrix.policy.id} is a ${matrix.policy.kind} policy; the FDA assessment needs a security policy`,
    );
  const a = parseWith(FdaPostmarketInputSchema, input, "FDA postmarket input");
  const evaluation = matrix.evaluate(a.severity, a.exploitability);
  const rationale: string[] = [
    `Exploitability ${evaluation.probability} × severity ${evaluation.severity} is in region "${evaluation.regionName}" of ${evaluation.policy} (${evaluation.acceptable ? "acceptable" : "not acceptable"}).`,
  ];
  const uncontrolled = !evaluation.acceptable || a.essentialClinicalPerformanceCompromised;
  if (a.essentialClinicalPerformanceCompromised)
    rationale.push("Essential clinical performance can be compromised: the risk is treated as uncontrolled.");
  if (!uncontrolled) {
    rationale.push(
      "Controlled: remediate as a routine update or patch; no Part 806 report (PMA devices list it in the periodic report).",
    );
    return { status: "controlled", evaluation, obligations: [], part806Report: "not-required", rationale };
  }
  const asOf = a.asOf ?? new Date();
  const commDue = addDays(a.awarenessDate, FDA_POSTMARKET_DEADLINE_DAYS.customerCommunication, { in: utc });
  const fixDue = addDays(a.awarenessDate, FDA_POSTMARKET_DEADLINE_DAYS.remediation, { in: utc });
  const obligations: FdaObligation[] = [
    {
      id: "customer-communication",
      description: "Notify customers and users of the risk and of interim compensating controls",
      dueDate: new Date(commDue.getTime()),
      ...(a.customerCommunicationDate ? { completedAt: a.customerCommunicationDate } : {}),
      status: deadlineStatus(commDue, a.customerCommunicationDate, asOf),
    },
    {
      id: "remediation",
      description: "Validate and distribute a fix or compensating control that brings the risk to controlled",
      dueDate: new Date(fixDue.getTime()),
      ...(a.remediationDate ? { completedAt: a.remediationDate } : {}),
      status: deadlineStatus(fixDue, a.remediationDate, asOf),
    },
    {
      id: "isao-participation",
      description: "Participate actively in an Information Sharing and Analysis Organization (ISAO)",
      status: a.isaoParticipant ? "met" : "not-met",
    },
    {
      id: "no-serious-adverse-events",
      description: "No known serious adverse events or deaths associated with the vulnerability",
      status: a.knownSeriousAdverseEvents ? "not-met" : "met",
    },
  ];
  rationale.push(
    `Uncontrolled: customer communication due ${iso(commDue)} (awareness + 30 days), fix or compensating control due ${iso(fixDue)} (awareness + 60 days).`,
  );
  const failed = obligations.filter(
    (o) => o.status === "overdue" || o.status === "missed" || o.status === "not-met",
  );
  let part806Report: FdaPostmarketAssessment["part806Report"];
  if (failed.length > 0) {
    part806Report = "required";
    rationale.push(`A Part 806 report is required: ${failed.map((o) => `${o.id} ${o.status}`).join(", ")}.`);
    if (a.knownSeriousAdverseEvents)
      rationale.push("Serious adverse events are known: also assess MDR reporting under Part 803.");
  } else if (obligations.every((o) => o.status === "met")) {
    part806Report = "not-required";
    rationale.push("Every condition is met: no Part 806 report is needed.");
  } else {
    part806Report = "not-required-if-conditions-met";
    rationale.push("No Part 806 report is needed if the pending conditions are met by their deadlines.");
  }
  return { status: "uncontrolled", evaluation, obligations, part806Report, rationale };
}

/**
 * An example security policy: exploitability (low / medium / high) × severity of patient harm (ISO 14971
 * style five levels), regions controlled / uncontrolled. An example only; the manufacturer sets its own.
 */
export const EXAMPLE_SECURITY_POLICY = {
  id: "example-security",
  version: "1",
  kind: "security" as const,
  severity: [...EXAMPLE_SEVERITY_SCALE],
  probability: [
    { key: "low", name: "Low exploitability" },
    { key: "medium", name: "Medium exploitability" },
    { key: "high", name: "High exploitability" },
  ],
  regions: [
    { key: "controlled", name: "Controlled", acceptable: true },
    { key: "uncontrolled", name: "Uncontrolled", acceptable: false },
  ],
  matrix: [
    ["controlled", "controlled", "controlled"],
    ["controlled", "controlled", "controlled"],
    ["controlled", "controlled", "uncontrolled"],
    ["controlled", "uncontrolled", "uncontrolled"],
    ["uncontrolled", "uncontrolled", "uncontrolled"],
  ],
};

/** A rule of {@link suggestExploitability}: the first rule whose conditions all hold gives the level. */
export const ExploitabilityRuleSchema = z
  .object({
    level: RiskKeySchema,
    inKev: z.boolean().optional(),
    epssAtLeast: z.number().min(0).max(1).optional(),
    cvssAtLeast: z.number().min(0).max(10).optional(),
  })
  .strict();
/** A rule of {@link suggestExploitability}. */
export type ExploitabilityRule = z.infer<typeof ExploitabilityRuleSchema>;

/**
 * Suggest an exploitability level from KEV membership, EPSS probability and a CVSS score, using the
 * manufacturer's ordered rules. The result is a suggestion for the analyst, marked as such.
 *
 * @requirement SEC-02
 * @example
 * ```ts
 * suggestExploitability({ inKev: true }, [{ level: "high", inKev: true }, { level: "low" }]);
 * // { level: "high", suggestion: true, rule: 0 }
 * ```
 */
export function suggestExploitability(
  evidence: { inKev?: boolean; epss?: number; cvssScore?: number },
  rules: readonly ExploitabilityRule[],
): { level: string; suggestion: true; rule: number } | undefined {
  const parsed = parseWith(z.array(ExploitabilityRuleSchema).max(100), rules, "exploitability rules");
  const ev = parseWith(
    z
      .object({
        inKev: z.boolean().optional(),
        epss: z.number().min(0).max(1).optional(),
        cvssScore: z.number().min(0).max(10).optional(),
      })
      .strict(),
    evidence,
    "exploitability evidence",
  );
  for (let i = 0; i < parsed.length; i++) {
    const r = parsed[i]!;
    if (r.inKev !== undefined && ev.inKev !== r.inKev) continue;
    if (r.epssAtLeast !== undefined && !(ev.epss !== undefined && ev.epss >= r.epssAtLeast)) continue;
    if (r.cvssAtLeast !== undefined && !(ev.cvssScore !== undefined && ev.cvssScore >= r.cvssAtLeast))
      continue;
    return { level: r.level, suggestion: true, rule: i };
  }
  return undefined;
}
