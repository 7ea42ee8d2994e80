import { TZDate, tz } from "@date-fns/tz";
import { QmsError } from "@qmskit/core";
import { addDays, addMonths, addYears, format, isValid, parseISO } from "date-fns";
import { z } from "zod";

/** An IANA time zone the runtime knows, e.g. `Europe/Berlin`. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "unknown IANA time zone");

/** A calendar date `YYYY-MM-DD` (a real day: `2026-02-30` is refused). */
export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")
  .refine((s) => isValid(parseISO(s)) && format(parseISO(s), "yyyy-MM-dd") === s, "not a calendar date");

/** The UTC instant at which local day `date` begins in `zone` (when an effective date takes effect). */
export function startOfLocalDay(date: string, zone: string): Date {
  const d = parseISO(date);
  return new Date(new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), zone).getTime());
}

/** The local calendar date of `instant` in `zone`, as `YYYY-MM-DD`. */
export function localDate(instant: Date, zone: string): string {
  return format(instant, "yyyy-MM-dd", { in: tz(zone) });
}

/** `instant` shown in the site zone with its offset, e.g. `2026-03-02 14:05:00 +01:00 (Europe/Berlin)`. */
export function localDateTime(instant: Date | string, zone: string): string {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new QmsError("VALIDATION", `Not a valid instant: ${String(instant)}`);
  return `${format(d, "yyyy-MM-dd HH:mm:ss xxx", { in: tz(zone) })} (${zone})`;
}

/** Calendar arithmetic in the site zone (month ends and DST handled by date-fns). */
export function addInZone(
  instant: Date,
  zone: string,
  amount: { readonly days?: number; readonly months?: number; readonly years?: number },
): Date {
  let d: Date = new TZDate(instant.getTime(), zone);
  if (amount.years) d = addYears(d, amount.years);
  if (amount.months) d = addMonths(d, amount.months);
  if (amount.days) d = addDays(d, amount.days);
  return new Date(d.getTime());
}
