import {
  type BusinessCalendar,
  type DeadlinePolicy,
  type DeadlineStartSpec,
  defineWorkflow,
  type Requirement,
  type WorkflowState,
} from "@qmskit/workflow";
import { z } from "zod";
import { localDueDateSchema, usFederalCalendar } from "./calendar.js";
import {
  CapaActionSchema,
  type CapaPriority,
  CriterionObservationSchema,
  DisseminationSchema,
  EffectivenessCriterionSchema,
  EffectivenessResultSchema,
  LinkedChangeSchema,
  NoAdverseEffectSchema,
  RootCauseSchema,
} from "./capa-records.js";
import { CapaSourceSchema, CapaSourcesSchema, CybersecuritySourceSchema } from "./sources.js";

const text = z.string().trim().min(1);

/** Roles the CAPA definition uses. */
export const CAPA_ROLES = ["initiator", "qa", "capaOwner", "qaApprover"] as const;

/** States of the CAPA definition, in lifecycle order. */
export const CAPA_STATES = [
  "triage",
  "investigation",
  "planning",
  "planApproval",
  "implementation",
  "effectivenessCheck",
  "effective",
  "closed",
  "declined",
  "cancelled",
] as const;

/** A state of the CAPA definition. */
export type CapaState = (typeof CAPA_STATES)[number];

const OPEN_STATES = [
  "investigation",
  "planning",
  "planApproval",
  "implementation",
  "effectivenessCheck",
  "effective",
] as const satisfies readonly CapaState[];

/** Options of {@link createCapaDefinition}. */
export interface CapaDefinitionOptions {
  /** Definition id (default `capa`). A host that changes the options should use its own id or version. */
  readonly id?: string;
  /** Definition version (default 1). */
  readonly version?: number;
  /** Site calendar for all deadlines (default {@link usFederalCalendar}); the service must be given it too. */
  readonly calendar?: BusinessCalendar;
  /**
   * Where an Ineffective or Inconclusive effectiveness check sends the CAPA (default `investigation`). Never
   * `closed` (CAPA-12).
   */
  readonly failedCheckReturnsTo?: "investigation" | "planning";
  /** Target-date policy per priority, counted from acceptance at triage (CAPA-10). */
  readonly targetDates?: Readonly<Record<CapaPriority, DeadlinePolicy>>;
  /** How long after the due moment an overdue CAPA escalates, and to which roles (CAPA-10). */
  readonly escalation?: { readonly after: DeadlinePolicy; readonly roles: readonly string[] };
  /** Time allowed for triage after opening (default 5 business days). */
  readonly triage?: DeadlinePolicy;
  /** Window for the effectiveness check after implementation (default 90 calendar days). */
  readonly effectivenessWindow?: DeadlinePolicy;
}

/**
 * Default target dates per priority: 15, 30, 60 and 90 calendar days from acceptance.
 *
 * @requirement CAPA-10
 */
export const DEFAULT_CAPA_TARGET_DATES: Readonly<Record<CapaPriority, DeadlinePolicy>> = {
  critical: { id: "capa-target-critical", unit: "calendarDay", amount: 15 },
  high: { id: "capa-target-high", unit: "calendarDay", amount: 30 },
  medium: { id: "capa-target-medium", unit: "calendarDay", amount: 60 },
  low: { id: "capa-target-low", unit: "calendarDay", amount: 90 },
};

const PRIORITY_COMMANDS = {
  critical: "acceptCritical",
  high: "acceptHigh",
  medium: "acceptMedium",
  low: "acceptLow",
} as const satisfies Record<CapaPriority, string>;

/**
 * Payload of `open`: the CAPA's title, problem statement, owner and at least one typed source (CAPA-01).
 * An uncontrolled cybersecurity risk opens through `openCybersecurity` instead, which starts its deadlines.
 *
 * @requirement CAPA-01
 */
