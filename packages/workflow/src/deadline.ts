/**
 * Deadlines as data: a {@link DeadlinePolicy} applied to an anchor instant on a {@link BusinessCalendar} gives a
 * local due date, the UTC instant of the end of that local day, the zone and the calendar version. These are
 * stored, so a deadline recomputes identically and survives restarts; no in-process timer is ever set.
 *
 * @packageDocumentation
 */

import { tz } from "@date-fns/tz";
import { QmsError } from "@qmskit/core";
import { addMonths, addYears, format } from "date-fns";
import { z } from "zod";
import type { BusinessCalendar, LocalDate } from "./calendar.js";

/** Units of a deadline policy. */
export const DeadlineUnitSchema = z.enum(["calendarDay", "businessDay", "month", "year"]);

/** A deadline rule, e.g. MDR 30 calendar days, MDR 5 work days. Validated with zod. */
export const DeadlinePolicySchema = z.object({
  /** Policy id, e.g. `mdr-30-day`. */
  id: z.string().min(1).max(100),
  unit: DeadlineUnitSchema,
  /** How many units; at most 100 years' worth. */
  amount: z.number().int().min(0).max(36_500),
  /**
   * Whether the anchor's own day counts as day 1 (default false: "30 days after the day you became aware",
   * 21 CFR 803.50(a)). For business days it counts only when the anchor day is a business day.
   */
  countAnchorDay: z.boolean().default(false),
  /** When a calendar-day, month or year due date is not a business day, move it to the next one (default false). */
  rollToBusinessDay: z.boolean().default(false),
});

/** Input form of {@link DeadlinePolicySchema}. */
export type DeadlinePolicy = z.input<typeof DeadlinePolicySchema>;

/** A computed due moment, with everything needed to recompute it. */
export interface ComputedDue {
  /** Local due date in the calendar's zone. */
  readonly dueDate: LocalDate;
  /** UTC instant of the end of the local due day (ISO 8601). */
  readonly dueAt: string;
  /** UTC instant of the start of the local due day (ISO 8601): from then on the deadline is due. */
  readonly dueFrom: string;
  /** IANA zone of the calendar. */
  readonly zone: string;
  /** Calendar id and version used. */
  readonly calendarId: string;
  readonly calendarVersion: string;
}

/** Inputs and result of a deadline, as stored in records and events (JSON). */
export interface DeadlineComputation extends ComputedDue {
  /** The anchor instant (ISO 8601 UTC), e.g. when the company became aware. */
  readonly anchorAt: string;
  /** The policy, with defaults applied. */
  readonly policy: z.output<typeof DeadlinePolicySchema>;
}

/** Parse a deadline policy, throwing a `VALIDATION` error. */
export function parseDeadlinePolicy(policy: unknown): z.output<typeof DeadlinePolicySchema> {
  const parsed = DeadlinePolicySchema.safeParse(policy);
  if (!parsed.success) {
    throw new QmsError("VALIDATION", `Invalid deadline policy: ${z.prettifyError(parsed.error)}`, {
      details: { issues: parsed.error.issues },
    });
  }
  return parsed.data;
}

const UTC = tz("UTC");

/** The first business day on or after `date`; gives up after 3660 days of closures. */
function nextBusinessDay(calendar: BusinessCalendar, date: LocalDate): LocalDate {
  let d = date;
  for (let i = 0; i < 3660; i++) {
    if (calendar.isBusinessDay(d)) return d;
    d = calendar.addCalendarDays(d, 1);
  }
  throw new QmsError(
    "LIMIT_EXCEEDED",
    `Calendar "${calendar.id}" has no business day within 10 years of ${date}`,
  );
}

/**
 * Compute a due date from an anchor instant. The anchor's local date is taken in the calendar's zone, the
 * due moment is the end of the local due day.
 *
 * Business days are counted one day at a time because date-fns `addBusinessDays` knows neither holidays
 * nor other weekend days (see the requirements, §5).
 *
 * @requirement CAPA-16 (MDR clocks: 30 calendar days after the day of awareness, 21 CFR 803.50(a); 5 work days, 803.53)
 * @requirement CAPA-10 (target dates come from a configurable policy)
 * @example
 * ```ts
 * computeDue(new Date("2026-11-20T15:00:00Z"), { id: "mdr-5-day", unit: "businessDay", amount: 5 }, usCalendar);
 * // { dueDate: "2026-11-30", dueAt: "2026-12-01T04:59:59.999Z", zone: "America/New_York", ... }
 * ```
 */
export function computeDue(
  anchor: Date,
  policyInput: DeadlinePolicy,
  calendar: BusinessCalendar,
): DeadlineComputation {
  if (!(anchor instanceof Date) || Number.isNaN(anchor.getTime())) {
    throw new QmsError("VALIDATION", "The deadline anchor must be a valid Date");
  }
  const policy = parseDeadlinePolicy(policyInput);
  const anchorDate = calendar.localDateOf(anchor);
  let dueDate: LocalDate;
  if (policy.unit === "businessDay") {
    let remaining = policy.amount;
    let d = anchorDate;
    if (policy.countAnchorDay && calendar.isBusinessDay(d)) {
      remaining -= 1;
      if (remaining < 0) remaining = 0;
    }
    if (remaining === 0) {
      dueDate = nextBusinessDay(calendar, d);
    } else {
      while (remaining > 0) {
        d = calendar.addCalendarDays(d, 1);
        if (calendar.isBusinessDay(d)) remaining -= 1;
      }
      dueDate = d;
    }
  } else {
    if (policy.unit === "calendarDay") {
      const days = policy.countAnchorDay ? Math.max(0, policy.amount - 1) : policy.amount;
      dueDate = calendar.addCalendarDays(anchorDate, days);
    } else {
      // Whole local dates, so the arithmetic runs in UTC where no day is 23 or 25 hours long.
      const start = new Date(`${anchorDate}T00:00:00Z`);
      const add = policy.unit === "month" ? addMonths : addYears;
      dueDate = format(add(start, policy.amount, { in: UTC }), "yyyy-MM-dd", { in: UTC });
    }
    if (policy.rollToBusinessDay) dueDate = nextBusinessDay(calendar, dueDate);
  }
  const day = calendar.dayBounds(dueDate);
  return {
    anchorAt: anchor.toISOString(),
    policy,
    dueDate,
    dueAt: day.end,
    dueFrom: day.start,
    zone: calendar.zone,
    calendarId: calendar.id,
    calendarVersion: calendar.version,
  };
}

/**
 * Recompute a stored deadline from its stored inputs. Refuses (`CONFLICT`) when the calendar is not the one
 * it was computed with; otherwise the result is byte-identical to the stored one.
 *
 * @requirement CAPA-09 (a stored deadline recomputes identically from its inputs)
 */
export function recomputeDue(stored: DeadlineComputation, calendar: BusinessCalendar): DeadlineComputation {
  if (stored.calendarId !== calendar.id || stored.calendarVersion !== calendar.version) {
    throw new QmsError(
      "CONFLICT",
      `Deadline was computed with calendar ${stored.calendarId}@${stored.calendarVersion}, not ${calendar.id}@${calendar.version}`,
      { details: { stored: `${stored.calendarId}@${stored.calendarVersion}` } },
    );
  }
  return computeDue(new Date(stored.anchorAt), stored.policy, calendar);
}
