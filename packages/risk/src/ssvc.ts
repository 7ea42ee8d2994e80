/**
 * SSVC (Stakeholder-Specific Vulnerability Categorization): validated decision tables and their evaluation.
 * The CERT/CC and CISA decision tables ship in `data/ssvc/` (CERT/CC SSVC data, MIT (SEI)-style licence in
 * `data/ssvc/LICENSE-SSVC-data.txt`); hosts can supply their own tables in the same JSON form.
 */
import { z } from "zod";
import cisaBod from "../data/ssvc/cisa_bod_26_04_1_0_0.json" with { type: "json" };
import cisaCoordinator from "../data/ssvc/cisa_coordinator_2_0_3.json" with { type: "json" };
import coordinatorPublish from "../data/ssvc/coordinator_publish_decision_table_1_0_0.json" with {
  type: "json",
};
import coordinatorTriage from "../data/ssvc/coordinator_triage_1_0_0.json" with { type: "json" };
import deployer from "../data/ssvc/deployer_patch_application_priority_1_0_0.json" with { type: "json" };
import humanImpact from "../data/ssvc/human_impact_1_0_0.json" with { type: "json" };
import publicSafety from "../data/ssvc/public_safety_impact_1_0_0.json" with { type: "json" };
import supplier from "../data/ssvc/supplier_patch_development_priority_1_0_0.json" with { type: "json" };
import utility from "../data/ssvc/utility_1_0_0.json" with { type: "json" };
import { parseCvss40 } from "./cvss/v40.js";
import { invalid, parseWith, type SafeResult, safely } from "./validation.js";

const text = (max: number) => z.string().min(1).max(max);

/** A value of an SSVC decision point. */
export const SsvcValueSchema = z.object({
  key: text(50),
  name: text(200),
  definition: z.string().max(4000).default(""),
});

/** An SSVC decision point (`namespace:KEY:version`). */
export const SsvcDecisionPointSchema = z.object({
  namespace: text(100),
  key: text(50),
  version: text(50),
  name: text(200),
  definition: z.string().max(4000).default(""),
  values: z.array(SsvcValueSchema).min(1).max(50),
});
/** An SSVC decision point. */
export type SsvcDecisionPoint = z.output<typeof SsvcDecisionPointSchema>;

/**
 * An SSVC decision table in the CERT/CC JSON form (DecisionTable schema 2.0.0): the decision points, the
 * outcome decision point, and one mapping row per combination of input values. Validated for: known
 * decision points and values in every row, no duplicate or missing combination, and one outcome per row.
 */
export const SsvcDecisionTableSchema = z
  .object({
    namespace: text(100),
    key: text(50),
    version: text(50),
    name: text(200),
    definition: z.string().max(4000).default(""),
    decision_points: z.record(text(200), SsvcDecisionPointSchema),
    outcome: text(200),
    mapping: z
      .array(z.record(text(200), text(50)))
      .min(1)
      .max(100_000),
  })
  .superRefine((t, ctx) => {
    const ids = Object.keys(t.decision_points);
    for (const id of ids) {
      const dp = t.decision_points[id]!;
      if (id !== `${dp.namespace}:${dp.key}:${dp.version}`)
        ctx.addIssue({
          code: "custom",
          path: ["decision_points", id],
          message: "key must be namespace:KEY:version",
        });
      if (new Set(dp.values.map((v) => v.key)).size !== dp.values.length)
        ctx.addIssue({ code: "custom", path: ["decision_points", id], message: "duplicate value keys" });
    }
    if (!Object.hasOwn(t.decision_points, t.outcome)) {
      ctx.addIssue({
        code: "custom",
        path: ["outcome"],
        message: `outcome ${t.outcome} is not a decision point`,
      });
      return;
    }
    const inputs = ids.filter((id) => id !== t.outcome);
    const seen = new Set<string>();
    for (let r = 0; r < t.mapping.length; r++) {
      const row = t.mapping[r]!;
      for (const col of Object.keys(row))
        if (!Object.hasOwn(t.decision_points, col)) {
          ctx.addIssue({ code: "custom", path: ["mapping", r, col], message: "unknown decision point" });
          return;
        }
      for (const id of [...inputs, t.outcome]) {
        const v = Object.hasOwn(row, id) ? row[id] : undefined;
        if (v === undefined || !t.decision_points[id]!.values.some((x) => x.key === v)) {
          ctx.addIssue({
            code: "custom",
            path: ["mapping", r, id],
            message: `missing or unknown value ${String(v)}`,
          });
          return;
        }
      }
      const combo = inputs.map((id) => row[id]).join("\u0000");
      if (seen.has(combo)) {
        ctx.addIssue({
          code: "custom",
          path: ["mapping", r],
          message: "duplicate combination of input values",
        });
        return;
      }
      seen.add(combo);
    }
    const expected = inputs.reduce((n, id) => n * t.decision_points[id]!.values.length, 1);
    if (seen.size !== expected)
      ctx.addIssue({
        code: "custom",
        path: ["mapping"],
        message: `covers ${seen.size} of the ${expected} combinations of input values`,
      });
  });

