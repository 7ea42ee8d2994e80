import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Actor,
  canonicalBytesOf,
  canonicalJson,
  computeEventHash,
  eventHashInput,
  GENESIS_HASH,
  InMemoryEventLog,
  type StoredEvent,
  sequentialIds,
  storedEventFromCanonical,
  TestClock,
  verifyChain,
} from "../src/index.js";

const actor: Actor = { id: "u-1", name: "Ada Quality", roles: ["qa"] };

async function sampleLog(n: number, streams = 3): Promise<{ events: StoredEvent[]; log: InMemoryEventLog }> {
  const log = new InMemoryEventLog({
    clock: new TestClock("2026-01-01T00:00:00Z", { stepMs: 1000 }),
    ids: sequentialIds("e"),
  });
  for (let i = 0; i < n; i++) {
    await log.append(
      `rec-${i % streams}`,
      [{ type: "rec.changed", data: { i, text: `value ${i}` }, actor, reason: "edit" }],
      {
        expectedVersion: "any",
      },
    );
  }
  return { events: [...(await log.readAll())], log };
}

/** A mutable deep copy of stored (frozen) events, as an attacker with file access would have. */
function thaw(events: readonly StoredEvent[]): Record<string, unknown>[] {
  return JSON.parse(JSON.stringify(events));
}

