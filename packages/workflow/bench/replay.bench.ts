// Workflow replay and decide latency, in one run.
// 1. Replay of 100,000 workflow events (1,000 records × 100 events) from the in-memory log into state, against
//    the floor: a bare loop that only reads the same events from the same log. Target: replay ≥ 25% of the
//    floor's speed (events/s).
// 2. `decide` p99 on a record with 500 events (a signed approval with role, signature, separation of duties
//    and a deadline start). Target: p99 < 1 ms.
// Prints Markdown.
import { performance } from "node:perf_hooks";
import {
  createSignature,
  type EventToAppend,
  InMemoryEventLog,
  sequentialIds,
  TestClock,
} from "@qmskit/core";
import { z } from "zod";
import {
  createBusinessCalendar,
  type DecideContext,
  decide,
  decideCommand,
  defineWorkflow,
  evolve,
  replay,
  replayAll,
  signedRecordOf,
  type WorkflowState,
} from "../src/index.js";

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1000);
const PER_RECORD = 100;
const author = { id: "u-author", name: "Ada Author", roles: ["engineer"] };
const qa = { id: "u-qa", name: "Quinn QA", roles: ["qa"] };
const calendar = createBusinessCalendar({
  id: "us",
  version: "2026.1",
  zone: "America/New_York",
  holidays: { country: "US" },
});

const review = defineWorkflow({
  id: "bench-review",
  version: 1,
  states: ["open", "review", "approved"],
  terminal: ["approved"],
  roles: ["engineer", "qa"],
  calendar: "us",
  commands: {
    create: {
      creates: true,
      to: "open",
      payload: z.object({ title: z.string(), owner: z.string() }),
      assign: "payload",
    },
    edit: { from: ["open"], payload: z.object({ text: z.string(), n: z.number() }), assign: "payload" },
    submit: { from: ["open"], to: "review", requires: [{ kind: "role", anyOf: ["engineer"] }] },
    rework: { from: ["review"], to: "open", payload: z.object({ comment: z.string() }), assign: ["comment"] },
    approve: {
      from: ["review"],
      to: "approved",
      requires: [
        { kind: "role", anyOf: ["qa"] },
        { kind: "signature", meaning: "approval" },
        { kind: "separation", against: { field: "owner" } },
        { kind: "separation", against: { command: "submit" } },
      ],
      deadlines: {
        start: [{ name: "effectiveness", policy: { id: "eff-30", unit: "businessDay", amount: 30 } }],
      },
    },
  },
});

const clock = new TestClock("2026-03-02T15:00:00Z", { stepMs: 1000 });
const ctx = (actor = author, extra: Partial<DecideContext> = {}): DecideContext => ({
  actor,
  now: clock.now(),
  recordId: "r",
  calendars: { us: calendar },
  ...extra,
});

/** Events of one record: create, then a cycle of edits, submit and rework (decided and folded for real). */
function recordEvents(recordId: string, count: number): { events: EventToAppend[]; state: WorkflowState } {
  const events: EventToAppend[] = [];
  let state: WorkflowState | undefined;
  const step = (command: string, payload: unknown, actor = author) => {
    const d = decideCommand(review, state, command, payload, { ...ctx(actor), recordId });
    if (!d.ok) throw new Error(`${command}: ${d.rejection.message}`);
    for (const e of d.events) {
      events.push(e);
      state = evolve(review, state, e);
    }
  };
  step("create", { title: `Record ${recordId}`, owner: author.id });
  while (events.length < count) {
    const i = events.length % 10;
    if (state?.status === "review") step("rework", { comment: `round ${events.length}` });
    else if (i === 9) step("submit", undefined);
    else step("edit", { text: `edit ${events.length}`, n: events.length });
  }
  return { events, state: state! };
}

// ---- 1. replay
const log = new InMemoryEventLog({
  clock: new TestClock("2026-03-02T15:00:00Z", { stepMs: 1 }),
  ids: sequentialIds("e"),
});
const buildStart = performance.now();
for (let r = 0; r < RECORDS; r++) {
  const id = `rec-${r}`;
  await log.append(id, recordEvents(id, PER_RECORD).events, { expectedVersion: 0 });
}
const total = (await log.head()).position;
const buildMs = performance.now() - buildStart;

