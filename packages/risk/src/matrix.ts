/**
 * ISO 14971 risk matrices: the manufacturer's severity and probability scales and acceptability regions as a
 * validated, versioned policy; risk evaluation; risk controls and residual risk; overall residual risk and
 * the benefit-risk record for residual risks that are not acceptable.
 */
import { z } from "zod";
import { invalid, parseWith, type SafeResult, safely } from "./validation.js";

/** A scale or region key: letters, digits, `_`, `.`, `-`; starts with a letter or digit. */
export const RiskKeySchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    "use 1–64 letters, digits, '_', '.' or '-', starting with a letter or digit",
  );

/** One level of a severity or probability (or exploitability) scale. */
export const ScaleLevelSchema = z
  .object({
    key: RiskKeySchema,
    name: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
  })
  .strict();
/** One level of a severity or probability scale. */
export type ScaleLevel = z.infer<typeof ScaleLevelSchema>;

/** An acceptability region of the matrix (e.g. acceptable / reduce further / unacceptable). */
export const RiskRegionSchema = z
  .object({
    key: RiskKeySchema,
    name: z.string().min(1).max(200),
    acceptable: z.boolean(),
    description: z.string().max(4000).optional(),
  })
  .strict();
/** An acceptability region of the matrix. */
export type RiskRegion = z.infer<typeof RiskRegionSchema>;

const uniqueKeys = (levels: readonly { key: string }[]) =>
  new Set(levels.map((l) => l.key)).size === levels.length;

/**
 * The manufacturer's risk acceptability policy (ISO 14971:2019 4.2, 4.4(d)): ordered scales, ordered
 * regions, and the matrix that maps every severity × probability cell to a region.
 *
 * - `severity`: least to most severe. `probability`: least to most likely (for a security policy: least
 *   to most exploitable, SEC-02).
 * - `regions`: most to least acceptable.
 * - `matrix[i][j]`: region key of `severity[i]` × `probability[j]`. Every cell must be set, and the matrix
 *   must be monotone: a more severe or more likely risk is never in a more acceptable region.
 */
export const RiskPolicySchema = z
  .object({
    id: RiskKeySchema,
    version: z.string().min(1).max(50),
    kind: z.enum(["safety", "security"]).default("safety"),
    severity: z.array(ScaleLevelSchema).min(2).max(10).refine(uniqueKeys, "severity keys must be unique"),
    probability: z
      .array(ScaleLevelSchema)
      .min(2)
      .max(10)
      .refine(uniqueKeys, "probability keys must be unique"),
    regions: z.array(RiskRegionSchema).min(2).max(6).refine(uniqueKeys, "region keys must be unique"),
    matrix: z.array(z.array(RiskKeySchema).max(10)).max(10),
  })
  .strict()
  .superRefine((p, ctx) => {
    const rank = new Map(p.regions.map((r, i) => [r.key, i]));
    if (p.matrix.length !== p.severity.length) {
      ctx.addIssue({
        code: "custom",
        path: ["matrix"],
        message: `needs one row per severity level (${p.severity.length})`,
      });
      return;
    }
    for (let i = 0; i < p.matrix.length; i++) {
      const row = p.matrix[i]!;
      if (row.length !== p.probability.length) {
        ctx.addIssue({
          code: "custom",
          path: ["matrix", i],
          message: `needs one cell per probability level (${p.probability.length})`,
        });
        return;
      }
      for (let j = 0; j < row.length; j++) {
        const r = rank.get(row[j]!);
        if (r === undefined) {
          ctx.addIssue({ code: "custom", path: ["matrix", i, j], message: `unknown region "${row[j]}"` });
          return;
        }
        const left = j > 0 ? rank.get(row[j - 1]!) : undefined;
        const above = i > 0 ? rank.get(p.matrix[i - 1]![j]!) : undefined;
        if ((left !== undefined && r < left) || (above !== undefined && r < above))
          ctx.addIssue({
            code: "custom",
            path: ["matrix", i, j],
            message:
              "matrix is not monotone: a more severe or more likely risk is in a more acceptable region",
          });
      }
    }
  });
/** A validated risk policy. */
export type RiskPolicy = z.output<typeof RiskPolicySchema>;
/** A risk policy as written by the manufacturer (before defaults). */
export type RiskPolicyInput = z.input<typeof RiskPolicySchema>;