export const OpenCapaSchema = z.object({
  title: text,
  problemStatement: text,
  ownerId: text,
  sources: CapaSourcesSchema.refine(
    (sources) => !sources.some((s) => s.kind === "cybersecurity" && s.risk === "uncontrolled"),
    { message: "an uncontrolled cybersecurity risk must be opened with openCybersecurity (SEC-09)" },
  ),
  products: z.array(text).default([]),
});

/**
 * Payload of `openCybersecurity`: a CAPA for an uncontrolled cybersecurity risk. Its 30-day customer
 * communication and 60-day fix/validation deadlines run from the awareness instant (SEC-09).
 *
 * @requirement SEC-09
 * @requirement CAPA-01
 */
export const OpenCybersecurityCapaSchema = z.object({
  title: text,
  problemStatement: text,
  ownerId: text,
  vulnerability: CybersecuritySourceSchema.extend({ risk: z.literal("uncontrolled") }),
  /** Other sources (e.g. the complaint that reported it). */
  sources: z.array(CapaSourceSchema).default([]),
  /** Whether the manufacturer participates in an ISAO (a condition of FDA enforcement discretion). */
  isaoParticipation: z.boolean(),
  products: z.array(text).default([]),
});

/**
 * Payload of `recordEffectivenessCheck`: the result, an observation per criterion set in advance, and for an
 * Effective result the no-adverse-effect assessment.
 *
 * @requirement CAPA-05
 * @requirement CAPA-12
 */
export const EffectivenessCheckSchema = z
  .object({
    result: EffectivenessResultSchema,
    observations: z.array(CriterionObservationSchema).min(1),
    noAdverseEffect: NoAdverseEffectSchema.optional(),
    summary: text,
  })
  .superRefine((c, ctx) => {
    if (c.result !== "Effective") return;
    const a = c.noAdverseEffect;
    if (!a?.device || !a.regulatoryCompliance || !a.safetyAndPerformance)
      ctx.addIssue({
        code: "custom",
        path: ["noAdverseEffect"],
        message:
          "an Effective result needs the assessment that the action does not adversely affect the device, regulatory compliance, or safety and performance (CAPA-05)",
      });
    if (c.observations.some((o) => !o.met))
      ctx.addIssue({
        code: "custom",
        path: ["observations"],
        message: "a criterion that is not met cannot give an Effective result",
      });
  })
  .transform((c) => ({ result: c.result, effectivenessCheck: c }));

/** Fields of a CAPA record, as the shipped definition maintains them (checked after every command). */
export const CapaFieldsSchema = z.looseObject({
  title: text,
  problemStatement: text,
  ownerId: text,
  sources: z.array(CapaSourceSchema).min(1),
  priority: z.enum(["critical", "high", "medium", "low"]).optional(),
  rootCauses: z.array(RootCauseSchema).optional(),
  rootCauseJustification: text.optional(),
  /** A root cause or justification was recorded since the investigation (re)started (CAPA-03). */
  rootCauseInThisRound: z.boolean().optional(),
  actions: z.array(CapaActionSchema).optional(),
  noActionEvaluation: text.optional(),
  effectivenessCriteria: z.array(EffectivenessCriterionSchema).optional(),
  linkedChanges: z.array(LinkedChangeSchema).optional(),
  disseminations: z.array(DisseminationSchema).optional(),
  managementReviews: z.array(z.object({ reviewId: text })).optional(),
});

type Fields = Record<string, unknown>;
const arr = (f: Fields, key: string): unknown[] => {
  const v = f[key];
  return Array.isArray(v) ? v : [];
};

/**
 * Leaving Investigation needs at least one root cause, or a justification (signed with `justifyNoRootCause`)
 * that none was determinable, recorded in this round: after a failed effectiveness check sends the CAPA back
 * to investigation, the earlier findings are not enough.
 *
 * @requirement CAPA-03
 * @requirement CAPA-12
 */
