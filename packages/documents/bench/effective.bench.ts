/**
 * Point-of-use lookup and projection rebuild over 10,000 documents × 20 revisions.
 *
 * The store is built by appending, in one atomic append per change order (100 documents each), exactly the
 * events the DocumentService writes for a revision: drafted, submitted, approval signed, approved, effective
 * (superseding the predecessor), plus the change order's opened / signed / approved / implemented events.
 * (Driving 200,000 revisions through the service command by command takes minutes; the events are the same.)
 * A sample document is then created through the service itself and must be served the same way.
 *
 * Targets (issue #6): getEffective ≥ 100,000 lookups/s; rebuilding the projection from the events ≥ 25% of
 * the speed of the floor used in the workflow benchmark. That benchmark judges against an input loop (the same
 * events read from the log, plus every value the fold consumes, doing nothing with them), because no fold can
 * be faster than reading its inputs; the same is done here: the input loop reads every event's type and, for
 * the events the projection uses, their stream id and the data fields it keeps. The bare loop that looks only
 * at the event objects is measured too, with the bound (the input loop against it) beside it.
 */
import { type Actor, type AppendRequest, InMemoryEventLog, sequentialIds, TestClock } from "@qmskit/core";
import {
  ChangeOrderEvents,
  changeOrderStreamId,
  DocumentEvents,
  DocumentProjection,
  DocumentService,
  documentStreamId,
  EffectiveIndex,
  hashBytes,
  InMemoryBlobStore,
  letterRevisions,
  revisionRecordId,
  signContent,
} from "../src/index.js";

const DOCS = Number(process.env.DOCS ?? 10_000);
const REVISIONS = 20;
const BATCH = 100;
const LOOKUPS = 1_000_000;
const DAY = 86_400_000;
const START = Date.parse("2024-01-01T00:00:00Z");

const author: Actor = { id: "u-author", name: "Ada Author", roles: ["author"] };
const qa: Actor = { id: "u-qa", name: "Quinn QA", roles: ["qa"] };
const ccb: Actor = { id: "u-ccb", name: "Cora CCB", roles: ["ccb"] };
const letters = letterRevisions();

const clock = new TestClock(START);
const log = new InMemoryEventLog({ clock, ids: sequentialIds("e") });
const blobs = new InMemoryBlobStore();

