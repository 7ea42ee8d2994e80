// Management-review metrics over a large CAPA history, in one run.
// Builds ~100,000 workflow events (CAPAs through the shipped definition's decider, over one year), then times
// projectCapaFacts + computeCapaMetrics for one quarter against the floor: a bare loop that only reads the same
// events. No target in the issue; reported for sizing. Prints Markdown.
import { performance } from "node:perf_hooks";
import { type Actor, createSignature, type StoredEvent, TestClock } from "@qmskit/core";
import {
  type DecideContext,
  decideCommand,
  evolve,
  signedRecordOf,
  type WorkflowState,
} from "@qmskit/workflow";
import { capaDefinition, computeCapaMetrics, projectCapaFacts, usFederalCalendar } from "../src/index.js";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const owner: Actor = { id: "u-olga", name: "Olga Owner", roles: ["qa", "capaOwner"] };
const approver: Actor = { id: "u-ann", name: "Ann Approver", roles: ["qaApprover"] };
const clock = new TestClock("2026-01-01T14:00:00Z");
const DAY = 86_400_000;

const open = (i: number) => ({
  title: `CAPA ${i}`,
  problemStatement: "p",
  ownerId: owner.id,
  sources: [
    {
      kind: (["complaint", "nonconformance", "auditFinding", "supplier"] as const)[i % 4],
      recordId: `S-${i}`,
    },
  ],
});
const plan = {
  actions: [
    {
      id: "A1",
      type: "corrective",
      description: "d",
      ownerId: owner.id,
      dueDate: "2026-12-31",
      acceptanceEvidence: "e",
    },
  ],
  effectivenessCriteria: [{ id: "EC1", description: "d", target: "t" }],
};
const check = (result: string) => ({
  result,
  observations: [{ criterionId: "EC1", met: result === "Effective", observation: "o" }],
  ...(result === "Effective"
    ? {
        noAdverseEffect: {
          device: true,
          regulatoryCompliance: true,
          safetyAndPerformance: true,
          rationale: "r",
        },
      }
    : {}),
  summary: "s",
});

const events: StoredEvent[] = [];
let position = 0;
function exec(
  id: string,
  state: WorkflowState | undefined,
  command: string,
  payload: unknown,
  actor: Actor,
  sign = false,
) {
  const now = clock.now();
  const ctx: DecideContext = {
    actor,
    now,
    recordId: id,
    calendars: { [usFederalCalendar.id]: usFederalCalendar },
    ...(sign && state
      ? { signatures: [createSignature(actor, "approval", signedRecordOf(state), { clock })] }
      : {}),
  };
  const d = decideCommand(capaDefinition, state, command, payload, ctx);
  if (!d.ok) throw new Error(`${command}: ${d.rejection.message}`);
  let s = state;
  for (const e of d.events) {
    position += 1;
    const stored: StoredEvent = {
      ...e,
      id: `e${position}`,
      position,
      streamId: id,
      version: (s?.version ?? 0) + 1,
      recordedAt: now.toISOString(),
      prevHash: "",
      hash: "",
    };
    events.push(stored);
    s = evolve(capaDefinition, s, stored);
  }
  return s!;
}

const t0 = performance.now();
let records = 0;
const start = Date.parse("2026-01-01T14:00:00Z");
while (events.length < TARGET_EVENTS) {
  const i = records++;
  const id = `CAPA-${i}`;
  clock.set(start + ((i * 7919) % 365) * DAY);
  let s = exec(id, undefined, "open", open(i), owner);
  s = exec(id, s, "acceptHigh", {}, owner);
  if (i % 5 === 0) continue; // left in investigation
  s = exec(id, s, "recordRootCause", { rootCause: { code: `RC-${i % 37}`, description: "d" } }, owner);
  s = exec(id, s, "completeInvestigation", {}, owner);
  s = exec(id, s, "submitPlan", plan, owner);
  s = exec(id, s, "approvePlan", {}, approver, true);
  clock.advance({ days: 10 });
  s = exec(
    id,
    s,
    "completeAction",
    { completion: { actionId: "A1", evidence: ["x"], completedOn: "2026-01-02" } },
    owner,
  );
  s = exec(id, s, "completeImplementation", {}, owner);
  clock.advance({ days: 20 });
  if (i % 3 === 0) {
    s = exec(id, s, "recordEffectivenessCheck", check("Ineffective"), owner);
    s = exec(
      id,
      s,
      "recordRootCause",
      { rootCause: { code: `RC-${(i + 1) % 37}`, description: "d" } },
      owner,
    );
    s = exec(id, s, "completeInvestigation", {}, owner);
    s = exec(id, s, "submitPlan", plan, owner);
    s = exec(id, s, "approvePlan", {}, approver, true);
    s = exec(id, s, "completeImplementation", {}, owner);
    clock.advance({ days: 20 });
  }
  s = exec(id, s, "recordEffectivenessCheck", check("Effective"), owner);
  s = exec(
    id,
    s,
    "recordDissemination",
    { dissemination: { recipients: ["r"], date: "2026-01-03", contentRef: "c" } },
    owner,
  );
  s = exec(id, s, "close", {}, approver, true);
}
const buildMs = performance.now() - t0;

const period = { from: "2026-04-01", to: "2026-07-01", zone: "America/New_York" };
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function time(fn: () => unknown, runs = 5): number {
  fn(); // warm-up
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const a = performance.now();
    fn();
    out.push(performance.now() - a);
  }
  return median(out);
}
let sink = 0;
const floorMs = time(() => {
  for (const e of events) sink += e.type.length + e.position;
});
let metrics = computeCapaMetrics([], period);
const metricsMs = time(() => {
  metrics = computeCapaMetrics(projectCapaFacts(events), period);
});
const rate = (ms: number) => Math.round(events.length / (ms / 1000));

console.log(
  `${records.toLocaleString("en-US")} CAPAs, ${events.length.toLocaleString("en-US")} events (built in ${(buildMs / 1000).toFixed(1)} s through the decider)\n`,
);
console.log("| step | median ms | events/s |");
console.log("|---|---|---|");
console.log(`| floor: read every event | ${floorMs.toFixed(1)} | ${rate(floorMs).toLocaleString("en-US")} |`);
console.log(
  `| projectCapaFacts + computeCapaMetrics (one quarter) | ${metricsMs.toFixed(1)} | ${rate(metricsMs).toLocaleString("en-US")} |`,
);
console.log(`\nmetrics ÷ floor speed: ${((floorMs / metricsMs) * 100).toFixed(1)}%`);
console.log(
  `check: opened ${metrics.openedInPeriod.length}, closed ${metrics.closedInPeriod.length}, open at end ${metrics.openAtEnd}, median days to close ${metrics.medianDaysToClose}, first-time pass ${metrics.firstTimeEffectiveness.rate?.toFixed(3)} (sink ${sink % 7})`,
);