/**
 * Validate a risk policy; throws a `VALIDATION` `QmsError` naming the offending path.
 *
 * @requirement SEC-02
 * @example
 * ```ts
 * const policy = parseRiskPolicy(EXAMPLE_RISK_POLICY_5X5);
 * ```
 */
export function parseRiskPolicy(input: unknown): RiskPolicy {
  return parseWith(RiskPolicySchema, input, "risk policy");
}

/** Like {@link parseRiskPolicy}, returning `{ success, data | error }`. */
export function safeParseRiskPolicy(input: unknown): SafeResult<RiskPolicy> {
  return safely(() => parseRiskPolicy(input));
}

/** The evaluation of one risk (ISO 14971:2019 clause 6). */
export interface RiskEvaluation {
  readonly policy: string;
  readonly severity: string;
  readonly probability: string;
  /** Region key, e.g. `acceptable`. */
  readonly region: string;
  readonly regionName: string;
  readonly acceptable: boolean;
  /** Index of the region in the policy (0 = most acceptable). */
  readonly rank: number;
}

/** A risk control measure (ISO 14971:2019 7.1) with its traceability (DC-09). */
export const RiskControlSchema = z
  .object({
    id: RiskKeySchema,
    description: z.string().min(1).max(4000),
    /** The control option, in the priority order of ISO 14971:2019 7.1. */
    option: z.enum(["inherent-safety-by-design", "protective-measure", "information-for-safety"]),
    /** Requirement (implementation) ids the control is realised by. */
    requirementIds: z.array(z.string().min(1).max(200)).max(200).default([]),
    /** Verification ids that show the control is implemented and effective. */
    verificationIds: z.array(z.string().min(1).max(200)).max(200).default([]),
    /** Severity level after the control, when it reduces severity. */
    severityAfter: RiskKeySchema.optional(),
    /** Probability (or exploitability) level after the control, when it reduces probability. */
    probabilityAfter: RiskKeySchema.optional(),
  })
  .strict();
/** A validated risk control. */
export type RiskControl = z.output<typeof RiskControlSchema>;
/** A risk control as given by the caller. */
export type RiskControlInput = z.input<typeof RiskControlSchema>;

/** A traceability gap of a risk control. */
export interface ControlTraceGap {
  readonly controlId: string;
  readonly missing: readonly ("implementation" | "verification")[];
}

/** The result of applying risk controls. */
export interface ResidualRiskResult {
  readonly initial: RiskEvaluation;
  readonly residual: RiskEvaluation;
  readonly controls: readonly RiskControl[];
  /** True when the residual risk is in a more acceptable region than the initial risk. */
  readonly reduced: boolean;
  /** Controls not yet linked to an implementation or a verification of effectiveness (DC-09). */
  readonly traceGaps: readonly ControlTraceGap[];
  /** A benefit-risk analysis is needed (ISO 14971:2019 7.4): the residual risk is not acceptable. */
  readonly benefitRiskRequired: boolean;
}

