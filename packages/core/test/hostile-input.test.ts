import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  type EventToAppend,
  InMemoryEventLog,
  isQmsError,
  safeParseAuditNdjson,
  sequentialIds,
  TestClock,
  verifyChain,
  verifySignature,
} from "../src/index.js";

const actor = { id: "u-1", name: "Ada", roles: ["qa"] };

describe("hostile input (properties)", () => {
  it("canonicalJson returns a string or throws a typed error for any value, never anything else", () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
        }),
        (v) => {
          try {
            expect(typeof canonicalJson(v)).toBe("string");
          } catch (e) {
            expect(isQmsError(e)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("P11-03: any rejected append leaves the log unchanged, and no input pollutes prototypes", async () => {
    const log = new InMemoryEventLog({
      clock: new TestClock(),
      ids: sequentialIds("e"),
      maxEventBytes: 2048,
    });
    await log.append("s", [{ type: "t", data: { ok: true }, actor }], { expectedVersion: 0 });
    const hostileData = fc.oneof(
      fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true }),
      fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
      fc.constant(JSON.parse('{"a": {"constructor": {"prototype": {"polluted": true}}}}')),
      fc.string({ minLength: 3000, maxLength: 4000 }),
    );
    const hostileEvent = fc.oneof(
      fc.record({ type: fc.string(), data: hostileData, actor: fc.constant(actor) }),
      fc.anything(),
      fc.record({ type: fc.constant("t"), data: fc.constant(1), actor: fc.anything() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileEvent, { minLength: 1, maxLength: 3 }),
        fc.oneof(fc.constant(1), fc.anything()),
        async (events, expectedVersion) => {
          const before = JSON.stringify(await log.readAll());
          try {
            await log.append("s", events as EventToAppend[], { expectedVersion: expectedVersion as number });
          } catch (e) {
            expect(isQmsError(e), String(e)).toBe(true);
            expect(JSON.stringify(await log.readAll())).toBe(before);
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
    expect(verifyChain(await log.readAll(), { head: await log.head() }).ok).toBe(true);
  });

  it("verifyChain, verifySignature and the NDJSON reader never throw on arbitrary input", () => {
    fc.assert(
      fc.property(fc.array(fc.anything()), fc.anything(), fc.string(), (events, sig, text) => {
        expect(typeof verifyChain(events as never).ok).toBe("boolean");
        expect(
          typeof verifySignature(sig as never, { recordId: "r", recordVersion: 1, content: {} }).ok,
        ).toBe("boolean");
        expect(typeof safeParseAuditNdjson(text).success).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });

  it("handles a huge, deeply nested payload with a typed error, quickly", async () => {
    const log = new InMemoryEventLog();
    let deep: unknown = {};
    for (let i = 0; i < 50_000; i++) deep = { d: deep };
    const start = Date.now();
    await expect(
      log.append("s", [{ type: "t", data: deep, actor }], { expectedVersion: 0 }),
    ).rejects.toMatchObject({
      code: "LIMIT_EXCEEDED",
    });
    await expect(
      log.append("s", [{ type: "t", data: { s: "x".repeat(5_000_000) }, actor }], { expectedVersion: 0 }),
    ).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    expect(Date.now() - start).toBeLessThan(5000);
    expect(await log.readAll()).toEqual([]);
  });
});
