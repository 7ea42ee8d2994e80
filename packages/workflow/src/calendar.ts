/**
 * Business calendars: a time zone, weekend days and a versioned holiday set (date-holidays plus host
 * closures). Local dates are `YYYY-MM-DD` strings; arithmetic goes through date-fns in a fixed zone.
 *
 * @packageDocumentation
 */

import { TZDate, tz } from "@date-fns/tz";
import { QmsError } from "@qmskit/core";
import { addDays, endOfDay, format, getDay, startOfDay } from "date-fns";
import Holidays from "date-holidays";
import { z } from "zod";

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Holiday types of date-holidays that count as closures. */
export const HolidayTypeSchema = z.enum(["public", "bank", "school", "optional", "observance"]);

/** Options of {@link createBusinessCalendar}, validated with zod. */
export const BusinessCalendarOptionsSchema = z.object({
  /** Calendar id referenced by deadline specs, e.g. `us-federal`. */
  id: z.string().min(1).max(100),
  /**
   * Version of the holiday set. Change it whenever the closures or holiday source change: stored deadlines
   * name the version they were computed with, and recomputing with another version is refused.
   */
  version: z.string().min(1).max(100),
  /** IANA time zone, e.g. `America/New_York`. */
  zone: z.string().min(1).max(100),
  /** Weekend days, 0 = Sunday … 6 = Saturday (default Saturday and Sunday). */
  weekend: z.array(z.number().int().min(0).max(6)).max(6).default([0, 6]),
  /** Public holidays from date-holidays, e.g. `{ country: "US" }`. */
  holidays: z
    .object({
      country: z.string().min(2).max(10),
      state: z.string().min(1).max(10).optional(),
      region: z.string().min(1).max(20).optional(),
      types: z.array(HolidayTypeSchema).min(1).default(["public"]),
    })
    .optional(),
  /** Extra closure days of the site, `YYYY-MM-DD`. */
  closures: z.array(z.string().regex(LOCAL_DATE)).max(10_000).default([]),
});

/** Input of {@link createBusinessCalendar}. */
export type BusinessCalendarOptions = z.input<typeof BusinessCalendarOptionsSchema>;

/**
 * A business calendar. Build one with {@link createBusinessCalendar}.
 */
export interface BusinessCalendar {
  /** Calendar id. */
  readonly id: string;
  /** Version of the holiday set (stored with every deadline). */
  readonly version: string;
  /** IANA time zone. */
  readonly zone: string;
  /** Weekend days, 0 = Sunday. */
  readonly weekend: readonly number[];
  /** True when the local date is a holiday or a host closure. */
  isHoliday(date: LocalDate): boolean;
  /** True when the local date is neither a weekend day nor a holiday. */
  isBusinessDay(date: LocalDate): boolean;
  /** The local date `days` calendar days after `date` (negative goes back). */
  addCalendarDays(date: LocalDate, days: number): LocalDate;
  /** The local date of an instant in this calendar's zone. */
  localDateOf(instant: Date): LocalDate;
  /** UTC instants (ISO 8601) of the first and last millisecond of a local date in this calendar's zone. */
  dayBounds(date: LocalDate): { readonly start: string; readonly end: string };
}

const UTC = tz("UTC");

/** Entries kept per calendar cache before it is cleared (about 270 years of days). */
const CACHE_LIMIT = 100_000;

/** Parse `YYYY-MM-DD` into a UTC-midnight date (the zone is irrelevant for whole-day arithmetic). */
function utcDay(date: LocalDate): Date {
  if (!LOCAL_DATE.test(date)) throw new QmsError("VALIDATION", `"${date}" is not a local date (YYYY-MM-DD)`);
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
    throw new QmsError("VALIDATION", `"${date}" is not a valid calendar date`);
  }
  return d;
}

/** True when `zone` is an IANA zone the runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Create a business calendar from a zone, weekend days, a date-holidays source and host closures.
 *
 * @requirement CAPA-16 (work days of 21 CFR 803.53 exclude weekends and federal holidays)
 * @example
 * ```ts
 * const us = createBusinessCalendar({ id: "us-federal", version: "2026.1", zone: "America/New_York",
 *   holidays: { country: "US" } });
 * us.isBusinessDay("2026-11-26"); // false: Thanksgiving
 * ```
 */