/** A benefit-risk record for a residual risk that is not acceptable (ISO 14971:2019 7.4). */
export const BenefitRiskRecordSchema = z
  .object({
    riskId: z.string().min(1).max(200),
    benefits: z.array(z.string().min(1).max(4000)).min(1).max(50),
    rationale: z.string().min(1).max(20000),
    conclusion: z.enum(["benefits-outweigh-risk", "risk-outweighs-benefits"]),
    evidenceIds: z.array(z.string().min(1).max(200)).max(200).default([]),
    decidedBy: z.object({ id: z.string().min(1).max(200), name: z.string().min(1).max(200) }).strict(),
    decidedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
/** A validated benefit-risk record. */
export type BenefitRiskRecord = z.output<typeof BenefitRiskRecordSchema>;

/** Validate a benefit-risk record; throws a `VALIDATION` `QmsError`. */
export function parseBenefitRiskRecord(input: unknown): BenefitRiskRecord {
  return parseWith(BenefitRiskRecordSchema, input, "benefit-risk record");
}

/** One risk's residual evaluation, for the overall residual risk. */
export interface ResidualRiskItem {
  readonly id: string;
  readonly residual: RiskEvaluation;
  readonly benefitRisk?: BenefitRiskRecord;
}

/** The overall residual risk (ISO 14971:2019 clause 8). */
export interface OverallResidualRisk {
  /** True when every residual risk is acceptable or has a benefit-risk record whose benefits outweigh it. */
  readonly acceptable: boolean;
  readonly total: number;
  /** Number of risks per region key. */
  readonly byRegion: Readonly<Record<string, number>>;
  /** Not acceptable and no benefit-risk record yet. */
  readonly openBenefitRisk: readonly string[];
  /** Not acceptable, but accepted by a benefit-risk record. */
  readonly acceptedByBenefitRisk: readonly string[];
  /** Not acceptable, and the benefit-risk record concluded that the risk outweighs the benefits. */
  readonly rejected: readonly string[];
  /** The least acceptable region among all residual risks. */
  readonly worstRegion: string | undefined;
}

/** A risk matrix bound to one validated policy. Create with {@link createRiskMatrix}. */
export interface RiskMatrix {
  readonly policy: RiskPolicy;
  /** Risk level and acceptability of a severity × probability cell (ISO 14971:2019 clause 6). */
  evaluate(severity: string, probability: string): RiskEvaluation;
  /** Apply risk controls to an initial risk and evaluate the residual risk (clause 7). */
  residual(
    initial: { severity: string; probability: string },
    controls: readonly RiskControlInput[],
  ): ResidualRiskResult;
  /** Evaluate the overall residual risk of many risks (clause 8). */
  overall(items: readonly ResidualRiskItem[]): OverallResidualRisk;
}

/**
 * Bind a risk matrix to a policy (validated first).
 *
 * @requirement DC-09
 * @requirement SEC-02
 * @example
 * ```ts
 * const matrix = createRiskMatrix(EXAMPLE_RISK_POLICY_5X5);
 * matrix.evaluate("serious", "remote"); // { region: "reduce", acceptable: true, … }
 * ```
 */
export function createRiskMatrix(policyInput: RiskPolicyInput | RiskPolicy): RiskMatrix {
  const policy = parseRiskPolicy(policyInput);
  const sev = new Map(policy.severity.map((l, i) => [l.key, i]));
  const prob = new Map(policy.probability.map((l, i) => [l.key, i]));
  const rank = new Map(policy.regions.map((r, i) => [r.key, i]));
  const policyId = `${policy.id}@${policy.version}`;
  const level = (
    map: Map<string, number>,
    key: unknown,
    axis: string,
    levels: readonly ScaleLevel[],
  ): number => {
    const i = typeof key === "string" ? map.get(key) : undefined;
    if (i === undefined)
      throw invalid(
        `Unknown ${axis} level ${JSON.stringify(String(key)).slice(0, 80)} for policy ${policyId}; use one of: ${levels.map((l) => l.key).join(", ")}`,
        { axis, value: String(key).slice(0, 80) },
      );
    return i;
  };
  const evaluateAt = (i: number, j: number): RiskEvaluation => {
    const regionKey = policy.matrix[i]![j]!;
    const r = rank.get(regionKey)!;
    const region = policy.regions[r]!;
    return {
      policy: policyId,
      severity: policy.severity[i]!.key,
      probability: policy.probability[j]!.key,
      region: region.key,
      regionName: region.name,
      acceptable: region.acceptable,
      rank: r,
    };
  };
  const probAxis = policy.kind === "security" ? "exploitability" : "probability";
  const evaluate = (severity: string, probability: string): RiskEvaluation =>
    evaluateAt(
      level(sev, severity, "severity", policy.severity),
      level(prob, probability, probAxis, policy.probability),
    );

  const residual = (
    initial: { severity: string; probability: string },
    controlInputs: readonly RiskControlInput[],
  ): ResidualRiskResult => {
    const controls = parseWith(z.array(RiskControlSchema).max(500), controlInputs, "risk controls");
    const ids = new Set<string>();
    const start = evaluate(initial.severity, initial.probability);
    let i = sev.get(start.severity)!;
    let j = prob.get(start.probability)!;
    for (const c of controls) {
      if (ids.has(c.id)) throw invalid(`Risk control ${c.id} is listed twice`, { controlId: c.id });
      ids.add(c.id);
      // Each control states the level it brings the risk to; the residual risk is the lowest level any
      // control reaches on each axis. A control may not raise a level: that is a new risk to analyse.
      if (c.severityAfter !== undefined) {
        const s = level(sev, c.severityAfter, "severity", policy.severity);
        if (s > sev.get(start.severity)!)
          throw invalid(
            `Risk control ${c.id} raises the severity; analyse that as a new risk (ISO 14971:2019 7.5)`,
            {
              controlId: c.id,
            },
          );
        i = Math.min(i, s);
      }
      if (c.probabilityAfter !== undefined) {
        const p = level(prob, c.probabilityAfter, probAxis, policy.probability);
        if (p > prob.get(start.probability)!)
          throw invalid(
            `Risk control ${c.id} raises the ${probAxis}; analyse that as a new risk (ISO 14971:2019 7.5)`,
            {
              controlId: c.id,
            },
          );
        j = Math.min(j, p);
      }
    }
    const end = evaluateAt(i, j);
    return {
      initial: start,
      residual: end,
      controls,
      reduced: end.rank < start.rank,
      traceGaps: controlTraceGaps(controls),
      benefitRiskRequired: !end.acceptable,
    };
  };

  const overall = (items: readonly ResidualRiskItem[]): OverallResidualRisk => {
    const byRegion: Record<string, number> = Object.create(null);
    for (const r of policy.regions) byRegion[r.key] = 0;
    const openBenefitRisk: string[] = [];
    const acceptedByBenefitRisk: string[] = [];
    const rejected: string[] = [];
    let worst = -1;
    for (const item of items) {
      const r = rank.get(item.residual.region);
      if (r === undefined || item.residual.policy !== policyId)
        throw invalid(
          `Risk ${item.id} was evaluated with another policy (${item.residual.policy}), not ${policyId}`,
          {
            riskId: item.id,
          },
        );
      byRegion[item.residual.region]! += 1;
      worst = Math.max(worst, r);
      if (item.residual.acceptable) continue;
      if (item.benefitRisk === undefined) openBenefitRisk.push(item.id);
      else if (item.benefitRisk.conclusion === "benefits-outweigh-risk") acceptedByBenefitRisk.push(item.id);
      else rejected.push(item.id);
    }
    return {
      acceptable: openBenefitRisk.length === 0 && rejected.length === 0,
      total: items.length,
      byRegion,
      openBenefitRisk,
      acceptedByBenefitRisk,
      rejected,
      worstRegion: worst < 0 ? undefined : policy.regions[worst]!.key,
    };
  };
  return { policy, evaluate, residual, overall };
}

/**
 * Risk controls without a link to their implementation (a requirement id) or to a verification of
 * effectiveness. Empty means every control is traced.
 *
 * @requirement DC-09
 */
export function controlTraceGaps(controls: readonly RiskControl[]): ControlTraceGap[] {
  const gaps: ControlTraceGap[] = [];
  for (const c of controls) {
    const missing: ("implementation" | "verification")[] = [];
    if (c.requirementIds.length === 0) missing.push("implementation");
    if (c.verificationIds.length === 0) missing.push("verification");
    if (missing.length > 0) gaps.push({ controlId: c.id, missing });
  }
  return gaps;
}

/** The five-level severity scale of the example policies (ISO/TR 24971 style); an example only. */
export const EXAMPLE_SEVERITY_SCALE: readonly ScaleLevel[] = [
  { key: "negligible", name: "Negligible" },
  { key: "minor", name: "Minor" },
  { key: "serious", name: "Serious" },
  { key: "critical", name: "Critical" },
  { key: "catastrophic", name: "Catastrophic" },
];

/**
 * An example 5 × 5 safety policy in the style of ISO/TR 24971 (three regions). It is an example only: the
 * manufacturer defines its own scales and criteria in its risk management plan.
 */
export const EXAMPLE_RISK_POLICY_5X5: RiskPolicyInput = {
  id: "example-5x5",
  version: "1",
  kind: "safety",
  severity: [...EXAMPLE_SEVERITY_SCALE],
  probability: [
    { key: "improbable", name: "Improbable" },
    { key: "remote", name: "Remote" },
    { key: "occasional", name: "Occasional" },
    { key: "probable", name: "Probable" },
    { key: "frequent", name: "Frequent" },
  ],
  regions: [
    { key: "acceptable", name: "Acceptable", acceptable: true },
    { key: "reduce", name: "Reduce as far as possible", acceptable: true },
    { key: "unacceptable", name: "Unacceptable", acceptable: false },
  ],
  matrix: [
    ["acceptable", "acceptable", "acceptable", "reduce", "reduce"],
    ["acceptable", "acceptable", "reduce", "reduce", "unacceptable"],
    ["acceptable", "reduce", "reduce", "unacceptable", "unacceptable"],
    ["reduce", "reduce", "unacceptable", "unacceptable", "unacceptable"],
    ["reduce", "unacceptable", "unacceptable", "unacceptable", "unacceptable"],
  ],
};
