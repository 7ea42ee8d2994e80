import { checkDefinition, type LinkedRecord, replay, WorkflowEventType } from "@qmskit/workflow";
import { describe, expect, it } from "vitest";
import {
  CAPA_SOURCE_KINDS,
  capaDefinition,
  capaDueDates,
  capaMetricsFromLog,
  createCapaDefinition,
} from "../src/index.js";
import {
  approver,
  approver2,
  capaToEffective,
  dissemination,
  effectiveCheck,
  engineer,
  harness,
  ineffectiveCheck,
  initiator,
  ok,
  openPayload,
  outsider,
  owner,
  plan,
  refused,
} from "./support.js";

async function toInvestigation(h: ReturnType<typeof harness>, id = "CAPA-1") {
  ok(await h.run(id, "open", openPayload, initiator, { workflow: "capa" }));
  ok(await h.run(id, "acceptHigh", {}, engineer));
  return id;
}

async function toPlanning(h: ReturnType<typeof harness>, id = "CAPA-1") {
  await toInvestigation(h, id);
  ok(
    await h.run(
      id,
      "recordRootCause",
      { rootCause: { code: "RC-TORQUE", description: "Torque low" } },
      owner,
    ),
  );
  ok(await h.run(id, "completeInvestigation", {}, owner));
  return id;
}

async function toImplementation(h: ReturnType<typeof harness>, id = "CAPA-1") {
  await toPlanning(h, id);
  ok(await h.run(id, "submitPlan", plan, owner));
  ok(await h.run(id, "approvePlan", {}, approver, { sign: "approval" }));
  return id;
}

async function toEffectivenessCheck(h: ReturnType<typeof harness>, id = "CAPA-1") {
  await toImplementation(h, id);
  const completion = { actionId: "A1", evidence: ["WI-22 rev C"], completedOn: "2026-03-20" };
  ok(await h.run(id, "completeAction", { completion }, engineer));
  ok(await h.run(id, "completeImplementation", {}, owner));
  return id;
}

