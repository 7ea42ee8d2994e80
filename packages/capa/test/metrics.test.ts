import { isQmsError } from "@qmskit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CapaFacts, computeCapaMetrics, startOfLocalDay } from "../src/index.js";

function capa(id: string, over: Partial<CapaFacts> & { openedAt: string }): CapaFacts {
  return {
    id,
    priority: "medium",
    sourceKinds: ["complaint"],
    rootCauses: [],
    originalDueAt: undefined,
    extensions: [],
    effectivenessChecks: [],
    closedAt: undefined,
    cancelledAt: undefined,
    managementReviews: [],
    ...over,
  };
}

const period = { from: "2026-01-01", to: "2026-04-01", zone: "America/New_York" } as const;

describe("computeCapaMetrics", () => {
  it("MR-01: the period is [from, to) in the site time zone", () => {
    // 2026-01-01 00:00 New York is 05:00 UTC; a CAPA opened at 04:59 UTC belongs to December
    const facts = [
      capa("dec", { openedAt: "2026-01-01T04:59:59.999Z" }),
      capa("jan", { openedAt: "2026-01-01T05:00:00.000Z" }),
      // 2026-04-01 00:00 New York (EDT) is 04:00 UTC: excluded
      capa("apr", { openedAt: "2026-04-01T04:00:00.000Z" }),
      capa("mar", { openedAt: "2026-04-01T03:59:59.999Z" }),
    ];
    const m = computeCapaMetrics(facts, period);
    expect(m.period.startsAt).toBe("2026-01-01T05:00:00.000Z");
    expect(m.period.endsAt).toBe("2026-04-01T04:00:00.000Z");
    expect(m.openedInPeriod).toEqual(["jan", "mar"]);
    // "apr" does not exist yet at the end of the period
    expect(m.openAtEnd).toBe(3);
  });

  it("MR-01: facts recorded after the period end do not change the metrics of the period", () => {
    const base = capa("a", {
      openedAt: "2026-01-10T15:00:00Z",
      originalDueAt: "2026-02-10T04:59:59.999Z",
    });
    const later: CapaFacts = {
      ...base,
      extensions: [{ at: "2026-05-01T12:00:00Z", dueAt: "2026-06-01T03:59:59.999Z" }],
      effectivenessChecks: [{ at: "2026-05-02T12:00:00Z", result: "Effective" }],
      closedAt: "2026-05-03T12:00:00Z",
      rootCauses: [{ at: "2026-05-01T00:00:00Z", code: "RC-1" }],
      managementReviews: [{ at: "2026-06-01T00:00:00Z", reviewId: "MR-2026-2" }],
    };
    expect(computeCapaMetrics([later], period)).toEqual(computeCapaMetrics([base], period));
  });

  it("MR-01: open CAPAs by age bucket at period end", () => {
    const end = "2026-03-31T12:00:00Z";
    const facts = [
      capa("d0", { openedAt: end }), // 0 days
      capa("d30", { openedAt: "2026-03-01T12:00:00Z" }), // 30 days
      capa("d31", { openedAt: "2026-02-28T12:00:00Z" }), // 31 days
      capa("d100", { openedAt: "2025-12-21T12:00:00Z" }), // 100 days
      capa("d400", { openedAt: "2025-02-24T12:00:00Z" }), // 400 days
      capa("closed", { openedAt: "2026-01-05T12:00:00Z", closedAt: "2026-02-01T12:00:00Z" }),
      capa("cancelled", { openedAt: "2026-01-05T12:00:00Z", cancelledAt: "2026-02-01T12:00:00Z" }),
    ];
    const m = computeCapaMetrics(facts, period);
    expect(m.openByAge).toEqual([
      { bucket: "0-30", count: 2 },
      { bucket: "31-60", count: 1 },
      { bucket: "61-90", count: 0 },
      { bucket: "91-180", count: 1 },
      { bucket: ">180", count: 1 },
    ]);
    expect(m.openAtEnd).toBe(5);
    expect(m.closedInPeriod).toEqual(["closed"]);
  });

  it("CAPA-11: overdue is counted against the original and against the extended due date", () => {
    const facts = [
      // due in February, extended to May: overdue against original only
      capa("extended", {
        openedAt: "2026-01-05T12:00:00Z",
        originalDueAt: "2026-02-05T04:59:59.999Z",
        extensions: [{ at: "2026-02-01T12:00:00Z", dueAt: "2026-05-05T03:59:59.999Z" }],
      }),
      // due in February, not extended: overdue against both
      capa("late", { openedAt: "2026-01-05T12:00:00Z", originalDueAt: "2026-02-05T04:59:59.999Z" }),
      // due in May: on time
      capa("ok", { openedAt: "2026-03-05T12:00:00Z", originalDueAt: "2026-05-05T03:59:59.999Z" }),
      // late but closed: not open, not overdue
      capa("done", {
        openedAt: "2026-01-05T12:00:00Z",
        originalDueAt: "2026-01-20T04:59:59.999Z",
        closedAt: "2026-02-20T12:00:00Z",
      }),
    ];
    const m = computeCapaMetrics(facts, period);
    expect(m.overdue.againstOriginalIds).toEqual(["extended", "late"]);
    expect(m.overdue.againstExtendedIds).toEqual(["late"]);
    expect(m.extensions).toEqual({ capasExtended: 1, total: 1 });
    // "done" closed a month after its due date
    expect(m.closedLate).toEqual({ againstOriginal: 1, againstExtended: 1 });
  });

  it("CAPA-11: a CAPA closed within its extension is late against the original date only", () => {
    const f = capa("x", {
      openedAt: "2026-01-05T12:00:00Z",
      originalDueAt: "2026-02-05T04:59:59.999Z",
      extensions: [{ at: "2026-02-01T12:00:00Z", dueAt: "2026-03-05T04:59:59.999Z" }],
      closedAt: "2026-03-01T12:00:00Z",
    });
    expect(computeCapaMetrics([f], period).closedLate).toEqual({ againstOriginal: 1, againstExtended: 0 });
  });

  it("MR-01: median days to close counts local calendar days", () => {
    const facts = [
      // opened 23:30 New York on Jan 1 (04:30 UTC Jan 2), closed 00:30 New York Jan 3: 2 local days
      capa("a", { openedAt: "2026-01-02T04:30:00Z", closedAt: "2026-01-03T05:30:00Z" }),
      capa("b", { openedAt: "2026-01-10T15:00:00Z", closedAt: "2026-01-20T15:00:00Z" }),
      capa("c", { openedAt: "2026-01-10T15:00:00Z", closedAt: "2026-02-09T15:00:00Z" }),
      capa("d", { openedAt: "2026-01-10T15:00:00Z", closedAt: "2026-03-11T15:00:00Z" }),
    ];
    expect(computeCapaMetrics(facts, period).medianDaysToClose).toBe(20);
    expect(computeCapaMetrics([facts[0]!], period).medianDaysToClose).toBe(2);
    expect(computeCapaMetrics([], period).medianDaysToClose).toBeNull();
  });

  it("MR-01: first-time effectiveness pass rate counts only the first check of each CAPA", () => {
    const facts = [
      capa("pass", {
        openedAt: "2026-01-05T12:00:00Z",
        effectivenessChecks: [{ at: "2026-02-01T12:00:00Z", result: "Effective" }],
      }),
      capa("second", {
        openedAt: "2026-01-05T12:00:00Z",
        effectivenessChecks: [
          { at: "2026-02-01T12:00:00Z", result: "Ineffective" },
          { at: "2026-03-01T12:00:00Z", result: "Effective" },
        ],
      }),
      capa("inconclusive", {
        openedAt: "2026-01-05T12:00:00Z",
        effectivenessChecks: [{ at: "2026-02-01T12:00:00Z", result: "Inconclusive" }],
      }),
      // first check before the period: not counted
      capa("old", {
        openedAt: "2025-10-05T12:00:00Z",
        effectivenessChecks: [
          { at: "2025-12-01T12:00:00Z", result: "Ineffective" },
          { at: "2026-02-01T12:00:00Z", result: "Effective" },
        ],
      }),
    ];
    const m = computeCapaMetrics(facts, period);
    expect(m.firstTimeEffectiveness.checked).toBe(3);
    expect(m.firstTimeEffectiveness.passedFirstTime).toBe(1);
    expect(m.firstTimeEffectiveness.rate).toBeCloseTo(1 / 3);
  });

  it("MR-01: recurrence by source counts CAPAs sharing a root-cause code with an earlier CAPA in the lookback", () => {
    const rc = (code: string) => [{ at: "2026-03-20T00:00:00Z", code }];
    const facts = [
      capa("old", {
        openedAt: "2025-06-01T12:00:00Z",
        rootCauses: rc("RC-SEAL"),
        sourceKinds: ["complaint"],
      }),
      capa("ancient", { openedAt: "2024-06-01T12:00:00Z", rootCauses: rc("RC-LABEL") }),
      capa("r1", { openedAt: "2026-02-01T12:00:00Z", rootCauses: rc("RC-SEAL"), sourceKinds: ["complaint"] }),
      capa("r2", {
        openedAt: "2026-02-02T12:00:00Z",
        rootCauses: rc("RC-SEAL"),
        sourceKinds: ["nonconformance", "auditFinding"],
      }),
      // outside the 12-month lookback: not a recurrence
      capa("n1", {
        openedAt: "2026-02-03T12:00:00Z",
        rootCauses: rc("RC-LABEL"),
        sourceKinds: ["complaint"],
      }),
      capa("n2", { openedAt: "2026-02-04T12:00:00Z", sourceKinds: ["supplier"] }),
    ];
    const m = computeCapaMetrics(facts, period);
    expect(m.recurrenceBySource).toEqual([
      { source: "auditFinding", opened: 1, recurrences: 1, rate: 1 },
      { source: "complaint", opened: 2, recurrences: 1, rate: 0.5 },
      { source: "nonconformance", opened: 1, recurrences: 1, rate: 1 },
      { source: "supplier", opened: 1, recurrences: 0, rate: 0 },
    ]);
  });

  it("CAPA-08: lists CAPAs opened or closed in the period and those flagged for a review", () => {
    const facts = [
      capa("a", {
        openedAt: "2025-12-01T12:00:00Z",
        closedAt: "2026-01-15T12:00:00Z",
        managementReviews: [{ at: "2026-01-16T12:00:00Z", reviewId: "MR-2026-Q1" }],
      }),
      capa("b", {
        openedAt: "2026-02-01T12:00:00Z",
        managementReviews: [{ at: "2026-02-16T12:00:00Z", reviewId: "MR-2026-Q1" }],
      }),
    ];
    const m = computeCapaMetrics(facts, period);
    expect(m.openedInPeriod).toEqual(["b"]);
    expect(m.closedInPeriod).toEqual(["a"]);
    expect(m.flaggedForManagementReview).toEqual({ "MR-2026-Q1": ["a", "b"] });
  });

  it("MR-01: rejects a malformed period with a VALIDATION error", () => {
    for (const bad of [
      { ...period, zone: "Mars/Olympus" },
      { ...period, from: "2026-04-01", to: "2026-01-01" },
      { ...period, from: "2026-13-01" },
      { ...period, ageBuckets: [60, 30] },
    ]) {
      let error: unknown;
      try {
        computeCapaMetrics([], bad);
      } catch (e) {
        error = e;
      }
      expect(isQmsError(error, "VALIDATION")).toBe(true);
    }
  });

  it("MR-01: the result does not depend on the order of the facts", () => {
    const arbFact = fc.record({
      id: fc.uuid(),
      opened: fc.integer({ min: Date.parse("2025-06-01"), max: Date.parse("2026-05-01") }),
      closeAfterDays: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      code: fc.constantFrom("RC-1", "RC-2", "RC-3"),
      source: fc.constantFrom("complaint" as const, "supplier" as const, "cybersecurity" as const),
      result: fc.option(fc.constantFrom("Effective" as const, "Ineffective" as const), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbFact, { selector: (f) => f.id, maxLength: 30 }), (raw) => {
        const facts = raw.map((r) => {
          const openedAt = new Date(r.opened).toISOString();
          const closed =
            r.closeAfterDays === undefined ? undefined : r.opened + r.closeAfterDays * 86_400_000;
          return capa(r.id, {
            openedAt,
            sourceKinds: [r.source],
            rootCauses: [{ at: openedAt, code: r.code }],
            closedAt: closed === undefined ? undefined : new Date(closed).toISOString(),
            effectivenessChecks:
              r.result === undefined || closed === undefined
                ? []
                : [{ at: new Date(closed - 1).toISOString(), result: r.result }],
          });
        });
        const a = computeCapaMetrics(facts, period);
        const b = computeCapaMetrics([...facts].reverse(), period);
        expect(b).toEqual(a);
        expect(a.openByAge.reduce((n, x) => n + x.count, 0)).toBe(a.openAtEnd);
      }),
    );
  });

  it("startOfLocalDay follows the zone's DST offset", () => {
    expect(startOfLocalDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfLocalDay("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });
});