const investigationComplete: Requirement = {
  kind: "fields",
  requirement: "CAPA-03",
  message:
    "Record at least one root cause, or a signed justification that none could be determined, in this investigation",
  schema: z.custom<Fields>((f) => (f as Fields).rootCauseInThisRound === true),
};

/**
 * A plan needs at least one action (each with type, owner, due date and acceptance evidence) or a signed
 * no-action evaluation, and the effectiveness criteria, set now, before any check.
 *
 * @requirement CAPA-04
 * @requirement CAPA-05
 */
const planComplete: Requirement[] = [
  {
    kind: "fields",
    requirement: "CAPA-04",
    message: "A plan needs at least one action, or a signed evaluation that no action is needed",
    schema: z.custom<Fields>(
      (f) => arr(f as Fields, "actions").length > 0 || typeof (f as Fields).noActionEvaluation === "string",
    ),
  },
  {
    kind: "fields",
    requirement: "CAPA-05",
    message: "Set the effectiveness criteria in the plan, before the check",
    schema: z.custom<Fields>((f) => arr(f as Fields, "effectivenessCriteria").length > 0),
  },
];

/**
 * Implementation is complete when every planned action has a completion record with evidence.
 *
 * @requirement P11-07
 * @requirement CAPA-04
 */
const actionsCompleted: Requirement = {
  kind: "fields",
  requirement: "P11-07",
  message:
    "Every planned action needs a completion record with its evidence before implementation is complete",
  schema: z.custom<Fields>((f) => {
    const done = new Set(
      arr(f as Fields, "actionCompletions").map((c) => (c as { actionId?: string }).actionId),
    );
    return arr(f as Fields, "actions").every((a) => done.has((a as { id: string }).id));
  }),
};

/**
 * The check must report on exactly the criteria set in advance.
 *
 * @requirement CAPA-05
 */
const checkCoversCriteria: Requirement = {
  kind: "fields",
  requirement: "CAPA-05",
  message: "Report an observation for every effectiveness criterion set in the plan, and only for those",
  schema: z.custom<Fields>((f) => {
    const criteria = arr(f as Fields, "effectivenessCriteria").map((c) => (c as { id: string }).id);
    const last = arr(f as Fields, "effectivenessChecks").at(-1) as
      | { observations?: { criterionId: string }[] }
      | undefined;
    const seen = (last?.observations ?? []).map((o) => o.criterionId);
    return (
      criteria.length > 0 && seen.length === criteria.length && criteria.every((id) => seen.includes(id))
    );
  }),
};

/**
 * Close needs the latest effectiveness check to be Effective, with its no-adverse-effect assessment.
 *
 * @requirement CAPA-05
 */
const lastCheckEffective: Requirement = {
  kind: "fields",
  requirement: "CAPA-05",
  message: "A CAPA closes only after an Effective effectiveness check with a no-adverse-effect assessment",
  schema: z.custom<Fields>((f) => {
    const last = arr(f as Fields, "effectivenessChecks").at(-1) as
      | { result?: string; noAdverseEffect?: Record<string, unknown> }
      | undefined;
    const a = last?.noAdverseEffect;
    return (
      last?.result === "Effective" &&
      a !== undefined &&
      a.device === true &&
      a.regulatoryCompliance === true &&
      a.safetyAndPerformance === true
    );
  }),
};

/**
 * A dissemination record must exist before closure.
 *
 * @requirement CAPA-07
 */
const disseminated: Requirement = {
  kind: "fields",
  requirement: "CAPA-07",
  message: "Record who was informed (recipients, date, content) before closing",
  schema: z.custom<Fields>((f) => arr(f as Fields, "disseminations").length > 0),
};

/**
 * Linked change controls and document changes must be effective before closure.
 *
 * @requirement CAPA-06
 */
const linkedChangesEffective: Requirement = {
  kind: "linked",
  requirement: "CAPA-06",
  field: "linkedChanges",
  inStates: ["effective"],
  message: "Every linked change control and document change must be effective before the CAPA closes",
};

