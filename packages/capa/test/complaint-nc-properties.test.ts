import type { Actor } from "@qmskit/core";
import { type AnyWorkflowDefinition, type CommandSpec, replay, type WorkflowState } from "@qmskit/workflow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ComplaintRecordContentSchema, complaintDefinition, nonconformanceDefinition } from "../src/index.js";
import { approver, harness } from "./support.js";

interface Step {
  readonly command: string;
  readonly payload: unknown;
  readonly actor: Actor;
  readonly sign?: string;
  readonly reason?: string;
}

const handler: Actor = { id: "u-hal", name: "Hal Handler", roles: ["complaintHandler"] };
const qa: Actor = { id: "u-quinn", name: "Quinn QA", roles: ["qa"] };
const operator: Actor = { id: "u-otto", name: "Otto Operator", roles: ["operator"] };

const complaintSteps: Step[] = [
  {
    command: "updateContact",
    payload: {
      deviceIdentifier: { udi: "(01)0081234" },
      complainant: { name: "Clinic", address: "1 Main St", phone: "555" },
    },
    actor: handler,
  },
  {
    command: "decideNotReportable",
    payload: { mdrDecision: { reportable: false, rationale: "No harm" } },
    actor: qa,
    sign: "responsibility",
  },
  {
    command: "decideNotReportable",
    payload: { mdrDecision: { reportable: false, rationale: "No harm" } },
    actor: qa,
  },
  {
    command: "decideReportable30Day",
    payload: {
      mdrDecision: {
        reportable: true,
        reportType: "30-day",
        rationale: "r",
        awareAt: "2026-03-01T10:00:00Z",
        awareBy: "u-hal",
      },
    },
    actor: qa,
    sign: "responsibility",
  },
  {
    command: "decideReportable5Day",
    payload: {
      mdrDecision: {
        reportable: true,
        reportType: "5-day",
        rationale: "r",
        awareAt: "2026-03-01T10:00:00Z",
        awareBy: "u-boss",
      },
    },
    actor: qa,
    sign: "responsibility",
  },
  {
    command: "submitMdrReport",
    payload: { mdrReport: { reportNumber: "R-1", submittedOn: "2026-03-04" } },
    actor: qa,
  },
  { command: "investigate", payload: {}, actor: qa },
  { command: "investigate", payload: {}, actor: handler },
  {
    command: "decideNoInvestigation",
    payload: { noInvestigation: { reason: "Known", priorInvestigationId: "CMP-0" } },
    actor: qa,
    sign: "responsibility",
  },
  {
    command: "decideNoInvestigation",
    payload: { noInvestigation: { reason: "Known" } },
    actor: qa,
    sign: "responsibility",
  },
  { command: "completeInvestigation", payload: { investigation: { findings: "Seal torque" } }, actor: qa },
  { command: "recordCorrectiveAction", payload: { correctiveAction: "CAPA-1" }, actor: handler },
  { command: "recordReply", payload: { reply: { date: "2026-03-05", summary: "Letter" } }, actor: handler },
  { command: "close", payload: {}, actor: qa, sign: "approval" },
  { command: "close", payload: {}, actor: handler, sign: "approval" },
  { command: "cancel", payload: {}, actor: approver, sign: "approval", reason: "Entered twice" },
];

const ncSteps: Step[] = [
  {
    command: "recordSegregation",
    payload: { segregation: { status: "segregated", location: "Cage 2" } },
    actor: operator,
  },
  {
    command: "evaluate",
    payload: {
      evaluation: {
        investigationNeeded: true,
        externalNotificationNeeded: true,
        externalParties: ["Acme"],
        rationale: "r",
      },
    },
    actor: qa,
  },
  {
    command: "evaluate",
    payload: {
      evaluation: { investigationNeeded: false, externalNotificationNeeded: false, rationale: "r" },
    },
    actor: qa,
  },
  { command: "linkInvestigation", payload: { investigationRef: "CAPA-1" }, actor: qa },
  {
    command: "recordNotification",
    payload: { notification: { party: "Acme", date: "2026-03-03", reference: "L-1" } },
    actor: qa,
  },
  {
    command: "decideDisposition",
    payload: { disposition: { kind: "scrap", rationale: "r" } },
    actor: approver,
    sign: "approval",
  },
  {
    command: "decideDisposition",
    payload: { disposition: { kind: "scrap", rationale: "r" } },
    actor: approver,
  },
  {
    command: "close",
    payload: { dispositionCompleted: { date: "2026-03-09", evidence: "Scrap note" } },
    actor: qa,
  },
  { command: "cancel", payload: {}, actor: approver, sign: "approval", reason: "Duplicate" },
];