describe("CAPA definition", () => {
  it("passes the engine's static checks (reachability, no dead ends, declared roles)", () => {
    expect(checkDefinition(capaDefinition)).toEqual([]);
    expect(capaDefinition.terminal).toEqual(["closed", "declined", "cancelled"]);
  });

  it("CAPA-01: a CAPA must reference at least one typed source record", async () => {
    const h = harness();
    const none = refused(
      await h.run("C1", "open", { ...openPayload, sources: [] }, initiator, { workflow: "capa" }),
      "P11-08",
    );
    expect(none.code).toBe("INVALID_PAYLOAD");
    expect(JSON.stringify(none.details)).toContain("CAPA-01");
    const untyped = await h.run(
      "C2",
      "open",
      { ...openPayload, sources: [{ kind: "rumour", recordId: "X" }] },
      initiator,
      { workflow: "capa" },
    );
    expect(untyped.ok).toBe(false);
    // every typed kind is accepted (a cybersecurity source with its reference)
    for (const kind of CAPA_SOURCE_KINDS) {
      const source =
        kind === "cybersecurity"
          ? {
              kind,
              recordId: "VULN-7",
              vulnerabilityRef: "CVE-2026-1234",
              risk: "controlled",
              awareAt: "2026-03-01T10:00:00Z",
            }
          : { kind, recordId: `${kind}-1` };
      const s = ok(
        await h.run(`C-${kind}`, "open", { ...openPayload, sources: [source] }, initiator, {
          workflow: "capa",
        }),
      );
      expect((s.fields.sources as { kind: string }[])[0]?.kind).toBe(kind);
    }
  });

  it("CAPA-01: a cybersecurity source needs its vulnerability or finding reference", async () => {
    const h = harness();
    const r = await h.run(
      "C1",
      "open",
      {
        ...openPayload,
        sources: [
          { kind: "cybersecurity", recordId: "V1", risk: "controlled", awareAt: "2026-03-01T10:00:00Z" },
        ],
      },
      initiator,
      { workflow: "capa" },
    );
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r.ok ? {} : r.rejection.details)).toContain("vulnerabilityRef");
  });

  it("CAPA-03: leaving investigation needs a root cause or a signed justification", async () => {
    const h = harness();
    const id = await toInvestigation(h);
    refused(await h.run(id, "completeInvestigation", {}, owner), "CAPA-03");
    expect((await h.state(id)).status).toBe("investigation");
    // a justification without a signature is refused
    refused(
      await h.run(id, "justifyNoRootCause", { rootCauseJustification: "Single event, no pattern" }, owner),
      "CAPA-03",
    );
    ok(
      await h.run(id, "justifyNoRootCause", { rootCauseJustification: "Single event, no pattern" }, owner, {
        sign: "responsibility",
      }),
    );
    expect(ok(await h.run(id, "completeInvestigation", {}, owner)).status).toBe("planning");

    const h2 = harness();
    const id2 = await toInvestigation(h2);
    ok(
      await h2.run(id2, "recordRootCause", { rootCause: { code: "RC-1", description: "Worn tool" } }, owner),
    );
    expect(ok(await h2.run(id2, "completeInvestigation", {}, owner)).status).toBe("planning");
  });

  it("CAPA-12: after a failed check, the new investigation round needs its own root cause or justification", async () => {
    const h = harness();
    const id = await toEffectivenessCheck(h);
    ok(await h.run(id, "recordEffectivenessCheck", ineffectiveCheck, owner));
    // the root cause of the first round does not close the second
    refused(await h.run(id, "completeInvestigation", {}, owner), "CAPA-03");
    ok(
      await h.run(
        id,
        "recordRootCause",
        { rootCause: { code: "RC-SUPPLIER", description: "Seal lot variation" } },
        owner,
      ),
    );
    expect(ok(await h.run(id, "completeInvestigation", {}, owner)).status).toBe("planning");
    expect((await h.state(id)).fields.rootCauses).toHaveLength(2);
  });

  it("CAPA-04: plan approval needs at least one complete action or a signed no-action evaluation", async () => {
    const h = harness();
    const id = await toPlanning(h);
    refused(
      await h.run(id, "submitPlan", { effectivenessCriteria: plan.effectivenessCriteria }, owner),
      "CAPA-04",
    );
    // an action without owner, due date or acceptance evidence is refused
    for (const key of ["ownerId", "dueDate", "acceptanceEvidence", "type"]) {
      const action: Record<string, unknown> = { ...plan.actions[0] };
      delete action[key];
      const r = await h.run(id, "submitPlan", { ...plan, actions: [action] }, owner);
      expect(r.ok ? "passed" : r.rejection.code, key).toBe("INVALID_PAYLOAD");
    }
    expect((await h.state(id)).status).toBe("planning");
    refused(
      await h.run(
        id,
        "evaluateNoActionNeeded",
        { noActionEvaluation: "Isolated; correction suffices" },
        owner,
      ),
      "CAPA-04",
    );
    ok(
      await h.run(
        id,
        "evaluateNoActionNeeded",
        { noActionEvaluation: "Isolated; correction suffices" },
        owner,
        { sign: "responsibility" },
      ),
    );
    const s = ok(await h.run(id, "submitPlan", { effectivenessCriteria: plan.effectivenessCriteria }, owner));
    expect(s.status).toBe("planApproval");
  });

  it("CAPA-05: effectiveness criteria are set in the plan, before the check", async () => {
    const h = harness();
    const id = await toPlanning(h);
    const r = await h.run(id, "submitPlan", { actions: plan.actions, effectivenessCriteria: [] }, owner);
    expect(r.ok).toBe(false);
    const h2 = harness();
    const id2 = await toEffectivenessCheck(h2);
    // the check must report on exactly the criteria set in advance
    const other = {
      ...effectiveCheck,
      observations: [{ criterionId: "EC9", met: true, observation: "made up later" }],
    };
    refused(await h2.run(id2, "recordEffectivenessCheck", other, owner), "CAPA-05");
    expect((await h2.state(id2)).status).toBe("effectivenessCheck");
  });

  it("CAPA-05: an Effective check needs the no-adverse-effect assessment and every criterion met", async () => {
    const h = harness();
    const id = await toEffectivenessCheck(h);
    const { noAdverseEffect: _omitted, ...withoutAssessment } = effectiveCheck;
    const r1 = await h.run(id, "recordEffectivenessCheck", withoutAssessment, owner);
    expect(r1.ok ? "" : JSON.stringify(r1.rejection.details)).toContain("CAPA-05");
    const adverse = {
      ...effectiveCheck,
      noAdverseEffect: { ...effectiveCheck.noAdverseEffect, safetyAndPerformance: false },
    };
    expect((await h.run(id, "recordEffectivenessCheck", adverse, owner)).ok).toBe(false);
    const unmet = {
      ...effectiveCheck,
      observations: [{ criterionId: "EC1", met: false, observation: "1 leak" }],
    };
    expect((await h.run(id, "recordEffectivenessCheck", unmet, owner)).ok).toBe(false);
    expect((await h.state(id)).status).toBe("effectivenessCheck");
  });

  it("CAPA-05: close is rejected without an Effective effectiveness check", async () => {
    const h = harness();
    const id = await toEffectivenessCheck(h);
    ok(await h.run(id, "recordDissemination", dissemination, owner));
    const r = refused(await h.run(id, "close", {}, approver, { sign: "approval" }), "P11-07");
    expect(r.code).toBe("INVALID_STATE");
    ok(await h.run(id, "recordEffectivenessCheck", ineffectiveCheck, owner));
    expect((await h.state(id)).status).toBe("investigation");
    refused(await h.run(id, "close", {}, approver, { sign: "approval" }), "P11-07");
  });

  it("CAPA-06: close is rejected while a linked change control is not effective", async () => {
    const states: Record<string, string> = { "CC-9": "approved", "DOC-4": "effective" };
    const lookup = async (refs: readonly { id: string }[]) => {
      const out: Record<string, LinkedRecord | null> = {};
      for (const r of refs) out[r.id] = states[r.id] ? { id: r.id, state: states[r.id]! } : null;
      return out;
    };
    const h = harness({ lookup });
    const id = await toImplementation(h);
    ok(await h.run(id, "linkChange", { change: { recordType: "changeControl", recordId: "CC-9" } }, owner));
    ok(await h.run(id, "linkChange", { change: { recordType: "document", recordId: "DOC-4" } }, owner));
    const completion = { actionId: "A1", evidence: ["WI-22 rev C"], completedOn: "2026-03-20" };
    ok(await h.run(id, "completeAction", { completion }, engineer));
    ok(await h.run(id, "completeImplementation", {}, owner));
    ok(await h.run(id, "recordEffectivenessCheck", effectiveCheck, owner));
    ok(await h.run(id, "recordDissemination", dissemination, owner));
    const r = refused(await h.run(id, "close", {}, approver, { sign: "approval" }), "CAPA-06");
    expect(r.details).toMatchObject({ id: "CC-9", state: "approved" });
    states["CC-9"] = "effective";
    expect(ok(await h.run(id, "close", {}, approver, { sign: "approval" })).status).toBe("closed");
  });

  it("CAPA-07: close is rejected until a dissemination record exists", async () => {
    const h = harness();
    const id = await capaToEffective(h);
    refused(await h.run(id, "close", {}, approver, { sign: "approval" }), "CAPA-07");
    const bad = await h.run(
      id,
      "recordDissemination",
      { dissemination: { recipients: [], date: "2026-03-25", contentRef: "TRN-88" } },
      owner,
    );
    expect(bad.ok).toBe(false);
    ok(await h.run(id, "recordDissemination", dissemination, owner));
    const s = ok(await h.run(id, "close", {}, approver, { sign: "approval" }));
    expect(s.status).toBe("closed");
    expect(s.fields.disseminations).toEqual([dissemination.dissemination]);
  });

  it("CAPA-08: a CAPA carries the management review it was reported to, also after closure", async () => {
    const h = harness();
    const id = await capaToEffective(h);
    ok(await h.run(id, "recordDissemination", dissemination, owner));
    ok(await h.run(id, "close", {}, approver, { sign: "approval" }));
    const s = ok(
      await h.run(id, "flagForManagementReview", { managementReview: { reviewId: "MR-2026-1" } }, engineer),
    );
    expect(s.status).toBe("closed");
    expect(s.fields.managementReviews).toEqual([{ reviewId: "MR-2026-1" }]);
    const m = await capaMetricsFromLog(h.log, {
      from: "2026-03-01",
      to: "2026-04-01",
      zone: "America/New_York",
    });
    expect(m.flaggedForManagementReview).toEqual({ "MR-2026-1": [id] });
    expect(m.openedInPeriod).toEqual([id]);
    expect(m.closedInPeriod).toEqual([id]);
  });

  it("CAPA-09: every change and refusal is an event, and replay rebuilds the record exactly", async () => {
    const h = harness();
    const id = await capaToEffective(h);
    refused(await h.run(id, "close", {}, approver, { sign: "approval" }), "CAPA-07");
    const events = await h.log.read(id);
    expect(events.filter((e) => e.type === WorkflowEventType.commandRejected)).toHaveLength(1);
    expect(replay(events, capaDefinition)).toEqual(await h.state(id));
    const executed = events.filter((e) => e.type === WorkflowEventType.commandExecuted);
    expect(executed.map((e) => (e.data as { command: string }).command)).toEqual([
      "open",
      "acceptHigh",
      "recordRootCause",
      "completeInvestigation",
      "submitPlan",
      "approvePlan",
      "completeAction",
      "completeImplementation",
      "recordEffectivenessCheck",
    ]);
  });

  it("CAPA-10: the target date follows the priority policy, and an overdue CAPA escalates to defined roles", async () => {
    const h = harness();
    ok(await h.run("C-crit", "open", openPayload, initiator, { workflow: "capa" }));
    ok(await h.run("C-low", "open", openPayload, initiator, { workflow: "capa" }));
    // accepted Mon 2026-03-02 09:00 New York
    const crit = ok(await h.run("C-crit", "acceptCritical", {}, engineer));
    const low = ok(await h.run("C-low", "acceptLow", {}, engineer));
    expect(crit.fields.priority).toBe("critical");
    expect(capaDueDates(crit).originalDueDate).toBe("2026-03-17"); // 15 calendar days
    expect(capaDueDates(low).originalDueDate).toBe("2026-05-31"); // 90 calendar days
    expect(crit.deadlines.target?.dueAt).toBe("2026-03-18T03:59:59.999Z"); // end of the local day (EDT)
    // overdue after the due day, escalated 5 business days later
    h.clock.set("2026-03-18T12:00:00Z");
    const t1 = await h.service.tick();
    expect(t1.events.map((e) => e.type)).toContain(WorkflowEventType.deadlineOverdue);
    expect(t1.events.map((e) => e.type)).not.toContain(WorkflowEventType.deadlineEscalated);
    h.clock.set("2026-03-26T12:00:00Z");
    const t2 = await h.service.tick();
    const escalated = t2.events.find((e) => e.type === WorkflowEventType.deadlineEscalated);
    expect(escalated?.streamId).toBe("C-crit");
    expect((escalated?.data as { roles?: string[] } | undefined)?.roles).toEqual(["qaApprover"]);
  });

  it("CAPA-11: the due date changes only through an approved extension; original and extended dates are kept", async () => {
    const h = harness();
    const id = await toInvestigation(h);
    const original = capaDueDates(await h.state(id));
    expect(original).toMatchObject({
      originalDueDate: "2026-04-01",
      currentDueDate: "2026-04-01",
      extensionCount: 0,
    });
    // no command sets the due date directly
    for (const command of ["acceptHigh", "acceptLow"])
      refused(await h.run(id, command, {}, engineer), "P11-07");
    // approval needs a pending request
    refused(
      await h.run(
        id,
        "approveExtension",
        { extensionDecision: { newDueDate: "2026-05-15", approved: true } },
        approver,
        { sign: "approval" },
      ),
      "CAPA-11",
    );
    const request = {
      extensionRequest: { newDueDate: "2026-05-15", justification: "Supplier tooling delayed" },
    };
    expect(
      (await h.run(id, "requestExtension", { extensionRequest: { newDueDate: "2026-05-15" } }, owner)).ok,
    ).toBe(false);
    ok(await h.run(id, "requestExtension", request, owner));
    refused(await h.run(id, "requestExtension", request, owner), "CAPA-11");
    // the approver must approve the requested date, with a signature, and not be the requester
    refused(
      await h.run(
        id,
        "approveExtension",
        { extensionDecision: { newDueDate: "2026-06-15", approved: true } },
        approver,
        { sign: "approval" },
      ),
      "CAPA-11",
    );
    refused(
      await h.run(
        id,
        "approveExtension",
        { extensionDecision: { newDueDate: "2026-05-15", approved: true } },
        approver,
      ),
      "CAPA-11",
    );
    const s = ok(
      await h.run(
        id,
        "approveExtension",
        { extensionDecision: { newDueDate: "2026-05-15", approved: true } },
        approver,
        { sign: "approval" },
      ),
    );
    expect(capaDueDates(s)).toEqual({
      originalDueDate: "2026-04-01",
      originalDueAt: "2026-04-02T03:59:59.999Z",
      currentDueDate: "2026-05-15",
      currentDueAt: "2026-05-16T03:59:59.999Z",
      extensionCount: 1,
    });
    expect(s.deadlines.target?.status).toBe("stopped");
    // a second request can be rejected, with a reason; the dates stay
    ok(
      await h.run(
        id,
        "requestExtension",
        { extensionRequest: { newDueDate: "2026-07-01", justification: "More time" } },
        owner,
      ),
    );
    refused(
      await h.run(
        id,
        "rejectExtension",
        { extensionDecision: { newDueDate: "2026-07-01", approved: false } },
        approver,
      ),
      "P11-08",
    );
    const after = ok(
      await h.run(
        id,
        "rejectExtension",
        { extensionDecision: { newDueDate: "2026-07-01", approved: false } },
        approver,
        { reason: "No" },
      ),
    );
    expect(capaDueDates(after)).toMatchObject({
      originalDueDate: "2026-04-01",
      currentDueDate: "2026-05-15",
      extensionCount: 1,
    });
  });

  it("CAPA-11: an extension's requester may not approve it", async () => {
    const h = harness();
    const id = await toInvestigation(h);
    const date = "2026-05-15";
    ok(
      await h.run(
        id,
        "requestExtension",
        { extensionRequest: { newDueDate: date, justification: "Tooling" } },
        approver2,
      ),
    );
    const r = refused(
      await h.run(
        id,
        "approveExtension",
        { extensionDecision: { newDueDate: date, approved: true } },
        approver2,
        { sign: "approval" },
      ),
      "CAPA-13",
    );
    expect(r.code).toBe("SEPARATION_OF_DUTIES");
  });

  it("CAPA-12: an Ineffective or Inconclusive check returns to investigation by default, never to closed", async () => {
    for (const result of ["Ineffective", "Inconclusive"]) {
      const h = harness();
      const id = await toEffectivenessCheck(h);
      const s = ok(await h.run(id, "recordEffectivenessCheck", { ...ineffectiveCheck, result }, owner));
      expect(s.status).toBe("investigation");
    }
  });

  it("CAPA-12: the return state is configurable (planning)", async () => {
    const def = createCapaDefinition({ id: "capa-planning-loop", failedCheckReturnsTo: "planning" });
    const h = harness({ definitions: [def] });
    ok(await h.run("C1", "open", openPayload, initiator, { workflow: def.id }));
    ok(await h.run("C1", "acceptMedium", {}, engineer));
    ok(await h.run("C1", "recordRootCause", { rootCause: { code: "RC", description: "x" } }, owner));
    ok(await h.run("C1", "completeInvestigation", {}, owner));
    ok(await h.run("C1", "submitPlan", plan, owner));
    ok(await h.run("C1", "approvePlan", {}, approver, { sign: "approval" }));
    ok(
      await h.run(
        "C1",
        "completeAction",
        { completion: { actionId: "A1", evidence: ["e"], completedOn: "2026-03-03" } },
        engineer,
      ),
    );
    ok(await h.run("C1", "completeImplementation", {}, owner));
    const s = ok(
      await h.run("C1", "recordEffectivenessCheck", { ...ineffectiveCheck, result: "Inconclusive" }, owner),
    );
    expect(s.status).toBe("planning");
    // the next loop needs a new check against the criteria: back through approval and implementation
    ok(await h.run("C1", "submitPlan", plan, owner));
    ok(await h.run("C1", "approvePlan", {}, approver, { sign: "approval" }));
    ok(await h.run("C1", "completeImplementation", {}, owner));
    expect(ok(await h.run("C1", "recordEffectivenessCheck", effectiveCheck, owner)).status).toBe("effective");
  });

  it("CAPA-13: the plan approver must not be the CAPA owner or an action owner", async () => {
    const h = harness();
    const id = await toPlanning(h);
    const ownedByApprover = { ...plan, actions: [{ ...plan.actions[0]!, ownerId: approver2.id }] };
    ok(await h.run(id, "submitPlan", ownedByApprover, owner));
    const r = refused(await h.run(id, "approvePlan", {}, approver2, { sign: "approval" }), "CAPA-13");
    expect(r.code).toBe("SEPARATION_OF_DUTIES");
    const h2 = harness();
    ok(
      await h2.run("C2", "open", { ...openPayload, ownerId: approver2.id }, initiator, { workflow: "capa" }),
    );
    ok(await h2.run("C2", "acceptHigh", {}, engineer));
    ok(await h2.run("C2", "recordRootCause", { rootCause: { code: "RC", description: "x" } }, approver2));
    ok(await h2.run("C2", "completeInvestigation", {}, approver2));
    ok(await h2.run("C2", "submitPlan", plan, approver2));
    refused(await h2.run("C2", "approvePlan", {}, approver2, { sign: "approval" }), "CAPA-13");
    // an independent approver may approve
    expect(ok(await h2.run("C2", "approvePlan", {}, approver, { sign: "approval" })).status).toBe(
      "implementation",
    );
  });

  it("P11-07: a command not permitted in the current state is refused, logged, and changes nothing", async () => {
    const h = harness();
    const id = await toInvestigation(h);
    const before = await h.state(id);
    const r = refused(await h.run(id, "approvePlan", {}, approver, { sign: "approval" }), "P11-07");
    expect(r.code).toBe("INVALID_STATE");
    const after = await h.state(id);
    expect({ ...after, version: 0, rejections: 0 }).toEqual({ ...before, version: 0, rejections: 0 });
    expect(after.rejections).toBe(1);
    // implementation cannot be completed before the plan is approved (sequencing)
    refused(await h.run(id, "completeImplementation", {}, owner), "P11-07");
  });

  it("P11-08: a user without the role is refused and the refusal is logged", async () => {
    const h = harness();
    ok(await h.run("C1", "open", openPayload, initiator, { workflow: "capa" }));
    const r = refused(await h.run("C1", "acceptHigh", {}, outsider), "P11-08");
    expect(r.code).toBe("ROLE");
    const logged = (await h.log.read("C1")).at(-1);
    expect(logged?.type).toBe(WorkflowEventType.commandRejected);
    expect(logged?.actor.id).toBe(outsider.id);
    refused(await h.run("C1", "acceptHigh", {}, initiator), "P11-08");
  });

  it("SEC-09: an uncontrolled cybersecurity risk carries 30- and 60-day deadlines from awareness", async () => {
    const h = harness();
    const vulnerability = {
      kind: "cybersecurity",
      recordId: "VULN-42",
      vulnerabilityRef: "CVE-2026-4242",
      risk: "uncontrolled",
      awareAt: "2026-02-27T15:00:00Z",
    };
    // a plain open refuses an uncontrolled risk, so the deadlines cannot be skipped
    const plain = await h.run("S0", "open", { ...openPayload, sources: [vulnerability] }, initiator, {
      workflow: "capa",
    });
    expect(plain.ok ? "" : JSON.stringify(plain.rejection.details)).toContain("SEC-09");
    const s = ok(
      await h.run(
        "S1",
        "openCybersecurity",
        { ...openPayload, sources: [], vulnerability, isaoParticipation: true },
        initiator,
        { workflow: "capa" },
      ),
    );
    expect(s.deadlines.customerCommunication?.dueDate).toBe("2026-03-29");
    expect(s.deadlines.remediation?.dueDate).toBe("2026-04-28");
    expect((s.fields.sources as { kind: string }[]).map((x) => x.kind)).toEqual(["cybersecurity"]);
    const c = ok(
      await h.run(
        "S1",
        "recordCustomerCommunication",
        { customerCommunication: { date: "2026-03-10", contentRef: "CSN-3" } },
        engineer,
      ),
    );
    expect(c.deadlines.customerCommunication?.status).toBe("stopped");
    expect(c.deadlines.remediation?.status).toBe("running");
    // a CAPA without an uncontrolled risk has no such obligation to record
    ok(await h.run("S2", "open", openPayload, initiator, { workflow: "capa" }));
    refused(
      await h.run(
        "S2",
        "recordCustomerCommunication",
        { customerCommunication: { date: "2026-03-10", contentRef: "X" } },
        engineer,
      ),
      "SEC-09",
    );
  });
});