describe("hash chain", () => {
  it("P11-03: the hash input is the canonical JSON of the event without its hash", async () => {
    const { events } = await sampleLog(2);
    const { hash: _h, ...rest } = events[1]!;
    expect(eventHashInput(events[1]!)).toBe(canonicalJson(rest));
    expect(computeEventHash(events[1]!)).toBe(events[1]!.hash);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
  });

  it("P11-03: an intact chain verifies, with and without the head", async () => {
    const { events, log } = await sampleLog(10);
    expect(verifyChain(events)).toEqual({ ok: true, checked: 10, head: await log.head() });
    expect(verifyChain(events, { head: await log.head() }).ok).toBe(true);
    expect(verifyChain([]).ok).toBe(true);
  });

  it("P11-03: verifyChain names an edited event", async () => {
    const { events } = await sampleLog(5);
    const t = thaw(events);
    (t[2]!.data as { text: string }).text = "forged";
    const r = verifyChain(t as unknown as StoredEvent[]);
    expect(r).toMatchObject({ ok: false, broken: { kind: "edited", position: 3, index: 2, eventId: "e-3" } });
  });

  it("P11-03: a spread copy with changed data does not inherit the original's canonical bytes", async () => {
    const { events } = await sampleLog(4);
    const t = [...events];
    t[1] = { ...events[1]!, data: { i: 1, text: "forged" } };
    expect(canonicalBytesOf(t[1])).toBeUndefined();
    expect(verifyChain(t)).toMatchObject({ ok: false, broken: { kind: "edited", position: 2 } });
    expect(canonicalBytesOf(structuredClone(events[1]!))).toBeUndefined();
  });

  it("P11-03: an edited and re-hashed event breaks the next link", async () => {
    const { events } = await sampleLog(5);
    const t = thaw(events);
    (t[2]!.data as { text: string }).text = "forged";
    t[2]!.hash = computeEventHash(t[2] as unknown as StoredEvent);
    expect(verifyChain(t as unknown as StoredEvent[])).toMatchObject({
      ok: false,
      broken: { kind: "edited", position: 4 },
    });
  });

  it("P11-03: verifyChain detects a deleted event", async () => {
    const { events } = await sampleLog(5);
    const t = events.filter((_, i) => i !== 1);
    expect(verifyChain(t)).toMatchObject({ ok: false, broken: { kind: "deleted", position: 2, index: 1 } });
    expect(verifyChain(events.slice(1))).toMatchObject({
      ok: false,
      broken: { kind: "deleted", position: 1 },
    });
  });

  it("P11-03: verifyChain detects reordered events", async () => {
    const { events } = await sampleLog(5);
    const t = [events[0]!, events[2]!, events[1]!, events[3]!, events[4]!];
    expect(verifyChain(t)).toMatchObject({ ok: false, broken: { kind: "reordered", position: 2, index: 1 } });
  });

  it("P11-03: verifyChain detects an inserted event", async () => {
    const { events } = await sampleLog(5);
    // a forged event that links correctly to event 2 and claims position 3
    const forged = { ...thaw([events[2]!])[0]!, id: "forged", data: { i: 99 } } as unknown as StoredEvent;
    const sealed = { ...forged, hash: computeEventHash(forged) };
    const t = [events[0]!, events[1]!, sealed, ...events.slice(2)];
    expect(verifyChain(t)).toMatchObject({ ok: false, broken: { kind: "inserted", position: 4, index: 3 } });
  });

  it("P11-03: with the head, truncation at the end is detected", async () => {
    const { events, log } = await sampleLog(5);
    const head = await log.head();
    expect(verifyChain(events.slice(0, 3))).toMatchObject({ ok: true });
    expect(verifyChain(events.slice(0, 3), { head })).toMatchObject({
      ok: false,
      broken: { kind: "truncated", position: 4, index: 3 },
    });
  });

  it("never throws on garbage, and reports it as a broken link", () => {
    const garbage = [null, 5, "x", { position: 1 }, { position: 1, hash: "a", data: 1n }];
    for (const g of garbage) {
      const r = verifyChain([g] as unknown as StoredEvent[]);
      expect(r.ok).toBe(false);
    }
  });

  it("P11-03: any single edit, deletion, insertion or swap is detected (property)", async () => {
    const { events, log } = await sampleLog(12);
    const head = await log.head();
    const n = events.length;
    const edit = fc.record({
      op: fc.constant("edit" as const),
      i: fc.nat(n - 1),
      field: fc.constantFrom(
        "data",
        "type",
        "actor",
        "recordedAt",
        "streamId",
        "version",
        "reason",
        "prevHash",
        "hash",
        "id",
      ),
      value: fc.jsonValue(),
    });
    const del = fc.record({ op: fc.constant("delete" as const), i: fc.nat(n - 1) });
    const ins = fc.record({
      op: fc.constant("insert" as const),
      i: fc.nat(n),
      from: fc.nat(n - 1),
      rehash: fc.boolean(),
    });
    const swap = fc
      .record({ op: fc.constant("swap" as const), i: fc.nat(n - 1), j: fc.nat(n - 1) })
      .filter((s) => s.i !== s.j);
    fc.assert(
      fc.property(fc.oneof(edit, del, ins, swap), (m) => {
        let t = thaw(events);
        if (m.op === "edit") {
          const before = canonicalJson(t[m.i]![m.field] ?? null);
          t[m.i]![m.field] = m.value;
          if (canonicalJson(m.value) === before) return; // not a change
        } else if (m.op === "delete") {
          t.splice(m.i, 1);
        } else if (m.op === "insert") {
          const copy: Record<string, unknown> = { ...t[m.from]!, id: "forged", data: { forged: true } };
          if (m.rehash) copy.hash = computeEventHash(copy as unknown as StoredEvent);
          t.splice(m.i, 0, copy);
        } else {
          t = [...t];
          [t[m.i], t[m.j]] = [t[m.j]!, t[m.i]!];
        }
        expect(verifyChain(t as unknown as StoredEvent[], { head }).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("storedEventFromCanonical", () => {
  it("P11-03: events rebuilt from their canonical text verify, and an edited text is caught", async () => {
    const { events, log } = await sampleLog(4);
    const texts = events.map((e) => Buffer.from(canonicalBytesOf(e)!).toString("utf8"));
    expect(texts[0]).toBe(eventHashInput(events[0]!));
    const rebuilt = events.map((e, i) => storedEventFromCanonical(texts[i]!, e.hash));
    expect(rebuilt).toEqual(events);
    expect(Object.isFrozen(rebuilt[0]!.data)).toBe(true);
    expect(verifyChain(rebuilt, { head: await log.head() }).ok).toBe(true);
    const edited = [...rebuilt];
    edited[1] = storedEventFromCanonical(texts[1]!.replace("value 1", "value 9"), events[1]!.hash);
    expect(verifyChain(edited)).toMatchObject({ ok: false, broken: { kind: "edited", position: 2 } });
    // a text with reordered members is the same content: the exact path accepts it
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(texts[2]!)).reverse()));
    const same = [...rebuilt];
    same[2] = storedEventFromCanonical(reordered, events[2]!.hash);
    expect(verifyChain(same).ok).toBe(true);
  });

  it("rejects text that is not a JSON object with an INTEGRITY error, and never pollutes prototypes", () => {
    for (const bad of ["", "not json", "[1]", "null", "42"]) {
      expect(() => storedEventFromCanonical(bad, GENESIS_HASH)).toThrow(
        expect.objectContaining({ code: "INTEGRITY" }),
      );
    }
    const e = storedEventFromCanonical('{"__proto__":{"polluted":true},"position":1}', GENESIS_HASH);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(verifyChain([e]).ok).toBe(false);
  });

  it("shares one frozen [] and {} for the empty containers of parsed events; content and hashes are unchanged", async () => {
    const log = new InMemoryEventLog({
      clock: new TestClock("2026-01-01T00:00:00Z"),
      ids: sequentialIds("e"),
    });
    const data = { list: [], map: {}, nested: [{ inner: [] }, []], full: [1], obj: { a: {} } };
    const [a, b] = await log.append(
      "rec-1",
      [
        { type: "t", data, actor },
        { type: "t", data, actor },
      ],
      { expectedVersion: 0 },
    );
    const da = a!.data as typeof data;
    const db = b!.data as typeof data;
    expect(da).toEqual(data);
    expect(da.list).toBe(db.list);
    expect(da.map).toBe(db.map);
    expect((da.nested[0] as { inner: unknown }).inner).toBe(da.list);
    expect(da.obj.a).toBe(db.map);
    expect(da.full).not.toBe(db.full);
    expect(Object.isFrozen(da.list) && Object.isFrozen(da.map) && Object.isFrozen(da.nested)).toBe(true);
    expect(verifyChain([a!, b!]).ok).toBe(true);
    // the canonical-text path shares them too, and an empty "__proto__" member stays an own data property
    const e = storedEventFromCanonical('{"__proto__":{},"data":{"x":[],"y":{}},"position":1}', GENESIS_HASH);
    const parsed = e as unknown as Record<string, unknown> & { data: { x: unknown; y: unknown } };
    expect(parsed.data.x).toBe(da.list);
    expect(parsed.data.y).toBe(da.map);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(parsed, "__proto__")?.value).toBe(da.map);
  });
});
