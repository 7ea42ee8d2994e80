/**
 * `@qmskit/core/testing`: the store conformance suite and test helpers for hosts and store adapters.
 *
 * Every `EventLog` adapter (in-memory, SQLite, PostgreSQL, a host's own) must pass the same suite:
 *
 * ```ts
 * import { eventLogConformanceSuite } from "@qmskit/core/testing";
 * eventLogConformanceSuite("my adapter", (options) => ({ log: new MyEventLog(options) }));
 * ```
 *
 * The suite registers vitest tests, so call it at the top level of a test file (vitest is an optional
 * peer dependency needed only for this subpath).
 *
 * @packageDocumentation
 */
import { describe, expect, it } from "vitest";
import { TestClock } from "./clock.js";
import { isQmsError } from "./errors.js";
import { computeEventHash, GENESIS_HASH, verifyChain } from "./hash-chain.js";
import { sequentialIds } from "./ids.js";
import type { EventLogOptions } from "./in-memory-event-log.js";
import type { Actor, EventLog, EventToAppend, StoredEvent } from "./ports.js";

/** What an adapter factory returns for one test: a fresh, empty log, and how to reopen its storage. */
export interface EventLogFixture {
  /** A fresh, empty log. */
  readonly log: EventLog;
  /** Opens the same storage again (after `log.close()`); omit for adapters without persistence. */
  readonly reopen?: () => EventLog | Promise<EventLog>;
  /** Removes the storage after the test. */
  readonly dispose?: () => void | Promise<void>;
}

/** Creates a fresh fixture with the given options (clock, ids, size limit). */
export type EventLogFactory = (options: EventLogOptions) => EventLogFixture | Promise<EventLogFixture>;

/** Options of {@link eventLogConformanceSuite}. */
export interface ConformanceOptions {
  /** Events in the "large stream" test (default 5,000). */
  readonly largeStreamSize?: number;
}

/** An actor for tests. */
export const testActor: Actor = Object.freeze({
  id: "user-1",
  name: "Ada Quality",
  roles: Object.freeze(["qa"]),
});

/** A minimal valid event for tests. */
export function testEvent(data: unknown = {}, type = "test.happened"): EventToAppend {
  return { type, data, actor: testActor };
}

async function expectCode(p: Promise<unknown>, code: string): Promise<unknown> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, `expected a ${code} error`).toBeDefined();
  expect(
    isQmsError(err, code),
    `expected code ${code}, got ${String((err as { code?: unknown })?.code)}: ${String(err)}`,
  ).toBe(true);
  return err;
}

async function snapshot(log: EventLog): Promise<string> {
  return JSON.stringify({ head: await log.head(), all: await log.readAll() });
}

/**
 * Registers the `EventLog` conformance tests for one adapter: append/read, optimistic concurrency,
 * atomic multi-stream appends, global order, chain verification (also after reopening), immutability of
 * stored events, rejection of bad input with the log unchanged, and large streams.
 *
 * @requirement P11-01
 * @requirement P11-02
 * @requirement P11-03
 * @requirement P11-05
 */