const ids = Array.from({ length: RECORDS }, (_, r) => `rec-${r}`);

/** Floor, per record: read each record's events from the log and touch each one. */
async function floorPerRecord(): Promise<number> {
  const start = performance.now();
  let n = 0;
  for (const id of ids) for (const e of await log.read(id)) if (e.version > 0) n++;
  const ms = performance.now() - start;
  if (n !== total) throw new Error("floor read the wrong number of events");
  return ms;
}

/** Replay, per record: read each record's events and fold them into its state (the service's load path). */
async function replayPerRecord(): Promise<number> {
  const start = performance.now();
  let n = 0;
  for (const id of ids) n += replay(await log.read(id))!.version;
  const ms = performance.now() - start;
  if (n !== total) throw new Error("replay is wrong");
  return ms;
}

/**
 * Second, informative floor: read each record's events and touch exactly the data the fold reads (type, target,
 * command, every changed field's new value, actor), without building state. The gap to it is the fold's own logic.
 */
async function floorReadData(): Promise<number> {
  const start = performance.now();
  let n = 0;
  for (const id of ids) {
    for (const e of await log.read(id)) {
      const d = e.data as { to: string; command: string; changes: Record<string, { new: unknown }> };
      if (e.type.length > 0 && d.to.length > 0 && d.command.length > 0 && e.actor.id.length > 0) n++;
      for (const k in d.changes) if (d.changes[k]!.new === undefined) n--;
    }
  }
  const ms = performance.now() - start;
  if (n !== total) throw new Error("floor read the wrong number of events");
  return ms;
}

/** Floor, whole log: read all events in one call and touch each one. */
async function floorAll(): Promise<number> {
  const start = performance.now();
  let n = 0;
  for (const e of await log.readAll()) if (e.version > 0) n++;
  const ms = performance.now() - start;
  if (n !== total) throw new Error("floor read the wrong number of events");
  return ms;
}

/** Replay, whole log: fold all events into a state per record (what a projection or metrics run does). */
async function replayWholeLog(): Promise<number> {
  const start = performance.now();
  const states = replayAll(await log.readAll());
  const ms = performance.now() - start;
  if (states.size !== RECORDS || states.get("rec-0")?.version !== PER_RECORD)
    throw new Error("replay is wrong");
  return ms;
}

const gc = (globalThis as { gc?: () => void }).gc;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** CPU time (ms) of this process while `f` runs, next to its wall time. */
async function withCpu(f: () => Promise<number>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const wall = await f();
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function compare(floorFn: () => Promise<number>, replayFn: () => Promise<number>, rounds = 9) {
  await floorFn();
  await replayFn();
  const f: Array<{ wall: number; cpu: number }> = [];
  const r: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < rounds; i++) {
    gc?.();
    f.push(await withCpu(floorFn));
    gc?.();
    r.push(await withCpu(replayFn));
  }
  return {
    floorMs: median(f.map((x) => x.wall)),
    replayMs: median(r.map((x) => x.wall)),
    floorCpuMs: median(f.map((x) => x.cpu)),
    replayCpuMs: median(r.map((x) => x.cpu)),
  };
}

const perRecord = await compare(floorPerRecord, replayPerRecord);
const wholeLog = await compare(floorAll, replayWholeLog);
const dataFloor = await compare(floorReadData, replayPerRecord);