export function createBusinessCalendar(options: BusinessCalendarOptions): BusinessCalendar {
  const parsed = BusinessCalendarOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new QmsError("VALIDATION", `Invalid business calendar options: ${z.prettifyError(parsed.error)}`, {
      details: { issues: parsed.error.issues },
    });
  }
  const opts = parsed.data;
  if (!isValidTimeZone(opts.zone)) {
    throw new QmsError("VALIDATION", `Unknown IANA time zone "${opts.zone}"`, {
      details: { zone: opts.zone },
    });
  }
  const weekend = [...new Set(opts.weekend)].sort();
  const closures = new Set(opts.closures);
  let source: Holidays | undefined;
  if (opts.holidays) {
    const h = new Holidays();
    const { country, state, region } = opts.holidays;
    const known =
      Object.hasOwn(h.getCountries() ?? {}, country) &&
      (state === undefined || Object.hasOwn(h.getStates(country) ?? {}, state)) &&
      (region === undefined ||
        (state !== undefined && Object.hasOwn(h.getRegions(country, state) ?? {}, region)));
    if (known) h.init(country, state ?? "", region ?? "");
    if (!known) {
      throw new QmsError(
        "VALIDATION",
        `date-holidays does not know the holiday source "${opts.holidays.country}"`,
        {
          details: { holidays: opts.holidays },
        },
      );
    }
    h.setTimezone("UTC");
    source = h;
  }
  const types = new Set<string>(opts.holidays?.types ?? []);
  const byYear = new Map<number, Set<string>>();
  const holidaysOf = (year: number): Set<string> => {
    let set = byYear.get(year);
    if (!set) {
      set = new Set();
      // date-holidays lists a substitute day under the year it falls in, e.g. 2027-12-31 for New Year 2028.
      for (const h of source?.getHolidays(year) ?? []) {
        if (types.has(h.type)) set.add(h.date.slice(0, 10));
      }
      byYear.set(year, set);
    }
    return set;
  };
  const isHoliday = (date: LocalDate): boolean => {
    utcDay(date);
    return closures.has(date) || holidaysOf(Number(date.slice(0, 4))).has(date);
  };
  // Deadline loops ask about the same days again and again: remember answers (bounded).
  const businessDays = new Map<string, boolean>();
  const nextDays = new Map<string, string>();
  const remember = <V>(cache: Map<string, V>, key: string, compute: () => V): V => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      v = compute();
      cache.set(key, v);
    }
    return v;
  };
  const plusDays = (date: LocalDate, days: number): LocalDate =>
    format(addDays(utcDay(date), days, { in: UTC }), "yyyy-MM-dd", { in: UTC });
  // One formatter per calendar: Intl does the zone conversion (date-fns' TZDate does the same, more slowly).
  const dateParts = new Intl.DateTimeFormat("en-US", {
    timeZone: opts.zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    era: "short",
  });
  const localDateOf = (instant: Date): LocalDate => {
    let y = "";
    let m = "";
    let d = "";
    let bc = false;
    for (const part of dateParts.formatToParts(instant)) {
      if (part.type === "year") y = part.value;
      else if (part.type === "month") m = part.value;
      else if (part.type === "day") d = part.value;
      else if (part.type === "era") bc = part.value.startsWith("B");
    }
    if (bc || y.length > 4) {
      throw new QmsError("VALIDATION", "Dates before year 1 or after 9999 are not supported", {
        details: { instant: String(instant) },
      });
    }
    return `${y.padStart(4, "0")}-${m}-${d}`;
  };
  const bounds = new Map<string, { start: string; end: string }>();
  const dayBounds = (date: LocalDate) =>
    remember(bounds, date, () => {
      const day = utcDay(date);
      const local = new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), opts.zone);
      return Object.freeze({
        start: new Date(startOfDay(local).getTime()).toISOString(),
        end: new Date(endOfDay(local).getTime()).toISOString(),
      });
    });
  return Object.freeze({
    id: opts.id,
    version: opts.version,
    zone: opts.zone,
    weekend: Object.freeze(weekend),
    isHoliday,
    isBusinessDay: (date: LocalDate) =>
      remember(
        businessDays,
        date,
        () => !weekend.includes(getDay(utcDay(date), { in: UTC })) && !isHoliday(date),
      ),
    addCalendarDays: (date: LocalDate, days: number) =>
      days === 1 ? remember(nextDays, date, () => plusDays(date, 1)) : plusDays(date, days),
    localDateOf,
    dayBounds,
  });
}
