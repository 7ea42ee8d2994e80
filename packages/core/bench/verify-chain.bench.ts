// verifyChain over 1,000,000 events against the floor: bare SHA-256 (the same node:crypto primitive) over the
// same canonical bytes (the buffers the events hold). Both are timed in this one run, best of 3 alternating
// rounds; the target is verifyChain throughput >= 50% of the floor's. Prints Markdown.
import { performance } from "node:perf_hooks";
import type { StoredEvent } from "../src/index.js";
import {
  canonicalBytesOf,
  GENESIS_HASH,
  prepareAppend,
  sealAppend,
  sequentialIds,
  sha256Hex,
  TestClock,
  verifyChain,
} from "../src/index.js";

const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const actor = { id: "user-0042", name: "Ada Quality", roles: ["qa", "approver"] };
const clock = new TestClock("2026-01-01T00:00:00Z", { stepMs: 1000 });
const ids = sequentialIds("evt");

// Build the log with the same code path the adapters use (validation, copy, hashing).
const events: StoredEvent[] = [];
let head = { position: 0, hash: GENESIS_HASH };
const versions = new Map<string, number>();
const types = ["capa.opened", "capa.updated", "capa.assigned", "capa.closed"];
const t0 = performance.now();
for (let i = 0; i < N; i += 1000) {
  const batch = Array.from({ length: Math.min(1000, N - i) }, (_, k) => {
    const n = i + k;
    return {
      type: types[n % 4]!,
      data: {
        title: `Deviation ${n}`,
        severity: n % 3 === 0 ? "high" : "low",
        owner: `user-${n % 97}`,
        count: n,
      },
      actor,
      ...(n % 5 === 0 ? { reason: "periodic review" } : {}),
    };
  });
  const streamId = `capa-${i / 1000}`;
  const prepared = prepareAppend([{ streamId, events: batch, expectedVersion: "any" }]);
  const stored = sealAppend(prepared, { head, streamVersion: (id) => versions.get(id) ?? 0 }, { clock, ids });
  for (const e of stored) events.push(e);
  const last = stored[stored.length - 1]!;
  versions.set(streamId, last.version);
  head = { position: last.position, hash: last.hash };
}
const buildMs = performance.now() - t0;

// The floor hashes the very byte buffers the events hold (same bytes, same memory layout), so the ratio
// measures what verifyChain adds to hashing. Contiguous copies of the bytes are hashed too, for information.
const bytes = events.map((e) => {
  const b = canonicalBytesOf(e);
  if (!b) throw new Error("event without canonical bytes");
  return b;
});
const copies = bytes.map((b) => Buffer.from(b));
const totalBytes = bytes.reduce((s, b) => s + b.length, 0);

function hashAll(list: readonly Uint8Array[]): number {
  const start = performance.now();
  let x = 0;
  for (const b of list) x ^= sha256Hex(b).charCodeAt(0);
  const ms = performance.now() - start;
  if (x === -1) console.log(x);
  return ms;
}
const floor = () => hashAll(bytes);

function verify(): number {
  const start = performance.now();
  const r = verifyChain(events, { head });
  const ms = performance.now() - start;
  if (!r.ok || r.checked !== N) throw new Error(`chain did not verify: ${JSON.stringify(r)}`);
  return ms;
}

// warm up both, then alternate three rounds and keep the best of each
floor();
verify();
const floors: number[] = [];
const verifies: number[] = [];
const contiguous: number[] = [];
for (let round = 0; round < 3; round++) {
  (globalThis as { gc?: () => void }).gc?.();
  floors.push(floor());
  (globalThis as { gc?: () => void }).gc?.();
  verifies.push(verify());
  contiguous.push(hashAll(copies));
}
// Events that did not come from an adapter (e.g. parsed from an NDJSON export, or plain copies) take the exact
// path: full RFC 8785 canonicalisation of every event. Measured on a 100,000-event prefix for information.
const M = Math.min(N, 100_000);
const plain = JSON.parse(JSON.stringify(events.slice(0, M))) as StoredEvent[];
const exactStart = performance.now();
const exact = verifyChain(plain);
const exactMs = performance.now() - exactStart;
if (!exact.ok) throw new Error("copies did not verify");
const floorPerEvent = Math.min(...floors) / N;
const f = Math.min(...floors);
const v = Math.min(...verifies);
const rate = (ms: number) => Math.round(N / (ms / 1000)).toLocaleString("en-US");
console.log(
  `Events: ${N.toLocaleString("en-US")}, canonical bytes: ${(totalBytes / 1e6).toFixed(1)} MB (avg ${Math.round(totalBytes / N)} B/event); built in ${(buildMs / 1000).toFixed(1)} s\n`,
);
console.log("| measurement | time (best of 3) | events/s |");
console.log("| --- | --- | --- |");
console.log(
  `| floor: bare SHA-256 over the events' canonical bytes (the same buffers) | ${f.toFixed(0)} ms | ${rate(f)} |`,
);
const c = Math.min(...contiguous);
console.log(
  `| for information: bare SHA-256 over contiguous copies of those bytes | ${c.toFixed(0)} ms | ${rate(c)} |`,
);
console.log(
  `| verifyChain over the events as the log returns them (SHA-256 of their canonical bytes + position and link checks) | ${v.toFixed(0)} ms | ${rate(v)} |`,
);
console.log(
  `| verifyChain, exact path (plain copies, full canonicalisation), ${M.toLocaleString("en-US")} events | ${exactMs.toFixed(0)} ms | ${rate(exactMs * (N / M))} |`,
);
console.log(
  `\nverifyChain throughput = **${((f / v) * 100).toFixed(1)}%** of the floor (target >= 50%); ${((c / v) * 100).toFixed(1)}% of hashing contiguous copies; exact path on plain copies: ${(((floorPerEvent * M) / exactMs) * 100).toFixed(1)}% of the floor`,
);