async function buildStore(): Promise<number> {
  const versions = new Array<number>(DOCS).fill(0);
  const current = new Array<string | null>(DOCS).fill(null);
  let co = 0;
  for (let r = 0; r < REVISIONS; r++) {
    clock.set(START + r * 30 * DAY);
    const now = clock.now();
    const label = labelOf(r);
    for (let b = 0; b < DOCS; b += BATCH) {
      const coId = `DCO-${++co}`;
      const requests: AppendRequest[] = [];
      const affected: { docId: string; action: "release"; revisionId: string }[] = [];
      for (let d = b; d < Math.min(DOCS, b + BATCH); d++) {
        const docId = `SOP-${String(d).padStart(5, "0")}`;
        const revisionId = `${docId}-r${r}`;
        const bytes = new TextEncoder().encode(`${docId} revision ${r}\n`);
        const content = {
          hash: hashBytes(bytes),
          size: bytes.byteLength,
          mediaType: "text/plain; charset=utf-8",
        };
        if (r === 0) await blobs.put(bytes);
        const manifest = { docId, revisionId, contentSha256: content.hash, mediaType: content.mediaType };
        const signature = signContent(qa, "approval", revisionRecordId(docId, revisionId), 1, manifest, now);
        const events = [];
        if (r === 0)
          events.push({
            type: DocumentEvents.registered,
            data: {
              docId,
              title: `Procedure ${d}`,
              docType: "SOP",
              revisionScheme: "letters",
              origin: { kind: "internal" },
              distribution: [],
            },
            actor: author,
          });
        events.push(
          {
            type: DocumentEvents.revisionDrafted,
            data: {
              revisionId,
              label: `${label}-draft1`,
              draftNo: 1,
              change: "major",
              basedOn: current[d],
              content,
            },
            actor: author,
          },
          { type: DocumentEvents.submitted, data: { revisionId }, actor: author },
          {
            type: DocumentEvents.approvalSigned,
            data: { slotId: "qa", role: "qa", timeZone: "UTC", signature, revisionId },
            actor: qa,
            signatures: [signature],
          },
          {
            type: DocumentEvents.approved,
            data: { revisionId, label, approvedAt: now.toISOString() },
            actor: qa,
          },
          {
            type: DocumentEvents.effective,
            data: {
              docId,
              revisionId,
              label,
              contentHash: content.hash,
              changeOrderId: coId,
              effectiveDate: now.toISOString().slice(0, 10),
              effectiveAt: now.toISOString(),
              supersededRevisionId: current[d],
              nextReviewDue: new Date(now.getTime() + 365 * DAY).toISOString(),
            },
            actor: ccb,
          },
        );
        requests.push({ streamId: documentStreamId(docId), expectedVersion: versions[d]!, events });
        versions[d]! += events.length;
        current[d] = revisionId;
        affected.push({ docId, action: "release", revisionId });
      }
      const coSignature = signContent(ccb, "approval", coId, 1, { changeOrderId: coId, affected }, now);
      requests.push({
        streamId: changeOrderStreamId(coId),
        expectedVersion: 0,
        events: [
          {
            type: ChangeOrderEvents.opened,
            data: {
              changeOrderId: coId,
              kind: "DCO",
              title: `Release round ${r}`,
              description: "Periodic update",
              affected,
              effectiveDate: null,
            },
            actor: author,
          },
          {
            type: ChangeOrderEvents.approvalSigned,
            data: { slotId: "ccb", role: "ccb", timeZone: "UTC", signature: coSignature },
            actor: ccb,
            signatures: [coSignature],
          },
          {
            type: ChangeOrderEvents.approved,
            data: {
              approvalDate: now.toISOString().slice(0, 10),
              approvedAt: now.toISOString(),
              effectiveDate: now.toISOString().slice(0, 10),
              effectiveAt: now.toISOString(),
            },
            actor: ccb,
          },
          { type: ChangeOrderEvents.implemented, data: { effectiveAt: now.toISOString() }, actor: ccb },
        ],
      });
      await log.appendAtomic(requests);
    }
  }
  return (await log.head()).position;
}

function labelOf(r: number): string {
  let l: string | undefined;
  for (let i = 0; i <= r; i++) l = letters.releaseLabel(l, "major");
  return l!;
}

const gc = (globalThis as { gc?: () => void }).gc;
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
/** Process CPU time (user + system, all threads) in ms. */
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
/** A full GC, then a pause so the collector's concurrent sweeping does not land in the next timing. */
const settle = async () => {
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
};

/** Time `floor` and `work` alternately (after a warm-up, with a GC before each), the workflow bench's method. */
async function compare(floor: () => Promise<unknown>, work: () => Promise<unknown>, rounds = 9) {
  await floor();
  await work();
  const f: number[] = [];
  const w: number[] = [];
  const fc: number[] = [];
  const wc: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await settle();
    let c = process.cpuUsage();
    let t = performance.now();
    await floor();
    f.push(performance.now() - t);
    fc.push(cpuMs(process.cpuUsage(c)));
    await settle();
    c = process.cpuUsage();
    t = performance.now();
    await work();
    w.push(performance.now() - t);
    wc.push(cpuMs(process.cpuUsage(c)));
  }
  return { floorMs: median(f), workMs: median(w), floorCpuMs: median(fc), workCpuMs: median(wc) };
}

const t0 = performance.now();
const events = await buildStore();
const buildMs = performance.now() - t0;

