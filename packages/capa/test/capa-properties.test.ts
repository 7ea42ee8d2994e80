import type { Actor } from "@qmskit/core";
import { type CommandSpec, replay, type WorkflowState } from "@qmskit/workflow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capaDefinition } from "../src/index.js";
import {
  approver,
  approver2,
  dissemination,
  effectiveCheck,
  engineer,
  harness,
  ineffectiveCheck,
  initiator,
  openPayload,
  outsider,
  owner,
  plan,
} from "./support.js";

interface Step {
  readonly command: string;
  readonly payload: unknown;
  readonly actor: Actor;
  readonly sign?: string;
  readonly reason?: string;
}

const completion = { completion: { actionId: "A1", evidence: ["WI-22 rev C"], completedOn: "2026-03-20" } };
const inconclusive = { ...ineffectiveCheck, result: "Inconclusive" };

/** Steps in happy-path order (each valid in some state). */
const happyPath: Step[] = [
  { command: "acceptHigh", payload: {}, actor: engineer },
  {
    command: "recordRootCause",
    payload: { rootCause: { code: "RC-1", description: "Torque" } },
    actor: owner,
  },
  { command: "completeInvestigation", payload: {}, actor: owner },
  { command: "submitPlan", payload: plan, actor: owner },
  { command: "approvePlan", payload: {}, actor: approver, sign: "approval" },
  { command: "completeAction", payload: completion, actor: engineer },
  { command: "completeImplementation", payload: {}, actor: owner },
  { command: "recordDissemination", payload: dissemination, actor: owner },
  { command: "recordEffectivenessCheck", payload: effectiveCheck, actor: owner },
  { command: "close", payload: {}, actor: approver, sign: "approval" },
];

/** Steps that are wrong in most states, by the wrong person, unsigned, or with bad input. */
const noise: Step[] = [
  { command: "close", payload: {}, actor: approver, sign: "approval" },
  { command: "close", payload: {}, actor: owner, sign: "approval" },
  { command: "close", payload: {}, actor: approver },
  { command: "approvePlan", payload: {}, actor: owner, sign: "approval" },
  { command: "approvePlan", payload: {}, actor: approver },
  { command: "recordEffectivenessCheck", payload: ineffectiveCheck, actor: owner },
  { command: "recordEffectivenessCheck", payload: inconclusive, actor: owner },
  {
    command: "recordEffectivenessCheck",
    payload: { ...effectiveCheck, noAdverseEffect: undefined },
    actor: owner,
  },
  { command: "completeInvestigation", payload: {}, actor: outsider },
  { command: "submitPlan", payload: { effectivenessCriteria: [] }, actor: owner },
  { command: "justifyNoRootCause", payload: { rootCauseJustification: "none" }, actor: owner },
  { command: "acceptCritical", payload: {}, actor: outsider },
  { command: "decline", payload: { disposition: "duplicate" }, actor: engineer },
  { command: "returnPlan", payload: {}, actor: approver, reason: "Add a preventive action" },
  { command: "cancel", payload: {}, actor: approver2 },
  { command: "unknownCommand", payload: {}, actor: approver },
  {
    command: "requestExtension",
    payload: { extensionRequest: { newDueDate: "2026-06-01", justification: "Parts" } },
    actor: owner,
  },
  {
    command: "approveExtension",
    payload: { extensionDecision: { newDueDate: "2026-06-01", approved: true } },
    actor: approver,
    sign: "approval",
  },
  {
    command: "flagForManagementReview",
    payload: { managementReview: { reviewId: "MR-1" } },
    actor: engineer,
  },
  { command: "open", payload: openPayload, actor: initiator },
];

const pool = [...happyPath, ...noise];

const targetsOf = (spec: CommandSpec): string[] =>
  spec.to === undefined
    ? []
    : typeof spec.to === "string"
      ? [spec.to]
      : [...Object.values(spec.to.cases), ...(spec.to.otherwise ? [spec.to.otherwise] : [])];

/** The parts of a record a refused command must not touch. */
const essence = (s: WorkflowState | undefined) =>
  s && { status: s.status, fields: s.fields, deadlines: s.deadlines, performedBy: s.performedBy };

function lastCheck(s: WorkflowState): { result?: string } | undefined {
  const checks = s.fields.effectivenessChecks;
  return Array.isArray(checks) ? (checks.at(-1) as { result?: string }) : undefined;
}

async function runSteps(steps: readonly Step[]) {
  const h = harness();
  const id = "CAPA-P";
  let state: WorkflowState | undefined;
  const first = await h.run(id, "open", openPayload, initiator, { workflow: "capa" });
  expect(first.ok).toBe(true);
  state = first.state;
  const commands = capaDefinition.commands as Record<string, CommandSpec>;
  for (const step of steps) {
    const before = state!;
    const r = await h.run(id, step.command, step.payload, step.actor, {
      ...(step.sign ? { sign: step.sign } : {}),
      ...(step.reason ? { reason: step.reason } : {}),
    });
    state = r.state;
    expect(capaDefinition.states).toContain(state!.status);
    if (!r.ok) {
      // a refusal changes nothing but the audit counters
      expect(essence(state)).toEqual(essence(before));
      expect(state!.rejections).toBe(before.rejections + 1);
      continue;
    }
    // the transition is one the definition allows for that command
    const spec = commands[step.command]!;
    expect(spec.from).toContain(before.status);
    const allowed = targetsOf(spec);
    if (allowed.length === 0) expect(state!.status).toBe(before.status);
    else expect(allowed).toContain(state!.status);
    if (state!.status === "closed" && before.status !== "closed") {
      expect(lastCheck(state!)?.result).toBe("Effective");
      expect(before.status).toBe("effective");
    }
  }
  // replaying the stored events rebuilds exactly the state the service returned
  expect(replay(await h.log.read(id), capaDefinition)).toEqual(state);
  return state!;
}

describe("CAPA properties", () => {
  it("CAPA-09: random command sequences stay within the definition, refusals change nothing, replay rebuilds the state", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pool), { maxLength: 40 }), async (steps) => {
        await runSteps(steps);
      }),
      { numRuns: 60 },
    );
  });

  it("CAPA-05: with random noise between the steps of the lifecycle, a CAPA closes only after an Effective check", async () => {
    let closed = 0;
    let notClosed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom(...noise), { maxLength: 3 }), {
          minLength: happyPath.length,
          maxLength: happyPath.length,
        }),
        async (noiseBefore) => {
          const steps = happyPath.flatMap((step, i) => [...(noiseBefore[i] ?? []), step]);
          const final = await runSteps(steps);
          if (final.status === "closed") {
            closed += 1;
            expect(lastCheck(final)?.result).toBe("Effective");
          } else notClosed += 1;
        },
      ),
      { numRuns: 40 },
    );
    // the property saw both outcomes: closures, and noise that derailed the lifecycle
    expect(closed).toBeGreaterThan(0);
    expect(notClosed).toBeGreaterThan(0);
  });

  it("CAPA-12: a failed check never leads to closed, whatever follows it directly", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(ineffectiveCheck, inconclusive),
        fc.array(fc.constantFrom(...noise), { maxLength: 5 }),
        async (failed, after) => {
          const untilCheck = happyPath.slice(0, 8);
          const steps: Step[] = [
            ...untilCheck,
            { command: "recordEffectivenessCheck", payload: failed, actor: owner },
            ...after,
          ];
          const final = await runSteps(steps);
          expect(final.status).not.toBe("closed");
        },
      ),
      { numRuns: 30 },
    );
  });
});
