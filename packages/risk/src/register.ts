/**
 * The risk register as event-sourced records on the core `EventLog`: hazard → hazardous situation → harm →
 * initial risk → risk controls (linked to requirement and verification ids) → residual risk, plus
 * cybersecurity risks that link to (or create) a safety hazard. Each hazard and each cyber risk is one
 * stream; its state is a fold over its events, so the log is the audit trail.
 */
import { type Actor, actorSchema, type EventLog, QmsError, type StoredEvent } from "@qmskit/core";
import { z } from "zod";
import {
  type BenefitRiskRecord,
  BenefitRiskRecordSchema,
  type ControlTraceGap,
  controlTraceGaps,
  createRiskMatrix,
  type OverallResidualRisk,
  type RiskControl,
  type RiskControlInput,
  RiskControlSchema,
  type RiskEvaluation,
  RiskKeySchema,
  type RiskMatrix,
  type RiskPolicyInput,
} from "./matrix.js";
import {
  assessSecurityRisk,
  type SecurityRiskAssessment,
  type SecurityRiskInput,
  SecurityRiskInputSchema,
} from "./security.js";
import { invalid, parseWith } from "./validation.js";

/** Stream id prefix of hazard records. */
export const HAZARD_STREAM_PREFIX = "risk.hazard:";
/** Stream id prefix of cybersecurity risk records. */
export const CYBER_STREAM_PREFIX = "risk.cyber:";

const idSchema = RiskKeySchema;
const textSchema = z.string().min(1).max(4000);

/** A harm and its risk, as folded from the hazard's events. */
export interface HarmState {
  readonly id: string;
  readonly situationId: string;
  readonly description: string;
  readonly initial?: RiskEvaluation;
  readonly controls: readonly RiskControl[];
  readonly residual?: RiskEvaluation;
  readonly benefitRisk?: BenefitRiskRecord;
}

/** A hazardous situation of a hazard. */
export interface SituationState {
  readonly id: string;
  readonly description: string;
  readonly sequenceOfEvents?: string;
}

/** A hazard record, folded from its events. */
export interface HazardState {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly situations: readonly SituationState[];
  readonly harms: readonly HarmState[];
  /** Cyber risks linked to this hazard (SEC-03). */
  readonly cyberRiskIds: readonly string[];
  readonly version: number;
}

/** A cybersecurity risk record, folded from its events. */
export interface CyberRiskState {
  readonly id: string;
  readonly input: SecurityRiskInput;
  readonly assessment: SecurityRiskAssessment;
  readonly hazardIds: readonly string[];
  readonly controls: readonly RiskControlInput[];
  readonly version: number;
}

/** A gap in the register's traceability. */
export type RegisterGap =
  | {
      readonly kind: "control-trace";
      readonly hazardId: string;
      readonly harmId: string;
      readonly gap: ControlTraceGap;
    }
  | { readonly kind: "no-initial-risk"; readonly hazardId: string; readonly harmId: string }
  | { readonly kind: "residual-not-evaluated"; readonly hazardId: string; readonly harmId: string }
  | { readonly kind: "benefit-risk-missing"; readonly hazardId: string; readonly harmId: string }
  | { readonly kind: "cyber-hazard-link-missing"; readonly cyberRiskId: string }
  | { readonly kind: "cyber-control-trace"; readonly cyberRiskId: string; readonly gap: ControlTraceGap };

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

