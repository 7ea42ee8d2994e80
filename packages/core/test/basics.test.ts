import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CITATIONS,
  ConcurrencyError,
  citationSchema,
  ForbiddenError,
  fixedClock,
  formatCitation,
  IntegrityError,
  isQmsError,
  isUuidV7,
  LimitExceededError,
  NotFoundError,
  systemClock,
  TestClock,
  uuidV7,
  uuidV7Generator,
  ValidationError,
} from "../src/index.js";

describe("ids", () => {
  it("uuidV7 produces RFC 9562 version-7 UUIDs that sort in creation order, also within one millisecond", () => {
    const ids = Array.from({ length: 5000 }, () => uuidV7());
    expect(ids.every(isUuidV7)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("encodes the clock's milliseconds in the first 48 bits", () => {
    const gen = uuidV7Generator({ clock: fixedClock("2026-01-01T00:00:00.000Z") });
    const id = gen.next();
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(
      Date.parse("2026-01-01T00:00:00.000Z"),
    );
    expect(gen.next() > id).toBe(true);
  });
});

describe("clocks", () => {
  it("systemClock is the current time; fixedClock returns fresh copies of one instant", () => {
    const before = Date.now();
    const t = systemClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    const c = fixedClock("2026-05-05T05:05:05Z");
    const d = c.now();
    d.setFullYear(2000);
    expect(c.now().toISOString()).toBe("2026-05-05T05:05:05.000Z");
    expect(() => fixedClock("not a date")).toThrow(expect.objectContaining({ code: "VALIDATION" }));
  });

  it("TestClock can be set, advanced and auto-stepped", () => {
    const c = new TestClock("2026-01-01T00:00:00Z", { stepMs: 10 });
    expect(c.now().toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(c.now().toISOString()).toBe("2026-01-01T00:00:00.010Z");
    c.advance({ days: 1, hours: 1 });
    expect(c.now().toISOString()).toBe("2026-01-02T01:00:00.020Z");
    c.set("2027-01-01T00:00:00Z");
    expect(c.now().getUTCFullYear()).toBe(2027);
  });
});

describe("error family", () => {
  it("subclasses carry stable codes and are recognised by isQmsError", () => {
    const cases = [
      [new ValidationError("v"), "VALIDATION"],
      [new ConcurrencyError("c"), "CONCURRENCY"],
      [new NotFoundError("n"), "NOT_FOUND"],
      [new ForbiddenError("f"), "FORBIDDEN"],
      [new IntegrityError("i"), "INTEGRITY"],
      [new LimitExceededError("l"), "LIMIT_EXCEEDED"],
    ] as const;
    for (const [e, code] of cases) {
      expect(isQmsError(e, code)).toBe(true);
      expect(e.toJSON().code).toBe(code);
    }
  });
});

describe("citations", () => {
  it("formats Part 11, ISO 13485 via the QMSR, and legacy QSR clauses", () => {
    expect(formatCitation(CITATIONS.auditTrail)).toBe("21 CFR 11 11.10(e)");
    expect(formatCitation(CITATIONS.documentControl)).toBe("ISO 13485:2016 4.2.4 (via 21 CFR 820 820.10(a))");
    expect(formatCitation(CITATIONS.documentChangesLegacy)).toBe("21 CFR 820 (pre-2026 QSR) 820.40(b)");
    expect(citationSchema.safeParse(CITATIONS.documentControl).success).toBe(true);
    expect(citationSchema.safeParse({ source: "made up", clause: "1" }).success).toBe(false);
  });

  it("the citation schema never throws on hostile input (property)", () => {
    fc.assert(fc.property(fc.anything(), (v) => void citationSchema.safeParse(v)));
  });
});