/** One input of a decision, resolved. */
export interface SsvcInput {
  readonly id: string;
  readonly name: string;
  /** The possible value keys (one when known; several for partial knowledge). */
  readonly values: readonly string[];
}

/** The result of an SSVC evaluation. */
export interface SsvcDecision {
  readonly table: string;
  /** The outcome; with partial knowledge, the most urgent of the possible outcomes. */
  readonly outcome: { readonly key: string; readonly name: string; readonly definition: string };
  /** Every outcome reachable from the given values, least to most urgent (one when all values are known). */
  readonly possibleOutcomes: readonly string[];
  readonly inputs: readonly SsvcInput[];
}

/** A validated decision table, ready to evaluate. Create with {@link parseSsvcTable} or {@link getSsvcTable}. */
export interface SsvcTable {
  /** `namespace:KEY:version` of the table. */
  readonly id: string;
  readonly name: string;
  readonly outcome: SsvcDecisionPoint;
  readonly inputs: readonly (SsvcDecisionPoint & { readonly id: string })[];
  /**
   * Evaluate a decision. `selection` maps a decision point (its `namespace:KEY:version` id, its KEY or its
   * name) to a value (its key or name, case-insensitive), or to a list of values when only partly known.
   */
  evaluate(selection: Readonly<Record<string, string | readonly string[]>>): SsvcDecision;
}

/**
 * Validate an SSVC decision table (e.g. a host's own table) and prepare it for evaluation.
 *
 * @example
 * ```ts
 * const table = parseSsvcTable(JSON.parse(readFileSync("my_table.json", "utf8")));
 * ```
 */
export function parseSsvcTable(input: unknown): SsvcTable {
  const t = parseWith(SsvcDecisionTableSchema, input, "SSVC decision table");
  const outcome = t.decision_points[t.outcome]!;
  const inputs = Object.keys(t.decision_points)
    .filter((id) => id !== t.outcome)
    .map((id) => ({ ...t.decision_points[id]!, id }));
  const rows = new Map<string, string>();
  for (const row of t.mapping) rows.set(inputs.map((dp) => row[dp.id]).join("\u0000"), row[t.outcome]!);
  const outcomeRank = new Map(outcome.values.map((v, i) => [v.key, i]));
  const tableId = `${t.namespace}:${t.key}:${t.version}`;

  const findPoint = (name: string) =>
    inputs.find((dp) => dp.id === name || dp.key === name || dp.name.toLowerCase() === name.toLowerCase());
  const findValue = (dp: SsvcDecisionPoint, v: unknown): string => {
    const found =
      typeof v === "string"
        ? dp.values.find((x) => x.key === v || x.name.toLowerCase() === v.toLowerCase())
        : undefined;
    if (!found)
      throw invalid(
        `Invalid value ${JSON.stringify(String(v)).slice(0, 60)} for SSVC decision point ${dp.name}; allowed: ${dp.values.map((x) => `${x.key} (${x.name})`).join(", ")}`,
        { decisionPoint: `${dp.namespace}:${dp.key}:${dp.version}` },
      );
    return found.key;
  };

  const evaluate = (selection: Readonly<Record<string, string | readonly string[]>>): SsvcDecision => {
    if (typeof selection !== "object" || selection === null)
      throw invalid("SSVC selection must be an object");
    const chosen = new Map<string, string[]>();
    for (const name of Object.keys(selection)) {
      const dp = findPoint(name);
      if (!dp)
        throw invalid(
          `Unknown decision point ${JSON.stringify(name).slice(0, 60)} for table ${t.name}; expected: ${inputs.map((d) => d.name).join(", ")}`,
          { decisionPoint: name.slice(0, 60) },
        );
      if (chosen.has(dp.id))
        throw invalid(`Decision point ${dp.name} is given twice`, { decisionPoint: dp.id });
      const raw = selection[name];
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0 || list.length > dp.values.length)
        throw invalid(`Give between 1 and ${dp.values.length} values for ${dp.name}`, {
          decisionPoint: dp.id,
        });
      chosen.set(dp.id, [...new Set(list.map((v) => findValue(dp, v)))]);
    }
    const missing = inputs.filter((dp) => !chosen.has(dp.id));
    if (missing.length > 0)
      throw invalid(
        `Missing SSVC decision point(s) for ${t.name}: ${missing.map((d) => d.name).join(", ")} (give every value you consider possible when unsure)`,
        { decisionPoint: missing[0]!.id },
      );
    const outcomes = new Set<string>();
    const walk = (i: number, prefix: string[]): void => {
      if (i === inputs.length) {
        outcomes.add(rows.get(prefix.join("\u0000"))!);
        return;
      }
      for (const v of chosen.get(inputs[i]!.id)!) walk(i + 1, [...prefix, v]);
    };
    walk(0, []);
    const possible = [...outcomes].sort((a, b) => outcomeRank.get(a)! - outcomeRank.get(b)!);
    const top = outcome.values[outcomeRank.get(possible.at(-1)!)!]!;
    return {
      table: tableId,
      outcome: { key: top.key, name: top.name, definition: top.definition },
      possibleOutcomes: possible,
      inputs: inputs.map((dp) => ({ id: dp.id, name: dp.name, values: chosen.get(dp.id)! })),
    };
  };
  return { id: tableId, name: t.name, outcome, inputs, evaluate };
}