// ---- 2. decide p99 on a record with 500 events
const big = recordEvents("big", 500);
let bigState = replay(big.events.map((e, i) => ({ ...e, version: i + 1 })))!;
if (bigState.status !== "open") {
  const d = decideCommand(review, bigState, "rework", { comment: "x" }, { ...ctx(), recordId: "big" });
  if (d.ok) bigState = evolve(review, bigState, { ...d.events[0]!, version: bigState.version + 1 })!;
}
const submitted = decideCommand(review, bigState, "submit", undefined, {
  ...ctx({ ...author, id: "u-eng2" }),
  recordId: "big",
});
if (!submitted.ok) throw new Error(submitted.rejection.message);
const reviewState = evolve(review, bigState, { ...submitted.events[0]!, version: bigState.version + 1 })!;
const signature = createSignature(qa, "approval", signedRecordOf(reviewState), { clock });
const approveCtx = { ...ctx(qa, { signatures: [signature] }), recordId: "big" };
const samples: number[] = [];
// CPU time of this process per call (getrusage, µs resolution): unlike wall time it does not count the time the
// process waits for a core, which dominates the wall-time tail on a loaded machine.
const cpuSamples: number[] = [];
for (let i = 0; i < 2000; i++) decide(review, reviewState, "approve", undefined, approveCtx);
for (let i = 0; i < 20_000; i++) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const d = decide(review, reviewState, "approve", undefined, approveCtx);
  samples.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  cpuSamples.push((used.user + used.system) / 1000);
  if (!d.ok) throw new Error(d.rejection.message);
}
samples.sort((a, b) => a - b);
cpuSamples.sort((a, b) => a - b);
const pct = (p: number, xs = samples) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const fmt = (n: number, d = 1) => n.toFixed(d);
const rate = (ms: number) => `${fmt(total / ms / 1000, 2)}M ev/s`;
const row = (
  name: string,
  m: { floorMs: number; replayMs: number; floorCpuMs: number; replayCpuMs: number },
) => {
  const ratio = m.floorMs / m.replayMs;
  const cpuRatio = m.floorCpuMs / m.replayCpuMs;
  return `| ${name} | ${fmt(m.floorMs, 2)} ms wall (${rate(m.floorMs)}), ${fmt(m.floorCpuMs, 1)} ms CPU | ${fmt(m.replayMs, 2)} ms wall (${rate(m.replayMs)}), ${fmt(m.replayCpuMs, 1)} ms CPU | ${fmt(ratio * 100, 0)}% of floor (wall), ${fmt(cpuRatio * 100, 0)}% (CPU) | ≥ 25% | ${ratio >= 0.25 ? "yes" : "NO"} (wall), ${cpuRatio >= 0.25 ? "yes" : "NO"} (CPU) |`;
};
console.log(
  `Events: ${total} (${RECORDS} records × ${PER_RECORD}), built in ${fmt(buildMs / 1000)} s; decide record: ${reviewState.version} events. Medians of 9 alternating rounds.\n`,
);
console.log("| measure | floor | workflow | ratio / value | target | met |");
console.log("| --- | --- | --- | --- | --- | --- |");
console.log(row("replay 100k events, per record (`replay(await log.read(id))`)", perRecord));
console.log(row("replay 100k events, whole log (`replayAll(await log.readAll())`)", wholeLog));
console.log(
  row(
    "informative: per record, against a floor that also reads the event data the fold reads",
    dataFloor,
  ).replace(/\| (yes|NO) \(wall\), (yes|NO) \(CPU\) \|$/, "| (not the target) |"),
);
console.log(
  `| decide, record with ${reviewState.version} events (20,000 calls), wall time | – | p50 ${fmt(pct(50) * 1000, 0)} µs, p99 ${fmt(pct(99) * 1000, 0)} µs, max ${fmt(samples.at(-1)! * 1000, 0)} µs | p99 ${fmt(pct(99), 3)} ms | < 1 ms | ${pct(99) < 1 ? "yes" : "NO"} |`,
);
console.log(
  `| decide, same calls, CPU time of the process | – | p50 ${fmt(pct(50, cpuSamples) * 1000, 0)} µs, p99 ${fmt(pct(99, cpuSamples) * 1000, 0)} µs, max ${fmt(cpuSamples.at(-1)! * 1000, 0)} µs | p99 ${fmt(pct(99, cpuSamples), 3)} ms | < 1 ms | ${pct(99, cpuSamples) < 1 ? "yes" : "NO"} |`,
);
const load = (await import("node:os")).loadavg();
console.log(
  `\nLoad average during the run: ${load.map((x) => x.toFixed(1)).join(", ")} (${(await import("node:os")).cpus().length} cores).`,
);
