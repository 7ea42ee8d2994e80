/**
 * Pure computation of deadline notifications from a record's stored deadlines: no timers, only data
 * compared with the time the host's scheduler passes in.
 *
 * @packageDocumentation
 */
import type { Actor, EventToAppend } from "@qmskit/core";
import {
  type DeadlineNotice,
  type DeadlineNoticeData,
  type DeadlineState,
  WorkflowEventType,
  type WorkflowState,
} from "./state.js";

const TYPE_OF: Readonly<Record<DeadlineNotice, string>> = {
  due: WorkflowEventType.deadlineDue,
  overdue: WorkflowEventType.deadlineOverdue,
  escalated: WorkflowEventType.deadlineEscalated,
};

/** The moments (epoch ms) at which a running deadline's notices fall due, in order. */
function thresholds(dl: DeadlineState): Array<[DeadlineNotice, number]> {
  const out: Array<[DeadlineNotice, number]> = [
    ["due", Date.parse(dl.dueFrom)],
    // Overdue once the end of the due day has passed.
    ["overdue", Date.parse(dl.dueAt) + 1],
  ];
  if (dl.escalation) out.push(["escalated", Date.parse(dl.escalation.dueAt) + 1]);
  return out;
}

/**
 * The earliest moment (epoch ms) a notice of this record falls due, or `undefined` when none is pending.
 * A scheduler can use it to know when to tick next.
 */
export function nextNoticeAt(state: WorkflowState): number | undefined {
  let next: number | undefined;
  for (const dl of Object.values(state.deadlines)) {
    if (dl.status !== "running") continue;
    for (const [notice, at] of thresholds(dl)) {
      if (!dl.notified.includes(notice) && (next === undefined || at < next)) next = at;
    }
  }
  return next;
}

/**
 * The deadline notices due for a record at `now` that were not emitted yet (pure, idempotent: once the
 * events are appended, the same call returns nothing). Stopped deadlines emit nothing.
 *
 * @requirement CAPA-10 (overdue records escalate to defined roles)
 * @example
 * ```ts
 * const events = deadlineNotices(state, clock.now(), schedulerActor);
 * ```
 */
export function deadlineNotices(state: WorkflowState, now: Date, actor: Actor): EventToAppend[] {
  const events: EventToAppend[] = [];
  const t = now.getTime();
  const names = Object.keys(state.deadlines).sort();
  for (const name of names) {
    const dl = state.deadlines[name]!;
    if (dl.status !== "running") continue;
    for (const [notice, at] of thresholds(dl)) {
      if (dl.notified.includes(notice) || at > t) continue;
      const data: DeadlineNoticeData = {
        workflow: state.workflow,
        name,
        notice,
        dueDate: dl.dueDate,
        dueAt: dl.dueAt,
        zone: dl.zone,
        at: now.toISOString(),
        ...(notice === "escalated" && dl.escalation ? { roles: dl.escalation.roles } : {}),
      };
      events.push({
        type: TYPE_OF[notice],
        data,
        actor,
        metadata: { workflowId: state.workflow.id, workflowVersion: state.workflow.version, deadline: name },
      });
    }
  }
  return events;
}