/** Like {@link parseSsvcTable}, returning `{ success, data | error }`. */
export function safeParseSsvcTable(input: unknown): SafeResult<SsvcTable> {
  return safely(() => parseSsvcTable(input));
}

const BUILT_IN = {
  cisa_coordinator_2_0_3: cisaCoordinator,
  deployer_patch_application_priority_1_0_0: deployer,
  supplier_patch_development_priority_1_0_0: supplier,
  coordinator_triage_1_0_0: coordinatorTriage,
  coordinator_publish_decision_table_1_0_0: coordinatorPublish,
  human_impact_1_0_0: humanImpact,
  public_safety_impact_1_0_0: publicSafety,
  utility_1_0_0: utility,
  cisa_bod_26_04_1_0_0: cisaBod,
} as const;

/** Names of the decision tables shipped with the package (CERT/CC SSVC data). */
export type SsvcTableName = keyof typeof BUILT_IN;
/** Names of the decision tables shipped with the package. */
export const SSVC_TABLE_NAMES = Object.keys(BUILT_IN) as readonly SsvcTableName[];

const loaded = new Map<string, SsvcTable>();

/**
 * One of the shipped SSVC decision tables, validated on first use.
 *
 * @example
 * ```ts
 * getSsvcTable("cisa_coordinator_2_0_3").evaluate({ E: "active", A: "yes", TI: "total", MWI: "high" }).outcome.name; // "Act"
 * ```
 */
export function getSsvcTable(name: SsvcTableName): SsvcTable {
  if (!Object.hasOwn(BUILT_IN, name))
    throw invalid(
      `Unknown SSVC table ${JSON.stringify(String(name)).slice(0, 60)}; shipped: ${SSVC_TABLE_NAMES.join(", ")}`,
    );
  let t = loaded.get(name);
  if (!t) {
    t = parseSsvcTable(BUILT_IN[name]);
    loaded.set(name, t);
  }
  return t;
}

/** Evidence that can suggest SSVC decision-point values. */
export interface SsvcEvidence {
  /** The CVE is in the CISA KEV catalog. */
  readonly inKev?: boolean;
  /** A public proof of concept or exploit code is known. */
  readonly publicExploit?: boolean;
  /** A CVSS v4.0 vector; its supplemental Automatable (AU) metric maps to SSVC Automatable. */
  readonly cvssVector?: string;
}

/** A suggested value of one decision point, with its reason. Always a suggestion for the analyst. */
export interface SsvcSuggestion {
  readonly decisionPoint: "Exploitation" | "Automatable";
  readonly value: string;
  readonly reason: string;
  readonly suggestion: true;
}

/**
 * Suggest SSVC values from evidence: Exploitation `active` when the CVE is in KEV (CISA lists only
 * vulnerabilities with reliable evidence of exploitation in the wild), `public PoC` when an exploit is
 * public; Automatable from the CVSS v4.0 supplemental AU metric (defined to match SSVC's Automatable).
 * Values with no evidence are left out; the analyst decides.
 *
 * @example
 * ```ts
 * suggestSsvcValues({ inKev: true, cvssVector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/AU:Y" });
 * // [{ decisionPoint: "Exploitation", value: "active", … }, { decisionPoint: "Automatable", value: "yes", … }]
 * ```
 */
export function suggestSsvcValues(evidence: SsvcEvidence): SsvcSuggestion[] {
  const ev = parseWith(
    z
      .object({
        inKev: z.boolean().optional(),
        publicExploit: z.boolean().optional(),
        cvssVector: z.string().max(512).optional(),
      })
      .strict(),
    evidence,
    "SSVC evidence",
  );
  const out: SsvcSuggestion[] = [];
  if (ev.inKev)
    out.push({
      decisionPoint: "Exploitation",
      value: "active",
      reason: "listed in the CISA KEV catalog",
      suggestion: true,
    });
  else if (ev.publicExploit)
    out.push({
      decisionPoint: "Exploitation",
      value: "public poc",
      reason: "a public exploit or proof of concept is known",
      suggestion: true,
    });
  if (ev.cvssVector !== undefined) {
    const v = parseCvss40(ev.cvssVector, { mode: "lenient" });
    const au = v.metrics.AU;
    if (au === "Y" || au === "N")
      out.push({
        decisionPoint: "Automatable",
        value: au === "Y" ? "yes" : "no",
        reason: `CVSS v4.0 supplemental metric AU:${au}`,
        suggestion: true,
      });
  }
  return out;
}