const targetsOf = (spec: CommandSpec): string[] =>
  spec.to === undefined
    ? []
    : typeof spec.to === "string"
      ? [spec.to]
      : [...Object.values(spec.to.cases), ...(spec.to.otherwise ? [spec.to.otherwise] : [])];

async function runSteps(
  def: AnyWorkflowDefinition,
  create: Step,
  steps: readonly Step[],
  onClose: (s: WorkflowState) => void,
) {
  const h = harness();
  const id = "REC-P";
  let state = (await h.run(id, create.command, create.payload, create.actor, { workflow: def.id })).state!;
  const commands = def.commands as Record<string, CommandSpec>;
  for (const step of steps) {
    const before = state;
    const r = await h.run(id, step.command, step.payload, step.actor, {
      ...(step.sign ? { sign: step.sign } : {}),
      ...(step.reason ? { reason: step.reason } : {}),
    });
    state = r.state!;
    expect(def.states).toContain(state.status);
    if (!r.ok) {
      expect(state.fields).toEqual(before.fields);
      expect(state.status).toBe(before.status);
      continue;
    }
    const spec = commands[step.command]!;
    expect(spec.from).toContain(before.status);
    const allowed = targetsOf(spec);
    expect(allowed.length === 0 ? [before.status] : allowed).toContain(state.status);
    if (state.status === "closed" && before.status !== "closed") onClose(state);
  }
  expect(replay(await h.log.read(id), def)).toEqual(state);
}

describe("complaint and nonconformance properties", () => {
  it("CAPA-16: random sequences never close a complaint without a reportability decision, or a reportable one without its report", async () => {
    const intake = {
      command: "receive",
      payload: { deviceName: "IS-200", dateReceived: "2026-03-01", nature: "Leak", details: "At the luer" },
      actor: handler,
    };
    let closures = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...complaintSteps), { minLength: 10, maxLength: 50 }),
        async (steps) => {
          await runSteps(complaintDefinition, intake, steps, (s) => {
            closures += 1;
            const decision = s.fields.mdrDecision as { reportable?: boolean } | undefined;
            expect(decision).toBeDefined();
            if (decision?.reportable) expect(s.fields.mdrReport).toBeDefined();
            // CAPA-14: investigated or reportable complaints close with the full 820.35(a) content
            if (decision?.reportable || s.fields.investigation !== undefined)
              expect(ComplaintRecordContentSchema.safeParse(s.fields).success).toBe(true);
          });
        },
      ),
      { numRuns: 150 },
    );
    expect(closures).toBeGreaterThan(0);
  });

  it("CAPA-17: random sequences never close an NC before its evaluation is followed up", async () => {
    const report = {
      command: "report",
      payload: {
        identification: {
          product: "IS-200",
          lotOrSerial: "4411",
          quantity: 10,
          detectedAt: "2026-03-02",
          detectedBy: "u-otto",
          location: "Line 3",
          description: "Torque low",
        },
      },
      actor: operator,
    };
    let closures = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...ncSteps), { minLength: 8, maxLength: 40 }),
        async (steps) => {
          await runSteps(nonconformanceDefinition, report, steps, (s) => {
            closures += 1;
            const e = s.fields.evaluation as { investigationNeeded: boolean; externalParties: string[] };
            expect(s.fields.segregation).toBeDefined();
            expect(s.fields.disposition).toBeDefined();
            if (e.investigationNeeded) expect(s.fields.investigationRef).toBeDefined();
            const notified = ((s.fields.notifications as { party: string }[] | undefined) ?? []).map(
              (n) => n.party,
            );
            for (const p of e.externalParties) expect(notified).toContain(p);
          });
        },
      ),
      { numRuns: 150 },
    );
    expect(closures).toBeGreaterThan(0);
  });
});
