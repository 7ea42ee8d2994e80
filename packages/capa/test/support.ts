import {
  type Actor,
  createSignature,
  type EventLog,
  InMemoryEventLog,
  type Signature,
  sequentialIds,
  TestClock,
} from "@qmskit/core";
import {
  type AnyWorkflowDefinition,
  type ExecuteResult,
  type LinkedRecordLookup,
  signedRecordOf,
  WorkflowRegistry,
  WorkflowService,
  type WorkflowState,
} from "@qmskit/workflow";
import { expect } from "vitest";
import {
  capaDefinition,
  complaintDefinition,
  nonconformanceDefinition,
  usFederalCalendar,
} from "../src/index.js";

export const initiator: Actor = { id: "u-ivy", name: "Ivy Initiator", roles: ["initiator"] };
export const owner: Actor = { id: "u-olga", name: "Olga Owner", roles: ["qa", "capaOwner"] };
export const engineer: Actor = { id: "u-ed", name: "Ed Engineer", roles: ["qa"] };
export const approver: Actor = { id: "u-ann", name: "Ann Approver", roles: ["qaApprover"] };
export const approver2: Actor = { id: "u-abe", name: "Abe Approver", roles: ["qaApprover", "capaOwner"] };
export const outsider: Actor = { id: "u-zed", name: "Zed Visitor", roles: ["viewer"] };

export interface Harness {
  readonly log: EventLog;
  readonly clock: TestClock;
  readonly service: WorkflowService;
  /** Execute a command, signing with `meaning` when given. */
  run(
    recordId: string,
    command: string,
    payload: unknown,
    actor: Actor,
    extra?: { sign?: string; reason?: string; workflow?: string },
  ): Promise<ExecuteResult>;
  state(recordId: string): Promise<WorkflowState>;
}

/** A service over `log` with the shipped definitions and the default calendar. */
export function harness(
  options: {
    log?: EventLog;
    clock?: TestClock;
    definitions?: readonly AnyWorkflowDefinition[];
    lookup?: LinkedRecordLookup;
  } = {},
): Harness {
  const clock = options.clock ?? new TestClock("2026-03-02T14:00:00Z");
  const log = options.log ?? new InMemoryEventLog({ clock, ids: sequentialIds("evt") });
  const service = new WorkflowService({
    log,
    clock,
    registry: new WorkflowRegistry(
      options.definitions ?? [capaDefinition, complaintDefinition, nonconformanceDefinition],
    ),
    calendars: [usFederalCalendar],
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  const sign = async (recordId: string, actor: Actor, meaning: string): Promise<Signature> => {
    const state = await service.get(recordId);
    const record = state
      ? signedRecordOf(state)
      : { recordId, recordVersion: 0, content: null as unknown as Record<string, never> };
    return createSignature(actor, meaning, record, { clock });
  };
  return {
    log,
    clock,
    service,
    async run(recordId, command, payload, actor, extra = {}) {
      const signatures = extra.sign ? [await sign(recordId, actor, extra.sign)] : undefined;
      return service.execute(recordId, command, payload, {
        actor,
        ...(signatures ? { signatures } : {}),
        ...(extra.reason ? { reason: extra.reason } : {}),
        ...(extra.workflow ? { workflow: extra.workflow } : {}),
      });
    },
    async state(recordId) {
      const s = await service.get(recordId);
      if (!s) throw new Error(`no record ${recordId}`);
      return s;
    },
  };
}

/** Assert a command was accepted and return the new state. */
export function ok(r: ExecuteResult): WorkflowState {
  if (!r.ok)
    expect.fail(`expected the command to pass, got ${r.rejection.requirement}: ${r.rejection.message}`);
  return r.state;
}

/** Assert a command was refused for `requirement` and return the rejection. */
export function refused(r: ExecuteResult, requirement: string) {
  if (r.ok) expect.fail(`expected a refusal for ${requirement}, but the command passed`);
  expect(r.rejection.requirement, r.rejection.message).toBe(requirement);
  return r.rejection;
}

export const openPayload = {
  title: "Seal leak on infusion set",
  problemStatement: "Three complaints of leaking luer seals in lot 4411",
  ownerId: owner.id,
  sources: [{ kind: "complaint", recordId: "CMP-101" }],
};

export const plan = {
  actions: [
    {
      id: "A1",
      type: "corrective",
      description: "Tighten seal torque specification",
      ownerId: engineer.id,
      dueDate: "2026-04-15",
      acceptanceEvidence: "Revised work instruction WI-22 rev C and torque validation report",
    },
  ],
  effectivenessCriteria: [
    { id: "EC1", description: "Leak complaints for lots built after the change", target: "0 in 90 days" },
  ],
};

export const effectiveCheck = {
  result: "Effective",
  observations: [{ criterionId: "EC1", met: true, observation: "No leak complaints in 90 days" }],
  noAdverseEffect: {
    device: true,
    regulatoryCompliance: true,
    safetyAndPerformance: true,
    rationale: "Torque change verified against the design inputs; no effect on sterility",
  },
  summary: "Criteria met",
};

export const ineffectiveCheck = {
  result: "Ineffective",
  observations: [{ criterionId: "EC1", met: false, observation: "Two leak complaints in the window" }],
  summary: "Leaks continue",
};

/** Drive a CAPA from opening to the `effective` state; returns its id. */
export async function capaToEffective(h: Harness, id = "CAPA-1"): Promise<string> {
  ok(await h.run(id, "open", openPayload, initiator, { workflow: "capa" }));
  ok(await h.run(id, "acceptHigh", {}, engineer));
  ok(
    await h.run(
      id,
      "recordRootCause",
      { rootCause: { code: "RC-TORQUE", description: "Torque too low" } },
      owner,
    ),
  );
  ok(await h.run(id, "completeInvestigation", {}, owner));
  ok(await h.run(id, "submitPlan", plan, owner));
  ok(await h.run(id, "approvePlan", {}, approver, { sign: "approval" }));
  ok(
    await h.run(
      id,
      "completeAction",
      { completion: { actionId: "A1", evidence: ["WI-22 rev C"], completedOn: "2026-03-20" } },
      engineer,
    ),
  );
  ok(await h.run(id, "completeImplementation", {}, owner));
  ok(await h.run(id, "recordEffectivenessCheck", effectiveCheck, owner));
  return id;
}

export const dissemination = {
  dissemination: {
    recipients: ["Line 3 operators", "Supplier quality"],
    date: "2026-03-25",
    contentRef: "TRN-88",
  },
};
