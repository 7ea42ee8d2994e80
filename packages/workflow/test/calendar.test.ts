import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeDue, createBusinessCalendar, type DeadlinePolicy, recomputeDue } from "../src/index.js";

const us = createBusinessCalendar({
  id: "us",
  version: "2026.1",
  zone: "America/New_York",
  holidays: { country: "US" },
});
const weekendsOnly = createBusinessCalendar({ id: "plain", version: "1", zone: "America/New_York" });
const utcCal = createBusinessCalendar({ id: "utc", version: "1", zone: "UTC", holidays: { country: "US" } });

const mdr30: DeadlinePolicy = { id: "mdr-30", unit: "calendarDay", amount: 30 };
const mdr5: DeadlinePolicy = { id: "mdr-5", unit: "businessDay", amount: 5 };

describe("business calendar", () => {
  it("CAPA-16: US holidays count, including observed substitute days", () => {
    expect(us.isBusinessDay("2026-11-26")).toBe(false); // Thanksgiving
    expect(us.isBusinessDay("2026-11-27")).toBe(true); // Black Friday is not a federal holiday
    expect(us.isBusinessDay("2026-07-03")).toBe(false); // Independence Day observed (Jul 4 is a Saturday)
    expect(us.isBusinessDay("2027-12-31")).toBe(false); // New Year 2028 observed on Friday
    expect(us.isBusinessDay("2026-11-28")).toBe(false); // Saturday
    expect(us.isBusinessDay("2026-11-30")).toBe(true);
  });

  it("supports host closures and other weekend days", () => {
    const site = createBusinessCalendar({
      id: "site",
      version: "3",
      zone: "Asia/Jerusalem",
      weekend: [5, 6],
      closures: ["2026-12-24"],
    });
    expect(site.isBusinessDay("2026-11-27")).toBe(false); // Friday
    expect(site.isBusinessDay("2026-11-29")).toBe(true); // Sunday
    expect(site.isBusinessDay("2026-12-24")).toBe(false);
  });

  it("refuses unknown zones, unknown holiday sources and malformed dates with VALIDATION errors", () => {
    const validation = (f: () => unknown) => {
      try {
        f();
        return false;
      } catch (e) {
        return isQmsError(e, "VALIDATION");
      }
    };
    expect(validation(() => createBusinessCalendar({ id: "x", version: "1", zone: "Mars/Olympus" }))).toBe(
      true,
    );
    expect(
      validation(() =>
        createBusinessCalendar({ id: "x", version: "1", zone: "UTC", holidays: { country: "ZZ" } }),
      ),
    ).toBe(true);
    expect(validation(() => us.isBusinessDay("2026-02-30"))).toBe(true);
    expect(validation(() => us.isBusinessDay("__proto__"))).toBe(true);
    expect(validation(() => createBusinessCalendar(null as never))).toBe(true);
  });
});