function foldHazard(events: readonly StoredEvent[]): HazardState | undefined {
  if (events.length === 0) return undefined;
  let h: Mutable<HazardState> | undefined;
  const harms = new Map<string, Mutable<HarmState>>();
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    switch (e.type) {
      case "risk.hazard.identified":
        h = {
          id: d.hazardId as string,
          title: d.title as string,
          situations: [],
          harms: [],
          cyberRiskIds: [],
          version: 0,
        };
        if (typeof d.description === "string") h.description = d.description;
        break;
      case "risk.situation.added":
        h!.situations.push(d.situation as SituationState);
        break;
      case "risk.harm.added": {
        const harm = {
          ...(d.harm as { id: string; situationId: string; description: string }),
          controls: [],
        };
        harms.set(harm.id, harm);
        h!.harms.push(harm);
        break;
      }
      case "risk.initial-risk.estimated":
        harms.get(d.harmId as string)!.initial = d.evaluation as RiskEvaluation;
        break;
      case "risk.control.added": {
        const harm = harms.get(d.harmId as string)!;
        harm.controls.push(d.control as RiskControl);
        delete harm.residual; // a new control makes the recorded residual evaluation stale
        break;
      }
      case "risk.residual-risk.evaluated":
        harms.get(d.harmId as string)!.residual = d.evaluation as RiskEvaluation;
        break;
      case "risk.benefit-risk.recorded":
        harms.get(d.harmId as string)!.benefitRisk = d.record as BenefitRiskRecord;
        break;
      case "risk.hazard.cyber-risk-linked":
        if (!h!.cyberRiskIds.includes(d.cyberRiskId as string)) h!.cyberRiskIds.push(d.cyberRiskId as string);
        break;
      default:
        throw new QmsError("INTEGRITY", `Unknown event type ${e.type} in hazard stream ${e.streamId}`);
    }
  }
  if (!h)
    throw new QmsError(
      "INTEGRITY",
      `Hazard stream ${events[0]!.streamId} does not start with risk.hazard.identified`,
    );
  h.version = events.at(-1)!.version;
  return h;
}

/** Options of {@link RiskRegister}. */
export interface RiskRegisterOptions {
  readonly log: EventLog;
  /** The safety (ISO 14971) risk policy. */
  readonly policy: RiskPolicyInput;
  /** The security risk policy (exploitability axis), needed for cyber risks. */
  readonly securityPolicy?: RiskPolicyInput;
}

/**
 * The risk register. Every change is an event with its actor (and reason, when given) on the core event
 * log, with optimistic concurrency per record.
 *
 * @requirement DC-09
 * @requirement SEC-02
 * @requirement SEC-03
 * @example
 * ```ts
 * const register = new RiskRegister({ log: new InMemoryEventLog(), policy: EXAMPLE_RISK_POLICY_5X5 });
 * await register.identifyHazard(actor, { id: "HAZ-1", title: "Over-infusion" });
 * ```
 */
export class RiskRegister {
  readonly #log: EventLog;
  readonly #safety: RiskMatrix;
  readonly #security: RiskMatrix | undefined;

  constructor(options: RiskRegisterOptions) {
    this.#log = options.log;
    this.#safety = createRiskMatrix(options.policy);
    this.#security = options.securityPolicy ? createRiskMatrix(options.securityPolicy) : undefined;
    if (this.#safety.policy.kind !== "safety") throw invalid("policy must be a safety policy");
    if (this.#security && this.#security.policy.kind !== "security")
      throw invalid("securityPolicy must be a security policy (exploitability axis)");
  }

  /** The safety risk matrix of the register. */
  get matrix(): RiskMatrix {
    return this.#safety;
  }

  async #append(
    streamId: string,
    actor: Actor,
    expectedVersion: number,
    events: { type: string; data: unknown }[],
    reason?: string,
  ) {
    const a = parseWith(actorSchema, actor, "actor");
    await this.#log.append(
      streamId,
      events.map((e) => ({ ...e, actor: a, ...(reason !== undefined ? { reason } : {}) })),
      { expectedVersion },
    );
  }

  async #hazard(hazardId: string): Promise<HazardState> {
    const id = parseWith(idSchema, hazardId, "hazard id");
    const h = foldHazard(await this.#log.read(HAZARD_STREAM_PREFIX + id));
    if (!h) throw new QmsError("NOT_FOUND", `Hazard ${id} does not exist`, { details: { hazardId: id } });
    return h;
  }

