import { tz } from "@date-fns/tz";
import { type EventLog, QmsError, type StoredEvent } from "@qmskit/core";
import { type CommandExecutedData, isValidTimeZone, WorkflowEventType } from "@qmskit/workflow";
import { addDays, format } from "date-fns";
import type { EffectivenessResult } from "./capa-records.js";
import { type CapaFacts, type CapaMetrics, computeCapaMetrics, type MetricsPeriodInput } from "./metrics.js";
import type { CapaSourceKind } from "./sources.js";

/** Options of {@link projectCapaFacts}. */
export interface ProjectCapaFactsOptions {
  /** Workflow ids whose records are CAPAs (default `["capa"]`; add the ids of host extensions). */
  readonly workflows?: readonly string[];
}

interface MutableFacts {
  id: string;
  openedAt: string;
  priority: string | undefined;
  sourceKinds: CapaSourceKind[];
  rootCauses: { at: string; code: string }[];
  originalDueAt: string | undefined;
  extensions: { at: string; dueAt: string }[];
  effectivenessChecks: { at: string; result: EffectivenessResult }[];
  closedAt: string | undefined;
  cancelledAt: string | undefined;
  managementReviews: { at: string; reviewId: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Project the facts the metrics need from stored workflow events (any order of streams, global order within).
 * Only accepted commands count; refused commands and deadline notices are ignored. Each fact is stamped with
 * the event's server time.
 *
 * @requirement MR-01 (metrics are a function of the event log)
 * @requirement CAPA-09 (every state change is an event, so the facts rebuild from the log alone)
 */
export function projectCapaFacts(
  events: Iterable<StoredEvent>,
  options: ProjectCapaFactsOptions = {},
): CapaFacts[] {
  const workflows = new Set(options.workflows ?? ["capa"]);
  const byId = new Map<string, MutableFacts>();
  for (const event of events) {
    if (event.type !== WorkflowEventType.commandExecuted || !isObject(event.data)) continue;
    const d = event.data as unknown as CommandExecutedData;
    if (!isObject(d.workflow) || !workflows.has(d.workflow.id)) continue;
    const at = event.recordedAt;
    let f = byId.get(event.streamId);
    if (d.from === null) {
      f = {
        id: event.streamId,
        openedAt: at,
        priority: undefined,
        sourceKinds: [],
        rootCauses: [],
        originalDueAt: undefined,
        extensions: [],
        effectivenessChecks: [],
        closedAt: undefined,
        cancelledAt: undefined,
        managementReviews: [],
      };
      byId.set(event.streamId, f);
    }
    if (!f) continue;
    const changes = isObject(d.changes) ? d.changes : {};
    const sources = changes.sources?.new;
    if (Array.isArray(sources))
      f.sourceKinds = [
        ...new Set(
          sources.flatMap((s) =>
            isObject(s) && typeof s.kind === "string" ? [s.kind as CapaSourceKind] : [],
          ),
        ),
      ];
    const priority = changes.priority?.new;
    if (typeof priority === "string") f.priority = priority;
    const roots = changes.rootCauses;
    if (roots && Array.isArray(roots.new)) {
      const before = Array.isArray(roots.old) ? roots.old.length : 0;
      for (const r of roots.new.slice(before))
        if (isObject(r) && typeof r.code === "string") f.rootCauses.push({ at, code: r.code });
    }
    for (const dl of d.deadlinesStarted ?? []) {
      if (dl.name === "target" && f.originalDueAt === undefined) f.originalDueAt = dl.dueAt;
      if (dl.name === "extendedTarget") f.extensions.push({ at, dueAt: dl.dueAt });
    }
    const payload = isObject(d.payload) ? d.payload : {};
    if (d.command === "recordEffectivenessCheck" && typeof payload.result === "string")
      f.effectivenessChecks.push({ at, result: payload.result as EffectivenessResult });
    if (d.command === "flagForManagementReview" && isObject(payload.managementReview)) {
      const reviewId = payload.managementReview.reviewId;
      if (typeof reviewId === "string") f.managementReviews.push({ at, reviewId });
    }
    if (d.to === "closed" && d.from !== "closed") f.closedAt = at;
    if ((d.to === "cancelled" || d.to === "declined") && d.from !== d.to) f.cancelledAt = at;
  }
  return [...byId.values()];
}

/**
 * A metrics period for {@link capaMetricsFromLog}: like {@link MetricsPeriodInput}, but `from` and `to` may be
 * left out to cover every CAPA event in the log (from the local day of the first to the day after the last).
 */
export type LogMetricsPeriod = Omit<MetricsPeriodInput, "from" | "to"> & {
  readonly from?: string;
  readonly to?: string;
};

/** Options of {@link capaMetricsFromLog}. */
export interface CapaMetricsFromLogOptions extends ProjectCapaFactsOptions {
  /** Events read per page (default 10,000). */
  readonly pageSize?: number;
}

/**
 * Read every event of a log, project the CAPA facts and compute the management-review metrics for the period.
 *
 * @requirement MR-01
 * @example
 * ```ts
 * const m = await capaMetricsFromLog(log, { from: "2026-01-01", to: "2026-04-01", zone: "America/New_York" });
 * ```
 */
export async function capaMetricsFromLog(
  log: EventLog,
  period: LogMetricsPeriod,
  options: CapaMetricsFromLogOptions = {},
): Promise<CapaMetrics> {
  if (typeof period?.zone !== "string" || !isValidTimeZone(period.zone))
    throw new QmsError(
      "VALIDATION",
      `invalid metrics period: "${String(period?.zone)}" is not an IANA time zone`,
    );
  const pageSize = options.pageSize ?? 10_000;
  const events: StoredEvent[] = [];
  for (let from = 1; ; ) {
    const page = await log.readAll({ fromPosition: from, limit: pageSize });
    events.push(...page);
    if (page.length < pageSize) break;
    from = (page.at(-1)?.position ?? from) + 1;
  }
  const facts = projectCapaFacts(events, options);
  let { from, to } = period;
  if (from === undefined || to === undefined) {
    const ids = new Set(facts.map((f) => f.id));
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const e of events) {
      if (!ids.has(e.streamId)) continue;
      const t = Date.parse(e.recordedAt);
      if (t < first) first = t;
      if (t > last) last = t;
    }
    if (ids.size === 0)
      throw new QmsError("VALIDATION", "The log holds no CAPA events; give the period's from and to dates", {
        details: { workflows: [...(options.workflows ?? ["capa"])] },
      });
    const inZone = { in: tz(period.zone) };
    from ??= format(new Date(first), "yyyy-MM-dd", inZone);
    to ??= format(addDays(new Date(last), 1, inZone), "yyyy-MM-dd", inZone);
  }
  return computeCapaMetrics(facts, { ...period, from, to });
}