/** Bare loop: the events from the log, looking only at the event objects. */
async function bareLoop(): Promise<void> {
  let n = 0;
  for (const e of await log.readAll()) if (e.version > 0) n++;
  if (n !== events) throw new Error("floor read the wrong number of events");
}
/** Input loop: the bare loop plus every value the projection consumes (nothing is done with them). */
async function inputLoop(): Promise<void> {
  let n = 0;
  for (const e of await log.readAll()) {
    const type = e.type;
    if (type === DocumentEvents.effective || type === DocumentEvents.obsoleted) {
      const d = e.data as { effectiveAt?: string; revisionId?: string; at?: string };
      if (e.streamId.length > 0 && (d.effectiveAt ?? d.at ?? "").length + (d.revisionId ?? "").length > 0)
        n++;
    } else if (e.version > 0) n++;
  }
  if (n !== events) throw new Error("floor read the wrong number of events");
}
let projection = new EffectiveIndex();
const rebuild = async () => {
  projection = new EffectiveIndex().applyAll(await log.readAll());
};
const { floorMs, workMs: rebuildMs, floorCpuMs, workCpuMs: rebuildCpuMs } = await compare(inputLoop, rebuild);
const bare = await compare(bareLoop, rebuild);
const bound = await compare(bareLoop, inputLoop);
// for information: the full read model (every document's folded state, change orders, tasks)
const { workMs: fullMs } = await compare(
  async () => {},
  async () => {
    const full = new DocumentProjection();
    for (const e of await log.readAll()) full.apply(e);
  },
  3,
);

// correctness: at instant t in round r, every document serves its revision r
let wrong = 0;
for (let i = 0; i < 10_000; i++) {
  const d = (i * 7919) % DOCS;
  const r = (i * 31) % REVISIONS;
  const at = START + r * 30 * DAY + ((i * 977) % (30 * DAY));
  const got = projection.getEffective(`SOP-${String(d).padStart(5, "0")}`, at);
  if (got?.revisionId !== `SOP-${String(d).padStart(5, "0")}-r${r}` || got.label !== labelOf(r)) wrong++;
}
if (projection.getEffective("SOP-00000", START - 1) !== undefined) wrong++;
if (wrong > 0) throw new Error(`${wrong} wrong lookups`);

// lookups: random documents at random instants over the 20 rounds
const ids = Array.from({ length: DOCS }, (_, d) => `SOP-${String(d).padStart(5, "0")}`);
const instants = Float64Array.from(
  { length: 4096 },
  (_, i) => START + ((i * 2_654_435_761) % (REVISIONS * 30 * DAY)),
);
let found = 0;
const lookupTimes: number[] = [];
const lookupCpu: number[] = [];
for (let round = 0; round < 3; round++) {
  await settle();
  const c = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < LOOKUPS; i++) {
    if (projection.getEffective(ids[(i * 7919) % DOCS]!, instants[i & 4095]!) !== undefined) found++;
  }
  lookupTimes.push(performance.now() - t);
  lookupCpu.push(cpuMs(process.cpuUsage(c)));
}
const lookupMs = median(lookupTimes);
const lookupCpuMs = median(lookupCpu);

