import { type BusinessCalendar, createBusinessCalendar } from "@qmskit/workflow";
import { z } from "zod";
import { startOfLocalDay } from "./metrics.js";

/**
 * The default calendar of the shipped definitions: US federal holidays (observed days included), Saturday and
 * Sunday off, in `America/New_York`. Hosts pass their own site calendar to the definition factories.
 *
 * @requirement CAPA-16 (the 5-work-day MDR clock needs holidays)
 */
export const usFederalCalendar: BusinessCalendar = createBusinessCalendar({
  id: "us-federal",
  version: "date-holidays-3-us-public",
  zone: "America/New_York",
  holidays: { country: "US", types: ["public"] },
});

/**
 * A payload schema for a local due date (`YYYY-MM-DD`) that also carries the instant where that day starts in
 * the calendar's zone, so a deadline anchored on it lands on exactly that local day.
 */
export function localDueDateSchema(calendar: BusinessCalendar) {
  return z.iso.date().transform((date) => ({
    date,
    anchorAt: startOfLocalDay(date, calendar.zone).toISOString(),
  }));
}