/**
 * An extension request and its decision alternate: one request at a time, and a decision answers the latest
 * request with the same date.
 *
 * @requirement CAPA-11
 */
const extensionRequestOpen = (pending: boolean): Requirement => ({
  kind: "fields",
  requirement: "CAPA-11",
  message: pending
    ? "An extension request is already waiting for a decision"
    : "There is no extension request waiting for a decision, or the date differs from the request",
  schema: z.custom<Fields>((f) => {
    const requests = arr(f as Fields, "extensionRequests") as { newDueDate: { date: string } }[];
    const decisions = arr(f as Fields, "extensionDecisions") as { newDueDate: { date: string } }[];
    if (pending) return requests.length === decisions.length + 1;
    return (
      requests.length === decisions.length &&
      requests.at(-1)?.newDueDate.date === decisions.at(-1)?.newDueDate.date
    );
  }),
});

/** Roles allowed to work a CAPA. */
const workers: Requirement = { kind: "role", anyOf: ["qa", "capaOwner"] };
const approver: Requirement = { kind: "role", anyOf: ["qaApprover"] };

/**
 * The customer communication and the validated fix are obligations of an uncontrolled cybersecurity risk only.
 *
 * @requirement SEC-09
 */
const uncontrolledCybersecurityRisk: Requirement = {
  kind: "fields",
  requirement: "SEC-09",
  message: "Only a CAPA opened for an uncontrolled cybersecurity risk carries this obligation",
  schema: z.looseObject({ vulnerability: z.object({ risk: z.literal("uncontrolled") }) }),
};

/**
 * Build the CAPA workflow definition: triage → investigation → planning → plan approval → implementation →
 * effectiveness check → effective → closed, with declined and cancelled side exits.
 *
 * @requirement CAPA-01
 * @requirement CAPA-03
 * @requirement CAPA-04
 * @requirement CAPA-05
 * @requirement CAPA-06
 * @requirement CAPA-07
 * @requirement CAPA-08
 * @requirement CAPA-10
 * @requirement CAPA-11
 * @requirement CAPA-12
 * @requirement CAPA-13
 * @requirement SEC-09
 * @example
 * ```ts
 * const capa = createCapaDefinition({ calendar: siteCalendar, failedCheckReturnsTo: "planning" });
 * const service = new WorkflowService({ log, clock, registry: new WorkflowRegistry([capa]), calendars: [siteCalendar] });
 * ```
 */
