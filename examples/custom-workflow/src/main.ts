import { capaDefinition, capaDueDates, usFederalCalendar } from "@qmskit/capa";
import { type Actor, createSignature, InMemoryEventLog, sequentialIds, TestClock } from "@qmskit/core";
import {
  type ExecuteResult,
  signedRecordOf,
  toMermaid,
  WorkflowRegistry,
  WorkflowService,
} from "@qmskit/workflow";
import { scarDefinition } from "./scar.js";

// People at ACME. Roles come from the shipped CAPA definition, plus the host's `supplierQuality`.
const sam: Actor = {
  id: "u-sam",
  name: "Sam Supplier-Quality",
  roles: ["supplierQuality", "qa", "capaOwner", "qaApprover"],
};
const olga: Actor = { id: "u-olga", name: "Olga Owner", roles: ["qa", "capaOwner"] };
const ann: Actor = { id: "u-ann", name: "Ann Approver", roles: ["qaApprover"] };

const clock = new TestClock("2026-03-02T14:00:00Z");
const log = new InMemoryEventLog({ clock, ids: sequentialIds("evt") });
const service = new WorkflowService({
  log,
  clock,
  // the shipped CAPA and the host's extension live side by side
  registry: new WorkflowRegistry([capaDefinition, scarDefinition]),
  calendars: [usFederalCalendar],
});

const id = "SCAR-2026-007";

async function step(actor: Actor, command: string, payload: unknown = {}, sign?: string, reason?: string) {
  const state = await service.get(id);
  const signatures =
    sign && state ? [createSignature(actor, sign, signedRecordOf(state), { clock })] : undefined;
  const r: ExecuteResult = await service.execute(id, command, payload, {
    actor,
    workflow: scarDefinition.id,
    ...(signatures ? { signatures } : {}),
    ...(reason ? { reason } : {}),
  });
  const who = actor.name.padEnd(22);
  if (r.ok) console.log(`  ok       ${who} ${command.padEnd(26)} -> ${r.state.status}`);
  else
    console.log(
      `  REFUSED  ${who} ${command.padEnd(26)} [${r.rejection.requirement}] ${r.rejection.message}`,
    );
  return r;
}

console.log(`== ${scarDefinition.title} (${scarDefinition.id} v${scarDefinition.version}) ==`);
console.log(`extends ${scarDefinition.extends?.id} v${scarDefinition.extends?.version} without forking it\n`);
console.log(toMermaid(scarDefinition));

console.log(`\n== ${id}: a supplier's seal lot causes leaks ==`);
await step(sam, "open", {
  title: "Leaking luer seals from supplier lot S-889",
  problemStatement: "Incoming inspection found 4% of seals out of tolerance",
  ownerId: olga.id,
  sources: [
    { kind: "supplier", recordId: "SUP-ACME-SEALS" },
    { kind: "nonconformance", recordId: "NC-311" },
  ],
});
await step(sam, "acceptHigh");
await step(sam, "issueScar", {
  supplier: { id: "SUP-ACME-SEALS", name: "Seal Supplier GmbH", contact: "quality@seal-supplier.example" },
});
const waiting = await service.get(id);
console.log(
  `  supplier answer due ${waiting?.deadlines.supplierAnswer?.dueDate} (${waiting?.deadlines.supplierAnswer?.zone})`,
);

clock.advance({ days: 12 });
await step(sam, "receiveSupplierResponse", {
  supplierResponse: {
    containment: "Lot S-889 recalled from stock; 100% inspection of lots S-890..S-895",
    rootCause: "Mould cavity 3 worn beyond limit",
    correctiveAction: "Cavity replaced; preventive tool-life limit added to the control plan",
    documentRef: "8D-SSG-2026-14",
  },
});
// the host's rule: only supplier quality can accept, with a signature
await step(olga, "acceptSupplierResponse", {}, "approval");
await step(sam, "acceptSupplierResponse", {}, "approval");

// from here on, the shipped CAPA lifecycle and its rules
await step(olga, "recordRootCause", {
  rootCause: { code: "RC-SUPPLIER-TOOLING", description: "Worn mould cavity at the supplier" },
});
await step(olga, "completeInvestigation");
await step(olga, "submitPlan", {
  actions: [
    {
      id: "A1",
      type: "corrective",
      description: "Tighten incoming inspection of seals to AQL 0.65 for 3 lots",
      ownerId: sam.id,
      dueDate: "2026-04-10",
      acceptanceEvidence: "Inspection records of lots S-896..S-898",
    },
  ],
  effectivenessCriteria: [
    { id: "EC1", description: "Out-of-tolerance seals at incoming", target: "0 in 3 lots" },
  ],
});
// CAPA-13 from the shipped definition still applies: Sam owns an action in the plan
await step(sam, "approvePlan", {}, "approval");
await step(ann, "approvePlan", {}, "approval");
await step(sam, "completeAction", {
  completion: { actionId: "A1", evidence: ["IQC-896", "IQC-897", "IQC-898"], completedOn: "2026-04-08" },
});
await step(olga, "completeImplementation");
clock.advance({ days: 45 });
await step(olga, "recordEffectivenessCheck", {
  result: "Effective",
  observations: [{ criterionId: "EC1", met: true, observation: "0 of 3,600 seals out of tolerance" }],
  noAdverseEffect: {
    device: true,
    regulatoryCompliance: true,
    safetyAndPerformance: true,
    rationale: "Inspection change only; no design or process change",
  },
  summary: "Supplier fix effective",
});
await step(ann, "close", {}, "approval");
await step(olga, "recordDissemination", {
  dissemination: {
    recipients: ["Incoming inspection", "Purchasing"],
    date: "2026-05-28",
    contentRef: "MEMO-51",
  },
});
const closed = await step(ann, "close", {}, "approval");

if (closed.ok) {
  const s = closed.state;
  const due = capaDueDates(s);
  console.log(`\n${id} is ${s.status} on ${s.workflow.id} v${s.workflow.version}`);
  console.log(
    `  supplier: ${(s.fields.supplier as { name: string }).name}, response accepted: ${s.fields.supplierResponseAccepted}`,
  );
  console.log(`  original due date ${due.originalDueDate}, extensions ${due.extensionCount}`);
  const events = await log.read(id);
  const refusals = events.filter((e) => e.type === "workflow.command-rejected").length;
  console.log(`  ${events.length} events in the audit trail, ${refusals} of them refused commands`);
} else {
  process.exitCode = 1;
}