describe("deadlines", () => {
  it("CAPA-16: 5 work days from Fri 2026-11-20 is Mon 2026-11-30 with Thanksgiving excluded", () => {
    const anchor = new Date("2026-11-20T15:00:00Z");
    expect(computeDue(anchor, mdr5, us)).toMatchObject({
      dueDate: "2026-11-30",
      dueAt: "2026-12-01T04:59:59.999Z",
      zone: "America/New_York",
      calendarVersion: "2026.1",
    });
    expect(computeDue(anchor, mdr5, weekendsOnly).dueDate).toBe("2026-11-27");
  });

  it("CAPA-16: MDR 30 calendar days after the day of awareness, end of the local day, across the DST change", () => {
    const aware = new Date("2026-10-21T03:30:00Z"); // Tue 2026-10-20 23:30 in New York (EDT)
    const due = computeDue(aware, mdr30, us);
    expect(due.dueDate).toBe("2026-11-19");
    expect(due.dueAt).toBe("2026-11-20T04:59:59.999Z"); // 23:59:59.999 EST (-05:00) after DST ended on Nov 1
    // The zone decides the deadline: the same instant in UTC is already Oct 21.
    expect(computeDue(aware, mdr30, utcCal).dueDate).toBe("2026-11-20");
  });

  it("counts the anchor day when the policy says so", () => {
    const anchor = new Date("2026-11-16T15:00:00Z"); // Monday
    expect(computeDue(anchor, { ...mdr30, countAnchorDay: true }, us).dueDate).toBe("2026-12-15");
    expect(computeDue(anchor, { ...mdr5, countAnchorDay: true }, us).dueDate).toBe("2026-11-20");
    expect(computeDue(anchor, { ...mdr5, amount: 0 }, us).dueDate).toBe("2026-11-16");
    expect(computeDue(new Date("2026-11-26T15:00:00Z"), { ...mdr5, amount: 0 }, us).dueDate).toBe(
      "2026-11-27",
    );
  });

  it("handles the spring DST change: the due day is 23 hours long", () => {
    const due = computeDue(new Date("2026-03-01T12:00:00Z"), { id: "p", unit: "calendarDay", amount: 7 }, us);
    expect(due).toMatchObject({
      dueDate: "2026-03-08",
      dueFrom: "2026-03-08T05:00:00.000Z",
      dueAt: "2026-03-09T03:59:59.999Z",
    });
  });

  it("month and year units clamp to the month end; rollToBusinessDay moves off weekends and holidays", () => {
    const jan31 = new Date("2026-01-31T17:00:00Z");
    expect(computeDue(jan31, { id: "m", unit: "month", amount: 1 }, us).dueDate).toBe("2026-02-28");
    expect(
      computeDue(new Date("2028-02-29T17:00:00Z"), { id: "y", unit: "year", amount: 1 }, us).dueDate,
    ).toBe("2029-02-28");
    // 2026-11-26 (Thanksgiving) → next business day Friday 27th
    const anchor = new Date("2026-11-16T15:00:00Z");
    expect(
      computeDue(anchor, { id: "r", unit: "calendarDay", amount: 10, rollToBusinessDay: true }, us).dueDate,
    ).toBe("2026-11-27");
  });

  it("CAPA-09: a stored deadline recomputes byte-identically, and refuses another calendar version", () => {
    const stored = computeDue(new Date("2026-11-20T15:00:00Z"), mdr5, us);
    const json = JSON.stringify(stored);
    expect(JSON.stringify(recomputeDue(JSON.parse(json), us))).toBe(json);
    const next = createBusinessCalendar({
      id: "us",
      version: "2027.1",
      zone: "America/New_York",
      holidays: { country: "US" },
    });
    expect(() => recomputeDue(stored, next)).toThrow(/computed with calendar us@2026.1/);
  });

  it("refuses invalid anchors and policies", () => {
    expect(() => computeDue(new Date(Number.NaN), mdr30, us)).toThrow(/valid Date/);
    expect(() => computeDue(new Date(), { id: "x", unit: "week" as never, amount: 1 }, us)).toThrow(
      /Invalid deadline policy/,
    );
    expect(() => computeDue(new Date(), { id: "x", unit: "calendarDay", amount: -1 }, us)).toThrow(
      /Invalid deadline policy/,
    );
    expect(() => computeDue(new Date(), { id: "x", unit: "calendarDay", amount: 1e9 }, us)).toThrow(
      /Invalid deadline policy/,
    );
  });

  describe("properties", () => {
    const anchorArb = fc.date({
      min: new Date("2020-01-01T00:00:00Z"),
      max: new Date("2035-12-31T00:00:00Z"),
      noInvalidDate: true,
    });
    const calArb = fc.constantFrom(us, weekendsOnly, utcCal);
    const unitArb = fc.constantFrom("calendarDay" as const, "businessDay" as const, "month" as const);

    it("CAPA-10: due moments are monotonic in the amount", () => {
      fc.assert(
        fc.property(
          anchorArb,
          calArb,
          unitArb,
          fc.integer({ min: 0, max: 60 }),
          fc.boolean(),
          (anchor, cal, unit, n, countAnchorDay) => {
            const a = computeDue(anchor, { id: "p", unit, amount: n, countAnchorDay }, cal);
            const b = computeDue(anchor, { id: "p", unit, amount: n + 1, countAnchorDay }, cal);
            expect(Date.parse(b.dueAt)).toBeGreaterThanOrEqual(Date.parse(a.dueAt));
          },
        ),
        { numRuns: 300 },
      );
    });

    it("CAPA-16: a business-day deadline never lands on a weekend or holiday", () => {
      fc.assert(
        fc.property(
          anchorArb,
          calArb,
          fc.integer({ min: 0, max: 40 }),
          fc.boolean(),
          (anchor, cal, n, countAnchorDay) => {
            const due = computeDue(anchor, { id: "p", unit: "businessDay", amount: n, countAnchorDay }, cal);
            expect(cal.isBusinessDay(due.dueDate)).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    });

    it("CAPA-09: recomputing from stored inputs is byte-identical; the due instant is the end of the local due day", () => {
      fc.assert(
        fc.property(anchorArb, calArb, unitArb, fc.integer({ min: 0, max: 400 }), (anchor, cal, unit, n) => {
          const stored = computeDue(anchor, { id: "p", unit, amount: n }, cal);
          const json = JSON.stringify(stored);
          expect(JSON.stringify(recomputeDue(JSON.parse(json), cal))).toBe(json);
          // DST invariance: the due instant falls on the local due date, and one ms later is the next local day.
          expect(cal.localDateOf(new Date(stored.dueAt))).toBe(stored.dueDate);
          expect(cal.localDateOf(new Date(Date.parse(stored.dueAt) + 1))).toBe(
            cal.addCalendarDays(stored.dueDate, 1),
          );
          expect(cal.localDateOf(new Date(stored.dueFrom))).toBe(stored.dueDate);
          expect(cal.localDateOf(new Date(Date.parse(stored.dueFrom) - 1))).toBe(
            cal.addCalendarDays(stored.dueDate, -1),
          );
        }),
        { numRuns: 300 },
      );
    });
  });
});
