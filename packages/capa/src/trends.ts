import { tz } from "@date-fns/tz";
import { QmsError, type StoredEvent } from "@qmskit/core";
import { type CommandExecutedData, isValidTimeZone, WorkflowEventType } from "@qmskit/workflow";
import { addMonths, addQuarters, format, startOfMonth, startOfQuarter } from "date-fns";
import { z } from "zod";
import { startOfLocalDay } from "./metrics.js";
import type { CapaSource } from "./sources.js";

/** One quality record counted in a trend: a complaint, nonconformance or CAPA, when it was created. */
export interface TrendItem {
  readonly id: string;
  readonly kind: "complaint" | "nonconformance" | "capa";
  /** Creation instant (ISO 8601 UTC, server time). */
  readonly at: string;
  readonly product: string | undefined;
  readonly category: string | undefined;
}

/** Options of {@link projectTrendItems}: which workflow ids hold which kind of record. */
export interface ProjectTrendItemsOptions {
  readonly complaint?: readonly string[];
  readonly nonconformance?: readonly string[];
  readonly capa?: readonly string[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * The records to trend, from the creating events of the shipped definitions (or host extensions of them).
 * Complaints trend by product family (or device name) and category; nonconformances by product and the
 * optional `category` of their identification; CAPAs by their first product and first source kind.
 *
 * @requirement CAPA-02
 */
export function projectTrendItems(
  events: Iterable<StoredEvent>,
  options: ProjectTrendItemsOptions = {},
): TrendItem[] {
  const kinds = new Map<string, TrendItem["kind"]>();
  for (const id of options.complaint ?? ["complaint"]) kinds.set(id, "complaint");
  for (const id of options.nonconformance ?? ["nonconformance"]) kinds.set(id, "nonconformance");
  for (const id of options.capa ?? ["capa"]) kinds.set(id, "capa");
  const items: TrendItem[] = [];
  for (const e of events) {
    if (e.type !== WorkflowEventType.commandExecuted) continue;
    const d = e.data as CommandExecutedData;
    if (d?.from !== null || !d.workflow) continue;
    const kind = kinds.get(d.workflow.id);
    if (!kind) continue;
    const p = obj(d.payload);
    let product: string | undefined;
    let category: string | undefined;
    if (kind === "complaint") {
      product = str(p.productFamily) ?? str(p.deviceName);
      category = str(p.category);
    } else if (kind === "nonconformance") {
      const ident = obj(p.identification);
      product = str(ident.product);
      category = str(ident.category);
    } else {
      product = Array.isArray(p.products) ? str(p.products[0]) : undefined;
      category = Array.isArray(p.sources) ? str(obj(p.sources[0]).kind) : undefined;
    }
    items.push({ id: e.streamId, kind, at: e.recordedAt, product, category });
  }
  return items;
}

/**
 * A trend query: records created in [from, to) in the site zone, counted per interval and per group.
 *
 * @requirement CAPA-02
 */
export const TrendQuerySchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    zone: z.string().refine(isValidTimeZone, { message: "not an IANA time zone" }),
    interval: z.enum(["month", "quarter"]).default("month"),
    groupBy: z.enum(["product", "category", "kind"]).default("product"),
    kinds: z
      .array(z.enum(["complaint", "nonconformance", "capa"]))
      .min(1)
      .default(["complaint"]),
  })
  .refine((q) => q.from < q.to, { message: "`from` must be before `to`", path: ["to"] });
/** Input of {@link TrendQuerySchema}. */
export type TrendQuery = z.input<typeof TrendQuerySchema>;

/** One cell of a trend: a period and group with its count and, when exposure is known, its rate. */
export interface TrendRow {
  /** `2026-03` (month) or `2026-Q1` (quarter). */
  readonly period: string;
  readonly group: string;
  readonly count: number;
  /** Exposure (e.g. units shipped) of the cell, when the caller supplied it. */
  readonly exposure: number | undefined;
  /** count / exposure, or undefined without exposure. */
  readonly rate: number | undefined;
}

/** Units shipped (or another denominator) per period and group, for rates. */
export type Exposure = (period: string, group: string) => number | undefined;

const UNKNOWN = "(unspecified)";

/**
 * Counts and rates per period and group. Every period of the range appears for every group seen, with zero
 * counts where nothing happened, so series can be compared directly. Deterministic: rows are sorted by
 * period, then group.
 *
 * @requirement CAPA-02
 * @example
 * ```ts
 * const rows = trendCounts(projectTrendItems(await log.readAll()), { from: "2026-01-01", to: "2026-07-01",
 *   zone: "Europe/Berlin", interval: "month", groupBy: "product" }, (period, product) => shipped[period]?.[product]);
 * ```
 */