export function createCapaDefinition(options: CapaDefinitionOptions = {}) {
  const calendar = options.calendar ?? usFederalCalendar;
  const targets = options.targetDates ?? DEFAULT_CAPA_TARGET_DATES;
  const escalation = options.escalation ?? {
    after: { id: "capa-escalation", unit: "businessDay", amount: 5 },
    roles: ["qaApprover"],
  };
  const failedTo = options.failedCheckReturnsTo ?? "investigation";
  const dueDate = localDueDateSchema(calendar);
  const allDeadlines = [
    "triage",
    "target",
    "extendedTarget",
    "effectivenessCheck",
    "customerCommunication",
    "remediation",
  ];

  const triageDeadline: DeadlineStartSpec = {
    name: "triage",
    policy: options.triage ?? { id: "capa-triage", unit: "businessDay", amount: 5 },
  };
  const accept = (priority: CapaPriority) => ({
    title: `Accept as ${priority} priority`,
    from: ["triage"] as const,
    to: "investigation" as const,
    requires: [{ kind: "role", anyOf: ["qa"] }] as const,
    set: { priority },
    deadlines: {
      start: [{ name: "target", policy: targets[priority], escalate: escalation }],
      stop: ["triage"],
    },
  });

  return defineWorkflow({
    id: options.id ?? "capa",
    version: options.version ?? 1,
    title: "Corrective and preventive action",
    description:
      "CAPA lifecycle per ISO 13485 8.5.2/8.5.3 (legacy 21 CFR 820.100): typed sources, root cause, planned actions, approval with separation of duties, implementation, effectiveness check against criteria set in advance, dissemination and closure.",
    states: CAPA_STATES,
    terminal: ["closed", "declined", "cancelled"],
    roles: CAPA_ROLES,
    signatureMeanings: ["responsibility", "approval"],
    fields: CapaFieldsSchema,
    calendar: calendar.id,
    commands: {
      open: {
        title: "Open a CAPA",
        creates: true,
        to: "triage",
        payload: OpenCapaSchema,
        requires: [{ kind: "role", anyOf: ["initiator", "qa"] }],
        assign: "payload",
        deadlines: { start: [triageDeadline] },
      },
      openCybersecurity: {
        title: "Open a CAPA for an uncontrolled cybersecurity risk",
        creates: true,
        to: "triage",
        payload: OpenCybersecurityCapaSchema.transform(({ vulnerability, sources, ...rest }) => ({
          ...rest,
          vulnerability,
          sources: [vulnerability, ...sources],
        })),
        requires: [{ kind: "role", anyOf: ["initiator", "qa"] }],
        assign: "payload",
        deadlines: {
          start: [
            triageDeadline,
            {
              name: "customerCommunication",
              policy: { id: "sec-uncontrolled-communication", unit: "calendarDay", amount: 30 },
              anchorField: "vulnerability.awareAt",
              escalate: escalation,
            },
            {
              name: "remediation",
              policy: { id: "sec-uncontrolled-remediation", unit: "calendarDay", amount: 60 },
              anchorField: "vulnerability.awareAt",
              escalate: escalation,
            },
          ],
        },
      },
      [PRIORITY_COMMANDS.critical]: accept("critical"),
      [PRIORITY_COMMANDS.high]: accept("high"),
      [PRIORITY_COMMANDS.medium]: accept("medium"),
      [PRIORITY_COMMANDS.low]: accept("low"),
      decline: {
        title: "Decline (not needed, or duplicate)",
        from: ["triage"],
        to: "declined",
        payload: z.object({
          disposition: z.enum(["notRequired", "duplicate"]),
          duplicateOf: text.optional(),
        }),
        requires: [{ kind: "role", anyOf: ["qa"] }],
        assign: ["disposition", "duplicateOf"],
        reasonRequired: true,
        deadlines: { stop: ["triage", "customerCommunication", "remediation"] },
      },
      recordRootCause: {
        title: "Record a root cause",
        from: ["investigation"],
        payload: z.object({ rootCause: RootCauseSchema }),
        requires: [workers],
        append: { rootCauses: "rootCause" },
        set: { rootCauseInThisRound: true },
      },
      justifyNoRootCause: {
        title: "Sign a justification that no root cause was determinable",
        from: ["investigation"],
        payload: z.object({ rootCauseJustification: text }),
        requires: [workers, { kind: "signature", meaning: "responsibility", requirement: "CAPA-03" }],
        assign: ["rootCauseJustification"],
        set: { rootCauseInThisRound: true },
      },
      completeInvestigation: {
        title: "Complete the investigation",
        from: ["investigation"],
        to: "planning",
        requires: [workers, investigationComplete],
      },
      evaluateNoActionNeeded: {
        title: "Sign an evaluation that no action is needed",
        from: ["planning"],
        payload: z.object({ noActionEvaluation: text }),
        requires: [workers, { kind: "signature", meaning: "responsibility", requirement: "CAPA-04" }],
        assign: ["noActionEvaluation"],
      },
      submitPlan: {
        title: "Submit the action plan",
        from: ["planning"],
        to: "planApproval",
        payload: z.object({
          actions: z.array(CapaActionSchema).default([]),
          effectivenessCriteria: z.array(EffectivenessCriterionSchema).min(1, "set at least one criterion"),
        }),
        requires: [workers, ...planComplete],
        assign: ["actions", "effectivenessCriteria"],
      },
      returnPlan: {
        title: "Return the plan for rework",
        from: ["planApproval"],
        to: "planning",
        requires: [approver],
        reasonRequired: true,
      },
      approvePlan: {
        title: "Approve the plan",
        from: ["planApproval"],
        to: "implementation",
        requires: [
          approver,
          { kind: "signature", meaning: "approval", requirement: "CAPA-13" },
          {
            kind: "separation",
            against: { field: "ownerId" },
            requirement: "CAPA-13",
            message: "The CAPA owner may not approve the plan (separation of duties)",
          },
          {
            kind: "separation",
            against: { field: "actions.ownerId" },
            requirement: "CAPA-13",
            message:
              "An action owner may not approve the plan that contains the action (separation of duties)",
          },
        ],
      },
      completeAction: {
        title: "Record an action as done, with evidence",
        from: ["implementation"],
        payload: z.object({
          completion: z.object({ actionId: text, evidence: z.array(text).min(1), completedOn: z.iso.date() }),
        }),
        requires: [
          workers,
          {
            kind: "fields",
            requirement: "CAPA-04",
            message: "The completed action is not in the approved plan",
            schema: z.custom<Fields>((f) => {
              const ids = arr(f as Fields, "actions").map((a) => (a as { id: string }).id);
              const last = arr(f as Fields, "actionCompletions").at(-1) as { actionId: string } | undefined;
              return last !== undefined && ids.includes(last.actionId);
            }),
          },
        ],
        append: { actionCompletions: "completion" },
      },
      completeImplementation: {
        title: "Complete implementation",
        from: ["implementation"],
        to: "effectivenessCheck",
        requires: [workers, actionsCompleted],
        deadlines: {
          start: [
            {
              name: "effectivenessCheck",
              policy: options.effectivenessWindow ?? {
                id: "capa-effectiveness-window",
                unit: "calendarDay",
                amount: 90,
              },
            },
          ],
        },
      },
      recordEffectivenessCheck: {
        title: "Record the effectiveness check",
        from: ["effectivenessCheck"],
        to: {
          by: "result",
          cases: { Effective: "effective", Ineffective: failedTo, Inconclusive: failedTo },
        },
        payload: EffectivenessCheckSchema,
        requires: [workers, checkCoversCriteria],
        append: { effectivenessChecks: "effectivenessCheck" },
        // a later investigation round must record its own findings (CAPA-03)
        set: { rootCauseInThisRound: false },
        deadlines: { stop: ["effectivenessCheck"] },
      },
      recordDissemination: {
        title: "Record dissemination to those directly responsible",
        from: ["implementation", "effectivenessCheck", "effective"],
        payload: z.object({ dissemination: DisseminationSchema }),
        requires: [workers],
        append: { disseminations: "dissemination" },
      },
      linkChange: {
        title: "Link a change control or document change",
        from: [...OPEN_STATES],
        payload: z.object({ change: LinkedChangeSchema.transform((c) => ({ ...c, id: c.recordId })) }),
        requires: [workers],
        append: { linkedChanges: "change" },
      },
      flagForManagementReview: {
        title: "Report to management review",
        from: ["triage", ...OPEN_STATES, "closed"],
        payload: z.object({ managementReview: z.object({ reviewId: text }) }),
        requires: [{ kind: "role", anyOf: ["qa", "qaApprover"] }],
        append: { managementReviews: "managementReview" },
      },
      recordCustomerCommunication: {
        title: "Record the customer communication of an uncontrolled cybersecurity risk",
        from: ["triage", ...OPEN_STATES],
        payload: z.object({ customerCommunication: z.object({ date: z.iso.date(), contentRef: text }) }),
        requires: [workers, uncontrolledCybersecurityRisk],
        assign: ["customerCommunication"],
        deadlines: { stop: ["customerCommunication"] },
      },
      recordRemediationValidated: {
        title: "Record that the fix is deployed and validated",
        from: ["implementation", "effectivenessCheck", "effective"],
        payload: z.object({ remediation: z.object({ date: z.iso.date(), validationRef: text }) }),
        requires: [workers, uncontrolledCybersecurityRisk],
        assign: ["remediation"],
        deadlines: { stop: ["remediation"] },
      },
      requestExtension: {
        title: "Request a due-date extension",
        from: [...OPEN_STATES],
        payload: z.object({ extensionRequest: z.object({ newDueDate: dueDate, justification: text }) }),
        requires: [workers, extensionRequestOpen(true)],
        append: { extensionRequests: "extensionRequest" },
      },
      approveExtension: {
        title: "Approve the extension",
        from: [...OPEN_STATES],
        payload: z.object({
          extensionDecision: z.object({ newDueDate: dueDate, approved: z.literal(true) }),
        }),
        requires: [
          approver,
          { kind: "signature", meaning: "approval", requirement: "CAPA-11" },
          {
            kind: "separation",
            against: { command: "requestExtension" },
            requirement: "CAPA-13",
            message: "Whoever requested an extension may not approve it",
          },
          extensionRequestOpen(false),
        ],
        append: { extensionDecisions: "extensionDecision" },
        deadlines: {
          start: [
            {
              name: "extendedTarget",
              policy: { id: "capa-extended-target", unit: "calendarDay", amount: 0 },
              anchorField: "extensionDecision.newDueDate.anchorAt",
              escalate: escalation,
            },
          ],
          stop: ["target"],
        },
      },
      rejectExtension: {
        title: "Reject the extension",
        from: [...OPEN_STATES],
        payload: z.object({
          extensionDecision: z.object({ newDueDate: dueDate, approved: z.literal(false) }),
        }),
        requires: [approver, extensionRequestOpen(false)],
        append: { extensionDecisions: "extensionDecision" },
        reasonRequired: true,
      },
      close: {
        title: "Close the CAPA",
        from: ["effective"],
        to: "closed",
        requires: [
          approver,
          { kind: "signature", meaning: "approval", requirement: "CAPA-05" },
          lastCheckEffective,
          disseminated,
          linkedChangesEffective,
          {
            kind: "separation",
            against: { field: "ownerId" },
            requirement: "CAPA-13",
            message: "The CAPA owner may not approve its closure",
          },
        ],
        deadlines: { stop: allDeadlines },
      },
      cancel: {
        title: "Cancel the CAPA",
        from: ["triage", ...OPEN_STATES],
        to: "cancelled",
        requires: [approver, { kind: "signature", meaning: "approval" }],
        reasonRequired: true,
        deadlines: { stop: allDeadlines },
      },
    },
  });
}

/** The shipped CAPA definition with default options (id `capa`, version 1). */
export const capaDefinition = createCapaDefinition();

/** Original and current due dates of a CAPA and the number of approved extensions (CAPA-11). */
export interface CapaDueDates {
  /** Local due date set at acceptance; never changes. */
  readonly originalDueDate: string | undefined;
  readonly originalDueAt: string | undefined;
  /** Local due date after approved extensions. */
  readonly currentDueDate: string | undefined;
  readonly currentDueAt: string | undefined;
  readonly extensionCount: number;
}

/**
 * Original due date, extension count and current due date of a CAPA record.
 *
 * @requirement CAPA-11
 */
export function capaDueDates(state: WorkflowState): CapaDueDates {
  const original = state.deadlines.target;
  const extended = state.deadlines.extendedTarget;
  const decisions = arr(state.fields as Fields, "extensionDecisions") as { approved: boolean }[];
  const current = extended ?? original;
  return {
    originalDueDate: original?.dueDate,
    originalDueAt: original?.dueAt,
    currentDueDate: current?.dueDate,
    currentDueAt: current?.dueAt,
    extensionCount: decisions.filter((d) => d.approved).length,
  };
}
