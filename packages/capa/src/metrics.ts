import { TZDate, tz } from "@date-fns/tz";
import { QmsError } from "@qmskit/core";
import { differenceInCalendarDays, subMonths } from "date-fns";
import { z } from "zod";
import type { EffectivenessResult } from "./capa-records.js";
import type { CapaSourceKind } from "./sources.js";

/**
 * What the metrics need to know about one CAPA, as projected from its events (see `projectCapaFacts`).
 * Instants are ISO 8601 UTC strings taken from the events' server time.
 */
export interface CapaFacts {
  readonly id: string;
  readonly openedAt: string;
  readonly priority: string | undefined;
  readonly sourceKinds: readonly CapaSourceKind[];
  /** Root-cause codes with the time they were recorded. */
  readonly rootCauses: readonly Stamped<{ readonly code: string }>[];
  /** Due instant (end of the local due day) set at opening; never changes (CAPA-11). */
  readonly originalDueAt: string | undefined;
  /** Approved extensions in order, each with the new due instant. */
  readonly extensions: readonly Stamped<{ readonly dueAt: string }>[];
  readonly effectivenessChecks: readonly Stamped<{ readonly result: EffectivenessResult }>[];
  readonly closedAt: string | undefined;
  readonly cancelledAt: string | undefined;
  /** Management reviews the CAPA was reported to (CAPA-08). */
  readonly managementReviews: readonly Stamped<{ readonly reviewId: string }>[];
}

/** A fact with the server time (ISO 8601 UTC) it was recorded at. */
export type Stamped<T> = T & { readonly at: string };

const zoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: "not an IANA time zone" },
);

/**
 * The reporting period and options of {@link computeCapaMetrics}: local dates `from` (inclusive) and `to`
 * (exclusive) in the site's time zone.
 *
 * @requirement MR-01
 */
export const MetricsPeriodSchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    zone: zoneSchema,
    /** Upper bounds (days, inclusive) of the age buckets; the last bucket is open-ended. */
    ageBuckets: z.array(z.number().int().positive()).min(1).default([30, 60, 90, 180]),
    /** How far back a shared root-cause code makes a new CAPA a recurrence. */
    recurrenceLookbackMonths: z.number().int().positive().default(12),
  })
  .refine((p) => p.from < p.to, { message: "`from` must be before `to`", path: ["to"] })
  .refine((p) => p.ageBuckets.every((b, i, all) => i === 0 || b > (all[i - 1] ?? 0)), {
    message: "age buckets must be strictly increasing",
    path: ["ageBuckets"],
  });
/** Input type of {@link MetricsPeriodSchema}. */
export type MetricsPeriodInput = z.input<typeof MetricsPeriodSchema>;

/** Management-review metrics of CAPAs over one period. */
export interface CapaMetrics {
  readonly period: {
    readonly from: string;
    readonly to: string;
    readonly zone: string;
    readonly startsAt: string;
    readonly endsAt: string;
  };
  /** CAPAs opened in the period (CAPA-08: MR input includes every CAPA opened or closed in it). */
  readonly openedInPeriod: readonly string[];
  /** CAPAs closed in the period. */
  readonly closedInPeriod: readonly string[];
  /** CAPAs open at the end of the period. */
  readonly openAtEnd: number;
  /** Open CAPAs at the end of the period by age in calendar days. */
  readonly openByAge: readonly { readonly bucket: string; readonly count: number }[];
  /** Open CAPAs at period end past their due date: against the original and the extended (current) date. */
  readonly overdue: {
    readonly againstOriginal: number;
    readonly againstExtended: number;
    readonly againstOriginalIds: readonly string[];
    readonly againstExtendedIds: readonly string[];
  };
  /** CAPAs closed in the period after their original due date, and after their (extended) due date at closure. */
  readonly closedLate: { readonly againstOriginal: number; readonly againstExtended: number };
  /** Approved extensions up to period end. */
  readonly extensions: { readonly capasExtended: number; readonly total: number };
  /** Median calendar days from opening to closure over CAPAs closed in the period (null when none). */
  readonly medianDaysToClose: number | null;
  /** CAPAs whose first effectiveness check fell in the period, and how many were Effective at once. */
  readonly firstTimeEffectiveness: {
    readonly checked: number;
    readonly passedFirstTime: number;
    readonly rate: number | null;
  };
  /**
   * Per source kind, CAPAs opened in the period and how many recur: share a root-cause code with a CAPA
   * opened in the lookback window before them.
   */
  readonly recurrenceBySource: readonly {
    readonly source: CapaSourceKind;
    readonly opened: number;
    readonly recurrences: number;
    readonly rate: number | null;
  }[];
  /** CAPAs flagged for management review, by review id. */
  readonly flaggedForManagementReview: Readonly<Record<string, readonly string[]>>;
}

