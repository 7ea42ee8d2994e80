import { capaDefinition, capaDueDates, usFederalCalendar } from "@qmskit/capa";
import { run } from "@qmskit/cli";
import { type Actor, createSignature, TestClock } from "@qmskit/core";
import { SqliteEventLog } from "@qmskit/store-sqlite";
import { type ExecuteResult, signedRecordOf, WorkflowRegistry, WorkflowService } from "@qmskit/workflow";

const ivy: Actor = { id: "u-ivy", name: "Ivy Initiator", roles: ["initiator"] };
const olga: Actor = { id: "u-olga", name: "Olga Owner", roles: ["qa", "capaOwner"] };
const ed: Actor = { id: "u-ed", name: "Ed Engineer", roles: ["qa"] };
const ann: Actor = { id: "u-ann", name: "Ann Approver", roles: ["qaApprover"] };
const dan: Actor = { id: "u-dan", name: "Dan Director", roles: ["qaApprover", "qa"] };

/**
 * The CAPA part of the README demo: one CAPA from opening to closure on the SQLite store at `dbFile`, with a
 * refused command (an action owner approving the plan) and an ineffective effectiveness check that sends
 * the CAPA back to investigation, then the management-review metrics through `qmskit capa metrics`.
 *
 * The demo runs on a test clock starting 5 Jan 2026, so the metrics show real durations.
 */
export async function capaDemo(dbFile: string): Promise<void> {
  const clock = new TestClock("2026-01-05T14:00:00Z");
  const log = SqliteEventLog.open(dbFile, { clock });
  const service = new WorkflowService({
    log,
    clock,
    registry: new WorkflowRegistry([capaDefinition]),
    calendars: [usFederalCalendar],
  });
  let n = 1;
  while ((await service.get(`CAPA-2026-${String(n).padStart(3, "0")}`)) !== undefined) n++;
  const id = `CAPA-2026-${String(n).padStart(3, "0")}`;

  const step = async (
    actor: Actor,
    command: string,
    payload: unknown = {},
    sign?: string,
  ): Promise<ExecuteResult> => {
    const state = await service.get(id);
    const signatures =
      sign && state ? [createSignature(actor, sign, signedRecordOf(state), { clock })] : undefined;
    const r = await service.execute(id, command, payload, {
      actor,
      workflow: "capa",
      ...(signatures ? { signatures } : {}),
    });
    const day = clock.now().toISOString().slice(0, 10);
    const who = actor.name.padEnd(13);
    if (r.ok) console.log(`  ${day}  ok       ${who} ${command.padEnd(25)} -> ${r.state.status}`);
    else
      console.log(
        `  ${day}  REFUSED  ${who} ${command.padEnd(25)} [${r.rejection.requirement}] ${r.rejection.message}`,
      );
    return r;
  };
  const plan = {
    actions: [
      {
        id: "A1",
        type: "corrective",
        description: "Raise the luer seal torque specification",
        ownerId: dan.id,
        dueDate: "2026-01-30",
        acceptanceEvidence: "Work instruction WI-22 rev C and torque validation report TV-9",
      },
    ],
    effectivenessCriteria: [
      { id: "EC1", description: "Leak complaints on lots built after the change", target: "0 in 30 days" },
    ],
  };

  console.log(`\n== CAPA: ${id} on ${dbFile} ==`);
  await step(ivy, "open", {
    title: "Leaking luer seals on infusion sets",
    problemStatement: "Three complaints of leaking luer seals in lot 4411",
    ownerId: olga.id,
    sources: [
      { kind: "complaint", recordId: "CMP-101" },
      { kind: "nonconformance", recordId: "NC-311" },
    ],
  });
  await step(ed, "acceptHigh");
  await step(olga, "recordRootCause", {
    rootCause: { code: "RC-TORQUE", description: "Seal torque specification too low" },
  });
  await step(olga, "completeInvestigation");
  await step(olga, "submitPlan", plan);
  // refused: Dan owns action A1, so he may not approve the plan that contains it (separation of duties, CAPA-13)
  await step(dan, "approvePlan", {}, "approval");
  await step(ann, "approvePlan", {}, "approval");
  clock.advance({ days: 10 });
  await step(ed, "completeAction", {
    completion: { actionId: "A1", evidence: ["WI-22 rev C", "TV-9"], completedOn: "2026-01-15" },
  });
  await step(olga, "completeImplementation");
  clock.advance({ days: 30 });
  // the first check fails: back to investigation, never to closed (CAPA-12)
  await step(olga, "recordEffectivenessCheck", {
    result: "Ineffective",
    observations: [{ criterionId: "EC1", met: false, observation: "Two leak complaints on lot 4502" }],
    summary: "Leaks continue after the torque change",
  });
  await step(olga, "recordRootCause", {
    rootCause: { code: "RC-SUPPLIER-SEAL", description: "Seal hardness varies between supplier lots" },
  });
  await step(olga, "completeInvestigation");
  await step(olga, "submitPlan", {
    ...plan,
    actions: [
      ...plan.actions,
      {
        id: "A2",
        type: "preventive",
        description: "Add seal hardness to the incoming inspection plan",
        ownerId: ed.id,
        dueDate: "2026-02-28",
        acceptanceEvidence: "Inspection plan IP-7 rev D",
      },
    ],
  });
  await step(ann, "approvePlan", {}, "approval");
  clock.advance({ days: 7 });
  await step(ed, "completeAction", {
    completion: { actionId: "A2", evidence: ["IP-7 rev D"], completedOn: "2026-02-20" },
  });
  await step(olga, "completeImplementation");
  await step(olga, "recordDissemination", {
    dissemination: {
      recipients: ["Line 3 operators", "Incoming inspection"],
      date: "2026-02-21",
      contentRef: "TRN-88",
    },
  });
  clock.advance({ days: 30 });
  await step(olga, "recordEffectivenessCheck", {
    result: "Effective",
    observations: [{ criterionId: "EC1", met: true, observation: "No leak complaints in 30 days" }],
    noAdverseEffect: {
      device: true,
      regulatoryCompliance: true,
      safetyAndPerformance: true,
      rationale: "Specification and inspection changes only; verified against the design inputs",
    },
    summary: "Criteria met",
  });
  const closed = await step(ann, "close", {}, "approval");
  if (closed.ok) {
    const due = capaDueDates(closed.state);
    const events = await log.read(id);
    console.log(
      `  ${id} closed; due ${due.originalDueDate}, ${events.length} events, ${closed.state.rejections} refused command(s) in its audit trail`,
    );
  }
  await log.close();

  console.log(
    "\n$ qmskit capa metrics --db <file> --from 2026-01-01 --to 2026-04-01 --zone America/New_York",
  );
  await run([
    "node",
    "qmskit",
    "capa",
    "metrics",
    "--db",
    dbFile,
    "--from",
    "2026-01-01",
    "--to",
    "2026-04-01",
    "--zone",
    "America/New_York",
  ]);
}