export function trendCounts(
  items: readonly TrendItem[],
  queryInput: TrendQuery,
  exposure?: Exposure,
): TrendRow[] {
  const parsed = TrendQuerySchema.safeParse(queryInput);
  if (!parsed.success)
    throw new QmsError("VALIDATION", `invalid trend query: ${z.prettifyError(parsed.error)}`, {
      details: { issues: parsed.error.issues },
    });
  const q = parsed.data;
  const inZone = { in: tz(q.zone) };
  const start = startOfLocalDay(q.from, q.zone).getTime();
  const end = startOfLocalDay(q.to, q.zone).getTime();
  const label = (d: Date) =>
    q.interval === "month" ? format(d, "yyyy-MM", inZone) : format(d, "yyyy-'Q'Q", inZone);
  const periods: string[] = [];
  const first =
    q.interval === "month" ? startOfMonth(new Date(start), inZone) : startOfQuarter(new Date(start), inZone);
  for (
    let d = first;
    d.getTime() < end;
    d = q.interval === "month" ? addMonths(d, 1, inZone) : addQuarters(d, 1, inZone)
  )
    periods.push(label(d));
  const counts = new Map<string, number>();
  const groups = new Set<string>();
  for (const item of items) {
    if (!q.kinds.includes(item.kind)) continue;
    const t = Date.parse(item.at);
    if (!(t >= start && t < end)) continue;
    const group =
      (q.groupBy === "kind" ? item.kind : q.groupBy === "product" ? item.product : item.category) ?? UNKNOWN;
    groups.add(group);
    const key = `${label(new Date(t))}\u0000${group}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows: TrendRow[] = [];
  for (const period of periods)
    for (const group of [...groups].sort()) {
      const count = counts.get(`${period}\u0000${group}`) ?? 0;
      const exp = exposure?.(period, group);
      const usable = exp !== undefined && Number.isFinite(exp) && exp > 0 ? exp : undefined;
      rows.push({
        period,
        group,
        count,
        exposure: usable,
        rate: usable === undefined ? undefined : count / usable,
      });
    }
  return rows;
}

/**
 * A threshold on a trend: a cell whose count reaches `minCount`, or whose rate reaches `minRate`, is a signal.
 * `group` limits it to one group.
 *
 * @requirement CAPA-02
 */
export const TrendThresholdSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    group: z.string().min(1).optional(),
    minCount: z.number().int().positive().optional(),
    minRate: z.number().positive().optional(),
  })
  .refine((t) => t.minCount !== undefined || t.minRate !== undefined, {
    message: "a threshold needs minCount or minRate",
  });
/** Input of {@link TrendThresholdSchema}. */
export type TrendThreshold = z.input<typeof TrendThresholdSchema>;

/** A threshold crossed in one period and group. */
export interface TrendSignal {
  /** Stable id: threshold, period and group. Use it as the trend-signal source record id. */
  readonly id: string;
  readonly thresholdId: string;
  readonly period: string;
  readonly group: string;
  readonly count: number;
  readonly rate: number | undefined;
}

/**
 * The cells that cross a threshold. Each signal's `id` is stable, so re-running the query never raises the
 * same signal twice under another name.
 *
 * @requirement CAPA-02
 */
export function trendSignals(
  rows: readonly TrendRow[],
  thresholds: readonly TrendThreshold[],
): TrendSignal[] {
  const parsed = z.array(TrendThresholdSchema).safeParse(thresholds);
  if (!parsed.success)
    throw new QmsError("VALIDATION", `invalid trend thresholds: ${z.prettifyError(parsed.error)}`, {
      details: { issues: parsed.error.issues },
    });
  const signals: TrendSignal[] = [];
  for (const t of parsed.data)
    for (const r of rows) {
      if (t.group !== undefined && t.group !== r.group) continue;
      const byCount = t.minCount !== undefined && r.count >= t.minCount;
      const byRate = t.minRate !== undefined && r.rate !== undefined && r.rate >= t.minRate;
      if (!byCount && !byRate) continue;
      signals.push({
        id: `TREND-${t.id}-${r.period}-${r.group.replace(/[^A-Za-z0-9_-]+/g, "_")}`,
        thresholdId: t.id,
        period: r.period,
        group: r.group,
        count: r.count,
        rate: r.rate,
      });
    }
  return signals;
}

/**
 * The CAPA source record for a trend signal, ready for the `sources` of `open`.
 *
 * @requirement CAPA-01
 * @requirement CAPA-02
 */
export function trendSignalSource(signal: TrendSignal): CapaSource {
  const rate = signal.rate === undefined ? "" : `, rate ${signal.rate.toPrecision(3)}`;
  return {
    kind: "trendSignal",
    recordId: signal.id,
    summary: `${signal.count} in ${signal.period} for ${signal.group}${rate} (threshold ${signal.thresholdId})`,
  };
}