function parsePeriod(input: MetricsPeriodInput) {
  const parsed = MetricsPeriodSchema.safeParse(input);
  if (!parsed.success)
    throw new QmsError("VALIDATION", `invalid metrics period: ${z.prettifyError(parsed.error)}`, {
      details: { issues: parsed.error.issues },
    });
  return parsed.data;
}

/** Start of the local day `date` (YYYY-MM-DD) in `zone`, as a UTC instant. */
export function startOfLocalDay(date: string, zone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, zone).getTime());
}

/** The period's UTC bounds: [start of `from`, start of `to`) in the zone. */
export function periodBounds(input: MetricsPeriodInput): { start: Date; end: Date } {
  const p = parsePeriod(input);
  return { start: startOfLocalDay(p.from, p.zone), end: startOfLocalDay(p.to, p.zone) };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/**
 * Compute the management-review metrics of CAPAs for the period [from, to) in the site's time zone.
 * A pure, deterministic function of its inputs: facts recorded at or after the period end are ignored, so
 * the metrics of a closed period never change when computed later.
 *
 * @requirement MR-01
 * @requirement CAPA-08
 * @example
 * ```ts
 * const m = computeCapaMetrics(facts, { from: "2026-01-01", to: "2026-04-01", zone: "America/New_York" });
 * ```
 */
export function computeCapaMetrics(
  facts: readonly CapaFacts[],
  periodInput: MetricsPeriodInput,
): CapaMetrics {
  const p = parsePeriod(periodInput);
  const start = startOfLocalDay(p.from, p.zone).getTime();
  const end = startOfLocalDay(p.to, p.zone).getTime();
  const inZone = { in: tz(p.zone) };
  const t = (iso: string) => Date.parse(iso);
  const before = (iso: string | undefined) => iso !== undefined && t(iso) < end;
  const inPeriod = (iso: string | undefined) => iso !== undefined && t(iso) >= start && t(iso) < end;

  const known = facts.filter((f) => before(f.openedAt));
  const openedInPeriod = known.filter((f) => inPeriod(f.openedAt));
  const closedInPeriod = known.filter((f) => inPeriod(f.closedAt));
  const openAtEnd = known.filter((f) => !before(f.closedAt) && !before(f.cancelledAt));

  const bucketLabels = p.ageBuckets.map(
    (upper, i) => `${i === 0 ? 0 : (p.ageBuckets[i - 1] ?? 0) + 1}-${upper}`,
  );
  bucketLabels.push(`>${p.ageBuckets[p.ageBuckets.length - 1]}`);
  const bucketCounts = bucketLabels.map(() => 0);
  const endDate = new Date(end);
  for (const f of openAtEnd) {
    // age in whole local days at the end of the period (the last day of the period counts)
    const age = differenceInCalendarDays(new Date(end - 1), new Date(f.openedAt), inZone);
    const idx = p.ageBuckets.findIndex((upper) => age <= upper);
    const bucket = idx === -1 ? bucketCounts.length - 1 : idx;
    bucketCounts[bucket] = (bucketCounts[bucket] ?? 0) + 1;
  }

  const extensionsOf = (f: CapaFacts) => f.extensions.filter((e) => before(e.at));
  const currentDueAt = (f: CapaFacts) => extensionsOf(f).at(-1)?.dueAt ?? f.originalDueAt;
  const codesOf = (f: CapaFacts) => f.rootCauses.filter((r) => before(r.at)).map((r) => r.code);
  const overOriginal = openAtEnd.filter((f) => f.originalDueAt !== undefined && t(f.originalDueAt) < end);
  const overExtended = openAtEnd.filter((f) => {
    const due = currentDueAt(f);
    return due !== undefined && t(due) < end;
  });

  const closedLateOriginal = closedInPeriod.filter(
    (f) => f.originalDueAt !== undefined && t(f.closedAt!) > t(f.originalDueAt),
  ).length;
  const closedLateExtended = closedInPeriod.filter((f) => {
    const due = f.extensions.filter((e) => t(e.at) <= t(f.closedAt!)).at(-1)?.dueAt ?? f.originalDueAt;
    return due !== undefined && t(f.closedAt!) > t(due);
  }).length;

  const daysToClose = closedInPeriod.map((f) =>
    differenceInCalendarDays(new Date(f.closedAt!), new Date(f.openedAt), inZone),
  );

  const firstChecks = known
    .map((f) => ({ f, first: f.effectivenessChecks.find((c) => before(c.at)) }))
    .filter((x) => x.first !== undefined && inPeriod(x.first.at));
  const passedFirst = firstChecks.filter((x) => x.first!.result === "Effective").length;

  const recurrence = new Map<CapaSourceKind, { opened: number; recurrences: number }>();
  // opening times of the CAPAs per root-cause code (codes recorded before the period end)
  const openedByCode = new Map<string, number[]>();
  for (const g of known)
    for (const code of new Set(codesOf(g))) {
      const list = openedByCode.get(code) ?? [];
      list.push(t(g.openedAt));
      openedByCode.set(code, list);
    }
  for (const f of openedInPeriod) {
    const opened = t(f.openedAt);
    const windowStart = subMonths(new Date(f.openedAt), p.recurrenceLookbackMonths, inZone).getTime();
    // an earlier CAPA (strictly earlier opening, so never f itself) in the window shares a code
    const recurs = [...new Set(codesOf(f))].some((code) =>
      (openedByCode.get(code) ?? []).some((o) => o < opened && o >= windowStart),
    );
    for (const kind of new Set(f.sourceKinds)) {
      const row = recurrence.get(kind) ?? { opened: 0, recurrences: 0 };
      row.opened += 1;
      if (recurs) row.recurrences += 1;
      recurrence.set(kind, row);
    }
  }

  const flagged: Record<string, string[]> = {};
  for (const f of known)
    for (const r of f.managementReviews) {
      if (!before(r.at)) continue;
      const list = flagged[r.reviewId] ?? [];
      list.push(f.id);
      flagged[r.reviewId] = list;
    }

  const ids = (list: readonly CapaFacts[]) => list.map((f) => f.id).sort();
  return {
    period: {
      from: p.from,
      to: p.to,
      zone: p.zone,
      startsAt: new Date(start).toISOString(),
      endsAt: endDate.toISOString(),
    },
    openedInPeriod: ids(openedInPeriod),
    closedInPeriod: ids(closedInPeriod),
    openAtEnd: openAtEnd.length,
    openByAge: bucketLabels.map((bucket, i) => ({ bucket, count: bucketCounts[i] ?? 0 })),
    overdue: {
      againstOriginal: overOriginal.length,
      againstExtended: overExtended.length,
      againstOriginalIds: ids(overOriginal),
      againstExtendedIds: ids(overExtended),
    },
    closedLate: { againstOriginal: closedLateOriginal, againstExtended: closedLateExtended },
    extensions: {
      capasExtended: known.filter((f) => extensionsOf(f).length > 0).length,
      total: known.reduce((n, f) => n + extensionsOf(f).length, 0),
    },
    medianDaysToClose: median(daysToClose),
    firstTimeEffectiveness: {
      checked: firstChecks.length,
      passedFirstTime: passedFirst,
      rate: ratio(passedFirst, firstChecks.length),
    },
    recurrenceBySource: [...recurrence.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, r]) => ({ source, ...r, rate: ratio(r.recurrences, r.opened) })),
    flaggedForManagementReview: Object.fromEntries(
      Object.entries(flagged)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, [...new Set(v)].sort()]),
    ),
  };
}