// the same lookup on a document issued through the service
const svcClock = new TestClock("2026-03-02T09:00:00Z");
const svc = new DocumentService({
  log,
  blobs,
  clock: svcClock,
  ids: sequentialIds("svc"),
  config: {
    timeZone: "UTC",
    documentTypes: [
      {
        id: "SOP",
        name: "SOP",
        authorRoles: ["author"],
        approvalSlots: [{ id: "qa", title: "QA", roles: ["qa"] }],
        retention: { deviceLifetimeYears: 10 },
      },
    ],
    changeOrders: {
      approvalSlots: [{ id: "ccb", title: "CCB", roles: ["ccb"] }],
      originatorRoles: ["author"],
    },
    reviewerRoles: ["qa"],
    documentControlRoles: ["dc"],
  },
});
const c = await svc.createDocument(author, {
  docId: "SOP-SVC",
  title: "Service-made",
  docType: "SOP",
  content: "x",
});
if (!c.ok) throw new Error(c.rejection.message);
await svc.submitForReview(author, { docId: "SOP-SVC", revisionId: c.value.revisionId });
await svc.approveRevision(qa, { docId: "SOP-SVC", revisionId: c.value.revisionId, slotId: "qa" });
const co = await svc.openChangeOrder(author, {
  title: "t",
  description: "d",
  affected: [{ docId: "SOP-SVC", action: "release", revisionId: c.value.revisionId }],
});
if (!co.ok) throw new Error(co.rejection.message);
await svc.approveChangeOrder(ccb, { changeOrderId: co.value.changeOrderId, slotId: "ccb" });
await projection.catchUp(log);
if (projection.getEffective("SOP-SVC", svcClock.now())?.label !== "A")
  throw new Error("service-made document not served");

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (floor: number, work: number) => `${((floor / work) * 100).toFixed(0)}%`;
const per = (n: number, ms: number) => fmt(n / (ms / 1000));
console.log(
  `Store: ${fmt(DOCS)} documents × ${REVISIONS} revisions = ${fmt(events)} events (built in ${(buildMs / 1000).toFixed(1)} s), Node ${process.version}\n`,
);
console.log("| measurement | wall time | process CPU time | target | result (wall / CPU) |");
console.log("| --- | --- | --- | --- | --- |");
console.log(
  `| \`getEffective\` from the projection, ${fmt(LOOKUPS)} lookups | ${lookupMs.toFixed(0)} ms = ${per(LOOKUPS, lookupMs)}/s | ${lookupCpuMs.toFixed(0)} ms = ${per(LOOKUPS, lookupCpuMs)}/s | ≥ 100,000 lookups/s | ${(LOOKUPS / (lookupMs / 1000) / 100_000).toFixed(1)}× / ${(LOOKUPS / (lookupCpuMs / 1000) / 100_000).toFixed(1)}× the target |`,
);
console.log(
  `| floor: input loop (\`readAll()\`, each event's type, and what the projection keeps of the events it uses) | ${floorMs.toFixed(1)} ms = ${per(events, floorMs)} events/s | ${floorCpuMs.toFixed(1)} ms | – | – |`,
);
console.log(
  `| point-of-use projection rebuild (\`EffectiveIndex.applyAll(await log.readAll())\`) | ${rebuildMs.toFixed(1)} ms = ${per(events, rebuildMs)} events/s | ${rebuildCpuMs.toFixed(1)} ms | ≥ 25% of the floor's speed | ${pct(floorMs, rebuildMs)} / ${pct(floorCpuMs, rebuildCpuMs)} |`,
);
console.log(
  `| same rebuild against the bare loop (event objects only: ${bare.floorMs.toFixed(1)} ms = ${per(events, bare.floorMs)} events/s) | ${bare.workMs.toFixed(1)} ms | ${bare.workCpuMs.toFixed(1)} ms | (informative) | ${pct(bare.floorMs, bare.workMs)} / ${pct(bare.floorCpuMs, bare.workCpuMs)}; bound (input loop against bare loop): ${pct(bound.floorMs, bound.workMs)} |`,
);
console.log(
  `| informative: full read model rebuild (all document states, change orders, tasks) | ${fullMs.toFixed(0)} ms = ${per(events, fullMs)} events/s | – | – | ${pct(floorMs, fullMs)} of the floor (wall) |`,
);
console.log(
  `\n(floor and rebuild timed alternately, median of 9 after a warm-up, a full GC and a 100 ms pause before each; lookups: median of 3 × ${fmt(LOOKUPS)}, random documents at random instants over the 20 rounds; the first lookup of a document converts its timeline to numbers; ${found > 0 ? "lookups answered" : "NO LOOKUP ANSWERED"}; 10,000 sampled lookups checked against the expected revision)`,
);