  #harm(h: HazardState, harmId: string): HarmState {
    const harm = h.harms.find((x) => x.id === harmId);
    if (!harm)
      throw new QmsError(
        "NOT_FOUND",
        `Harm ${String(harmId).slice(0, 80)} is not recorded under hazard ${h.id}`,
      );
    return harm;
  }

  /** Record a new hazard. */
  async identifyHazard(
    actor: Actor,
    input: { id: string; title: string; description?: string },
  ): Promise<HazardState> {
    const d = parseWith(
      z.object({ id: idSchema, title: textSchema, description: textSchema.optional() }).strict(),
      input,
      "hazard",
    );
    const stream = HAZARD_STREAM_PREFIX + d.id;
    if ((await this.#log.streamVersion(stream)) !== 0)
      throw new QmsError("CONFLICT", `Hazard ${d.id} already exists`, { details: { hazardId: d.id } });
    await this.#append(stream, actor, 0, [
      { type: "risk.hazard.identified", data: { hazardId: d.id, ...d } },
    ]);
    return this.getHazard(d.id);
  }

  /** Add a hazardous situation to a hazard. */
  async addHazardousSituation(
    actor: Actor,
    hazardId: string,
    input: { id: string; description: string; sequenceOfEvents?: string },
  ): Promise<HazardState> {
    const h = await this.#hazard(hazardId);
    const s = parseWith(
      z.object({ id: idSchema, description: textSchema, sequenceOfEvents: textSchema.optional() }).strict(),
      input,
      "hazardous situation",
    );
    if (h.situations.some((x) => x.id === s.id))
      throw new QmsError("CONFLICT", `Situation ${s.id} already exists on ${h.id}`);
    await this.#append(HAZARD_STREAM_PREFIX + h.id, actor, h.version, [
      { type: "risk.situation.added", data: { situation: s } },
    ]);
    return this.getHazard(h.id);
  }

  /** Add a harm that a hazardous situation can lead to. */
  async addHarm(
    actor: Actor,
    hazardId: string,
    input: { id: string; situationId: string; description: string },
  ): Promise<HazardState> {
    const h = await this.#hazard(hazardId);
    const harm = parseWith(
      z.object({ id: idSchema, situationId: idSchema, description: textSchema }).strict(),
      input,
      "harm",
    );
    if (!h.situations.some((s) => s.id === harm.situationId))
      throw new QmsError("NOT_FOUND", `Situation ${harm.situationId} is not recorded under hazard ${h.id}`);
    if (h.harms.some((x) => x.id === harm.id))
      throw new QmsError("CONFLICT", `Harm ${harm.id} already exists on ${h.id}`);
    await this.#append(HAZARD_STREAM_PREFIX + h.id, actor, h.version, [
      { type: "risk.harm.added", data: { harm } },
    ]);
    return this.getHazard(h.id);
  }

  /** Estimate and evaluate the initial risk of a harm (ISO 14971:2019 5.5, 6). */
  async estimateInitialRisk(
    actor: Actor,
    hazardId: string,
    input: { harmId: string; severity: string; probability: string; rationale?: string },
  ): Promise<RiskEvaluation> {
    const h = await this.#hazard(hazardId);
    const d = parseWith(
      z
        .object({
          harmId: idSchema,
          severity: RiskKeySchema,
          probability: RiskKeySchema,
          rationale: textSchema.optional(),
        })
        .strict(),
      input,
      "initial risk",
    );
    this.#harm(h, d.harmId);
    const evaluation = this.#safety.evaluate(d.severity, d.probability);
    await this.#append(
      HAZARD_STREAM_PREFIX + h.id,
      actor,
      h.version,
      [{ type: "risk.initial-risk.estimated", data: { harmId: d.harmId, evaluation } }],
      d.rationale,
    );
    return evaluation;
  }

  /** Add a risk control to a harm's risk, with its requirement and verification links (DC-09). */
  async addRiskControl(
    actor: Actor,
    hazardId: string,
    harmId: string,
    control: RiskControlInput,
  ): Promise<HazardState> {
    const h = await this.#hazard(hazardId);
    const harm = this.#harm(h, harmId);
    const c = parseWith(RiskControlSchema, control, "risk control");
    if (!harm.initial)
      throw new QmsError("CONFLICT", `Estimate the initial risk of ${harm.id} before adding controls`);
    if (harm.controls.some((x) => x.id === c.id))
      throw new QmsError("CONFLICT", `Control ${c.id} already exists on ${harm.id}`);
    // Validates the control's levels against the policy before anything is stored.
    this.#safety.residual(harm.initial, [...harm.controls, c]);
    await this.#append(HAZARD_STREAM_PREFIX + h.id, actor, h.version, [
      { type: "risk.control.added", data: { harmId: harm.id, control: c } },
    ]);
    return this.getHazard(h.id);
  }

  /** Evaluate and record the residual risk of a harm after its controls (ISO 14971:2019 7.3). */
  async evaluateResidualRisk(actor: Actor, hazardId: string, harmId: string) {
    const h = await this.#hazard(hazardId);
    const harm = this.#harm(h, harmId);
    if (!harm.initial) throw new QmsError("CONFLICT", `Estimate the initial risk of ${harm.id} first`);
    const result = this.#safety.residual(harm.initial, harm.controls);
    await this.#append(HAZARD_STREAM_PREFIX + h.id, actor, h.version, [
      { type: "risk.residual-risk.evaluated", data: { harmId: harm.id, evaluation: result.residual } },
    ]);
    return result;
  }

  /** Record the benefit-risk analysis of a residual risk that is not acceptable (ISO 14971:2019 7.4). */
  async recordBenefitRisk(
    actor: Actor,
    hazardId: string,
    harmId: string,
    record: z.input<typeof BenefitRiskRecordSchema>,
  ) {
    const h = await this.#hazard(hazardId);
    const harm = this.#harm(h, harmId);
    const r = parseWith(BenefitRiskRecordSchema, record, "benefit-risk record");
    if (!harm.residual) throw new QmsError("CONFLICT", `Evaluate the residual risk of ${harm.id} first`);
    if (harm.residual.acceptable)
      throw new QmsError(
        "CONFLICT",
        `The residual risk of ${harm.id} is acceptable; no benefit-risk analysis is needed`,
      );
    await this.#append(HAZARD_STREAM_PREFIX + h.id, actor, h.version, [
      { type: "risk.benefit-risk.recorded", data: { harmId: harm.id, record: r } },
    ]);
    return this.getHazard(h.id);
  }

  /** The current state of a hazard, or undefined. */
  async getHazard(hazardId: string): Promise<HazardState> {
    return this.#hazard(hazardId);
  }

  /**
   * Record a cybersecurity risk with its pre- and post-mitigation evaluation (SEC-02). A risk with a
   * possible safety impact must link a hazard: pass `hazardIds`, or `createHazard` to create the hazard in
   * the same atomic append (SEC-03).
   */
  async identifyCyberRisk(
    actor: Actor,
    input: SecurityRiskInput,
    options: {
      controls?: readonly RiskControlInput[];
      createHazard?: { id: string; title: string; description?: string };
    } = {},
  ): Promise<CyberRiskState> {
    if (!this.#security)
      throw new QmsError("UNSUPPORTED", "This register has no securityPolicy; cyber risks need one");
    const risk = parseWith(SecurityRiskInputSchema, input, "security risk");
    const controls = options.controls ?? [];
    const create = options.createHazard
      ? parseWith(
          z.object({ id: idSchema, title: textSchema, description: textSchema.optional() }).strict(),
          options.createHazard,
          "hazard",
        )
      : undefined;
    const hazardIds = [...new Set([...risk.hazardIds, ...(create ? [create.id] : [])])];
    const assessment = assessSecurityRisk(this.#security, { ...risk, hazardIds }, controls);
    if (assessment.hazardLinkMissing)
      throw new QmsError(
        "VALIDATION",
        `Cyber risk ${risk.id} can lead to patient harm: link an ISO 14971 hazard (hazardIds) or create one (createHazard)`,
        { details: { requirement: "SEC-03", cyberRiskId: risk.id } },
      );
    const cyberStream = CYBER_STREAM_PREFIX + risk.id;
    if ((await this.#log.streamVersion(cyberStream)) !== 0)
      throw new QmsError("CONFLICT", `Cyber risk ${risk.id} already exists`);
    const a = parseWith(actorSchema, actor, "actor");
    const requests: {
      streamId: string;
      events: { type: string; data: unknown; actor: Actor }[];
      expectedVersion: number;
    }[] = [
      {
        streamId: cyberStream,
        expectedVersion: 0,
        events: [
          {
            type: "risk.cyber.identified",
            data: { input: { ...risk, hazardIds }, controls, assessment },
            actor: a,
          },
        ],
      },
    ];
    for (const hazardId of hazardIds) {
      const stream = HAZARD_STREAM_PREFIX + hazardId;
      const version = await this.#log.streamVersion(stream);
      const events: { type: string; data: unknown; actor: Actor }[] = [];
      if (create && hazardId === create.id) {
        if (version !== 0)
          throw new QmsError("CONFLICT", `Hazard ${hazardId} already exists; link it with hazardIds`);
        events.push({ type: "risk.hazard.identified", data: { hazardId, ...create }, actor: a });
      } else if (version === 0)
        throw new QmsError("NOT_FOUND", `Hazard ${hazardId} does not exist`, { details: { hazardId } });
      events.push({ type: "risk.hazard.cyber-risk-linked", data: { cyberRiskId: risk.id }, actor: a });
      requests.push({ streamId: stream, expectedVersion: version, events });
    }
    await this.#log.appendAtomic(requests);
    return this.getCyberRisk(risk.id);
  }

  /** The current state of a cyber risk. */
  async getCyberRisk(id: string): Promise<CyberRiskState> {
    const key = parseWith(z.string().min(1).max(200), id, "cyber risk id");
    const events = await this.#log.read(CYBER_STREAM_PREFIX + key);
    if (events.length === 0) throw new QmsError("NOT_FOUND", `Cyber risk ${key} does not exist`);
    const first = events[0]!.data as {
      input: SecurityRiskInput;
      controls: RiskControlInput[];
      assessment: SecurityRiskAssessment;
    };
    return {
      id: key,
      input: first.input,
      assessment: first.assessment,
      hazardIds: first.input.hazardIds ?? [],
      controls: first.controls,
      version: events.at(-1)!.version,
    };
  }

  /** Every hazard in the register. */
  async hazards(): Promise<HazardState[]> {
    const out: HazardState[] = [];
    for (const id of await this.#recordIds(HAZARD_STREAM_PREFIX))
      out.push(foldHazard(await this.#log.read(HAZARD_STREAM_PREFIX + id))!);
    return out;
  }

  /** Ids of the records whose streams start with `prefix`, in order of creation; pages through the log. */
  async #recordIds(prefix: string): Promise<string[]> {
    const ids = new Set<string>();
    const page = 1000;
    for (let from = 1; ; from += page) {
      const events = await this.#log.readAll({ fromPosition: from, limit: page });
      for (const e of events) if (e.streamId.startsWith(prefix)) ids.add(e.streamId.slice(prefix.length));
      if (events.length < page) return [...ids];
    }
  }

  /**
   * Traceability gaps: controls without implementation or verification links (DC-09), harms without an
   * initial risk or a residual evaluation, unacceptable residual risks without a benefit-risk record, and
   * cyber risks with a safety impact but no hazard link (SEC-03).
   *
   * @requirement DC-09
   * @requirement SEC-03
   */
  async traceGaps(): Promise<RegisterGap[]> {
    const gaps: RegisterGap[] = [];
    for (const h of await this.hazards()) {
      for (const harm of h.harms) {
        if (!harm.initial) gaps.push({ kind: "no-initial-risk", hazardId: h.id, harmId: harm.id });
        else if (!harm.residual)
          gaps.push({ kind: "residual-not-evaluated", hazardId: h.id, harmId: harm.id });
        else if (!harm.residual.acceptable && !harm.benefitRisk)
          gaps.push({ kind: "benefit-risk-missing", hazardId: h.id, harmId: harm.id });
        for (const gap of controlTraceGaps(harm.controls))
          gaps.push({ kind: "control-trace", hazardId: h.id, harmId: harm.id, gap });
      }
    }
    for (const id of await this.#recordIds(CYBER_STREAM_PREFIX)) {
      const c = await this.getCyberRisk(id);
      if (c.assessment.safetyImpact && c.hazardIds.length === 0)
        gaps.push({ kind: "cyber-hazard-link-missing", cyberRiskId: id });
      for (const gap of c.assessment.traceGaps)
        gaps.push({ kind: "cyber-control-trace", cyberRiskId: id, gap });
    }
    return gaps;
  }

  /** The overall residual risk of every evaluated harm (ISO 14971:2019 clause 8). */
  async overallResidualRisk(): Promise<OverallResidualRisk> {
    const items = (await this.hazards()).flatMap((h) =>
      h.harms.flatMap((harm) =>
        harm.residual
          ? [
              {
                id: `${h.id}/${harm.id}`,
                residual: harm.residual,
                ...(harm.benefitRisk ? { benefitRisk: harm.benefitRisk } : {}),
              },
            ]
          : [],
      ),
    );
    return this.#safety.overall(items);
  }
}