export function eventLogConformanceSuite(
  name: string,
  factory: EventLogFactory,
  options: ConformanceOptions = {},
): void {
  const large = options.largeStreamSize ?? 5000;

  async function withLog<T>(
    fn: (log: EventLog, fx: EventLogFixture, clock: TestClock) => Promise<T>,
    opts: Partial<EventLogOptions> = {},
  ) {
    const clock = new TestClock("2026-03-01T09:00:00.000Z", { stepMs: 1000 });
    const fx = await factory({ clock, ids: sequentialIds("evt"), ...opts });
    try {
      return await fn(fx.log, fx, clock);
    } finally {
      await fx.log.close();
      await fx.dispose?.();
    }
  }

  describe(`EventLog conformance: ${name}`, () => {
    it("P11-02: append stores position, version, server time, actor, reason and the chain links", async () => {
      await withLog(async (log) => {
        expect(await log.head()).toEqual({ position: 0, hash: GENESIS_HASH });
        const stored = await log.append(
          "capa-1",
          [
            {
              type: "capa.opened",
              data: { title: "Seal leak" },
              actor: testActor,
              reason: "complaint C-7",
              metadata: { corr: "x" },
            },
            { type: "capa.assigned", data: { owner: "u-2" }, actor: testActor },
          ],
          { expectedVersion: 0 },
        );
        expect(stored).toHaveLength(2);
        const [a, b] = stored as [StoredEvent, StoredEvent];
        expect(a).toMatchObject({
          position: 1,
          streamId: "capa-1",
          version: 1,
          type: "capa.opened",
          data: { title: "Seal leak" },
          actor: testActor,
          reason: "complaint C-7",
          metadata: { corr: "x" },
          recordedAt: "2026-03-01T09:00:00.000Z",
          prevHash: GENESIS_HASH,
        });
        expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(b).toMatchObject({ position: 2, version: 2, prevHash: a.hash });
        expect(b.id).not.toBe(a.id);
        expect(await log.read("capa-1")).toEqual(stored);
        // every part of the event, signatures and metadata included, is covered by the hash
        const signature = {
          signerId: testActor.id,
          printedName: testActor.name,
          meaning: "approval",
          signedAt: "2026-03-01T09:00:00.000Z",
          recordId: "capa-1",
          recordVersion: 2,
          contentHash: "a".repeat(64),
        };
        const [signed] = await log.append(
          "capa-1",
          [
            {
              type: "capa.approved",
              data: null,
              actor: testActor,
              reason: "ok",
              signatures: [signature],
              metadata: { m: [1] },
            },
          ],
          { expectedVersion: 2 },
        );
        const plain = JSON.parse(JSON.stringify(signed)) as StoredEvent;
        expect(plain.signatures).toEqual([signature]);
        expect(computeEventHash(plain)).toBe(signed!.hash);
        for (const e of await log.readAll())
          expect(computeEventHash(JSON.parse(JSON.stringify(e)))).toBe(e.hash);
        expect(await log.streamVersion("capa-1")).toBe(3);
        expect((await log.head()).position).toBe(3);
      });
    });

    it("reads a stream from a version, all events from a position with a limit, and unknown streams as empty", async () => {
      await withLog(async (log) => {
        for (let i = 0; i < 6; i++)
          await log.append(`s-${i % 2}`, [testEvent({ i })], { expectedVersion: Math.floor(i / 2) });
        expect((await log.read("s-0", { fromVersion: 2 })).map((e) => e.data)).toEqual([{ i: 2 }, { i: 4 }]);
        expect((await log.readAll({ fromPosition: 3, limit: 2 })).map((e) => e.position)).toEqual([3, 4]);
        expect(await log.readAll({ fromPosition: 99 })).toEqual([]);
        expect(await log.read("nope")).toEqual([]);
        expect(await log.streamVersion("nope")).toBe(0);
      });
    });

    it("keeps one global order across streams", async () => {
      await withLog(async (log) => {
        const order = ["a", "b", "a", "c", "b", "a"];
        for (const s of order) await log.append(s, [testEvent({ s })], { expectedVersion: "any" });
        const all = await log.readAll();
        expect(all.map((e) => e.streamId)).toEqual(order);
        expect(all.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
        expect((await log.read("a")).map((e) => [e.position, e.version])).toEqual([
          [1, 1],
          [3, 2],
          [6, 3],
        ]);
      });
    });

    it("rejects a stale expectedVersion with a CONCURRENCY error and leaves the log unchanged", async () => {
      await withLog(async (log) => {
        await log.append("doc-1", [testEvent()], { expectedVersion: 0 });
        const before = await snapshot(log);
        const err = await expectCode(
          log.append("doc-1", [testEvent()], { expectedVersion: 0 }),
          "CONCURRENCY",
        );
        expect((err as { details: unknown }).details).toMatchObject({
          streamId: "doc-1",
          expectedVersion: 0,
          actualVersion: 1,
        });
        await expectCode(log.append("doc-2", [testEvent()], { expectedVersion: 3 }), "CONCURRENCY");
        expect(await snapshot(log)).toBe(before);
        await log.append("doc-1", [testEvent()], { expectedVersion: 1 });
        await log.append("doc-1", [testEvent()], { expectedVersion: "any" });
        expect(await log.streamVersion("doc-1")).toBe(3);
      });
    });

    it("lets exactly one of several concurrent appends at the same expected version win", async () => {
      await withLog(async (log) => {
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => log.append("race", [testEvent({ i })], { expectedVersion: 0 })),
        );
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        for (const r of results)
          if (r.status === "rejected") expect(isQmsError(r.reason, "CONCURRENCY")).toBe(true);
        expect(await log.readAll()).toHaveLength(1);
      });
    });

    it("P11-01: appendAtomic stores all requests or none", async () => {
      await withLog(async (log) => {
        await log.append("co-1", [testEvent()], { expectedVersion: 0 });
        const before = await snapshot(log);
        await expectCode(
          log.appendAtomic([
            { streamId: "doc-9", events: [testEvent({ rev: "B" })], expectedVersion: 0 },
            { streamId: "co-1", events: [testEvent({ done: true })], expectedVersion: 0 },
          ]),
          "CONCURRENCY",
        );
        expect(await snapshot(log)).toBe(before);
        await expectCode(
          log.appendAtomic([
            { streamId: "doc-9", events: [testEvent({ rev: "B" })], expectedVersion: 0 },
            { streamId: "co-1", events: [testEvent(() => 1)], expectedVersion: 1 },
          ]),
          "VALIDATION",
        );
        expect(await snapshot(log)).toBe(before);
        const stored = await log.appendAtomic([
          {
            streamId: "doc-9",
            events: [testEvent({ rev: "B" }), testEvent({ rev: "C" })],
            expectedVersion: 0,
          },
          { streamId: "co-1", events: [testEvent({ done: true })], expectedVersion: 1 },
        ]);
        expect(stored.map((e) => [e.streamId, e.version, e.position])).toEqual([
          ["doc-9", 1, 2],
          ["doc-9", 2, 3],
          ["co-1", 2, 4],
        ]);
        expect(new Set(stored.map((e) => e.recordedAt)).size).toBe(1);
        expect(verifyChain(await log.readAll(), { head: await log.head() }).ok).toBe(true);
      });
    });

    it("appending no events stores nothing but still checks the expected version", async () => {
      await withLog(async (log) => {
        expect(await log.append("x", [], { expectedVersion: 0 })).toEqual([]);
        await expectCode(log.append("x", [], { expectedVersion: 2 }), "CONCURRENCY");
        expect(await log.head()).toEqual({ position: 0, hash: GENESIS_HASH });
      });
    });

    it("stored events cannot be changed by the caller, before or after the append", async () => {
      await withLog(async (log) => {
        const data = { nested: { list: [1, 2] } };
        const [stored] = await log.append(
          "imm",
          [{ type: "t", data, actor: { ...testActor, roles: ["qa"] } }],
          {
            expectedVersion: 0,
          },
        );
        data.nested.list.push(3);
        expect(() => {
          (stored!.data as { nested: { list: number[] } }).nested.list.push(4);
        }).toThrow();
        const [again] = await log.read("imm");
        expect(again!.data).toEqual({ nested: { list: [1, 2] } });
        expect(verifyChain(await log.readAll()).ok).toBe(true);
      });
    });

    it("P11-05: the log offers no way to remove or rewrite an entry (only append, read, head and close)", async () => {
      await withLog(async (log) => {
        const allowed = new Set([
          "constructor",
          "append",
          "appendAtomic",
          "read",
          "readAll",
          "streamVersion",
          "head",
          "close",
        ]);
        const methods = new Set<string>();
        for (let o: object | null = log; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
          for (const key of Object.getOwnPropertyNames(o)) {
            if (typeof (log as unknown as Record<string, unknown>)[key] === "function") methods.add(key);
          }
        }
        const extra = [...methods].filter(
          (m) => !allowed.has(m) && /delete|remove|purge|truncate|update|replace|clear|rewrite/i.test(m),
        );
        expect(extra, "methods that could remove or rewrite entries").toEqual([]);
      });
    });

    it("P11-03: rejects malformed events, non-JSON data, cycles, __proto__ keys and oversized events with typed errors; the log is unchanged", async () => {
      await withLog(
        async (log) => {
          await log.append("ok", [testEvent({ fine: true })], { expectedVersion: 0 });
          const before = await snapshot(log);
          const cyclic: Record<string, unknown> = {};
          cyclic.me = cyclic;
          const bad: [unknown, string][] = [
            [{ type: "", data: {}, actor: testActor }, "VALIDATION"],
            [{ type: "t", data: {} }, "VALIDATION"],
            [{ type: "t", data: {}, actor: { id: "", name: "x", roles: [] } }, "VALIDATION"],
            [{ type: "t", data: {}, actor: testActor, extra: 1 }, "VALIDATION"],
            [{ type: "t", data: {}, actor: testActor, signatures: [{ signerId: "x" }] }, "VALIDATION"],
            [{ type: "t", actor: testActor }, "VALIDATION"],
            [{ type: "t", data: { f: () => 1 }, actor: testActor }, "VALIDATION"],
            [{ type: "t", data: { n: 1n }, actor: testActor }, "VALIDATION"],
            [{ type: "t", data: { n: Number.NaN }, actor: testActor }, "VALIDATION"],
            [{ type: "t", data: { d: new Date(0) }, actor: testActor }, "VALIDATION"],
            [{ type: "t", data: cyclic, actor: testActor }, "VALIDATION"],
            [
              { type: "t", data: JSON.parse('{"__proto__": {"polluted": 1}}'), actor: testActor },
              "VALIDATION",
            ],
            [
              {
                type: "t",
                data: {},
                actor: testActor,
                metadata: JSON.parse('{"__proto__": {"polluted": 1}}'),
              },
              "VALIDATION",
            ],
            [{ type: "t", data: { big: "x".repeat(5000) }, actor: testActor }, "LIMIT_EXCEEDED"],
            [null, "VALIDATION"],
            ["garbage", "VALIDATION"],
          ];
          for (const [event, code] of bad) {
            await expectCode(log.append("ok", [event as EventToAppend], { expectedVersion: 1 }), code);
            await expectCode(
              log.append("other", [testEvent(), event as EventToAppend], { expectedVersion: 0 }),
              code,
            );
          }
          await expectCode(log.append("", [testEvent()], { expectedVersion: 0 }), "VALIDATION");
          await expectCode(log.append("ok", [testEvent()], { expectedVersion: -1 }), "VALIDATION");
          await expectCode(log.append("ok", [testEvent()], { expectedVersion: 1.5 }), "VALIDATION");
          await expectCode(
            log.append("ok", "nope" as unknown as EventToAppend[], { expectedVersion: 1 }),
            "VALIDATION",
          );
          await expectCode(log.readAll({ fromPosition: -3 }), "VALIDATION");
          expect(await snapshot(log)).toBe(before);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
        { maxEventBytes: 4096 },
      );
    });

    it("P11-03: the chain verifies after appends, and after closing and reopening the storage", async () => {
      await withLog(async (log, fx) => {
        for (let i = 0; i < 20; i++)
          await log.append(`r-${i % 4}`, [testEvent({ i })], { expectedVersion: "any" });
        const head = await log.head();
        expect(verifyChain(await log.readAll(), { head })).toMatchObject({ ok: true, checked: 20, head });
        if (!fx.reopen) return;
        await log.close();
        const reopened = await fx.reopen();
        try {
          expect(await reopened.head()).toEqual(head);
          expect(verifyChain(await reopened.readAll(), { head })).toMatchObject({ ok: true, checked: 20 });
          expect(await reopened.streamVersion("r-1")).toBe(5);
          await reopened.append("r-1", [testEvent({ after: true })], { expectedVersion: 5 });
          const all = await reopened.readAll();
          expect(all).toHaveLength(21);
          expect(all[20]!.prevHash).toBe(head.hash);
          expect(verifyChain(all, { head: await reopened.head() }).ok).toBe(true);
        } finally {
          await reopened.close();
        }
      });
    });

    it(`handles a large stream (${large} events) in order`, async () => {
      await withLog(async (log) => {
        const batch = 250;
        for (let v = 0; v < large; v += batch) {
          const n = Math.min(batch, large - v);
          await log.append(
            "big",
            Array.from({ length: n }, (_, k) => testEvent({ k: v + k, text: "lorem ipsum dolor sit amet" })),
            { expectedVersion: v },
          );
        }
        const events = await log.read("big");
        expect(events).toHaveLength(large);
        expect(events.every((e, i) => e.version === i + 1 && (e.data as { k: number }).k === i)).toBe(true);
        expect(verifyChain(await log.readAll(), { head: await log.head() })).toMatchObject({
          ok: true,
          checked: large,
        });
        expect(await log.readAll({ fromPosition: large, limit: 10 })).toHaveLength(1);
      });
    });
  });
}
