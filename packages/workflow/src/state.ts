/**
 * Record state and the workflow events, and the pure `evolve` that folds one event into the state.
 * Events carry their outcomes (target state, field changes with old and new values, deadlines), so replay
 * needs no definition logic and rebuilds the record exactly.
 *
 * @packageDocumentation
 */
import { QmsError } from "@qmskit/core";
import type { DeadlineComputation } from "./deadline.js";
import type { AnyWorkflowDefinition } from "./definition.js";
import { isPlainObject, type JsonObject, type JsonValue } from "./json.js";

/** Event types written by the workflow engine. */
export const WorkflowEventType = {
  /** A command was accepted: state change and field changes. */
  commandExecuted: "workflow.command-executed",
  /** A command was refused; the record's state does not change (P11-07, P11-08). */
  commandRejected: "workflow.command-rejected",
  /** The instance moved to another version of its definition. */
  migrated: "workflow.migrated",
  /** A deadline's due day began. */
  deadlineDue: "workflow.deadline-due",
  /** A deadline's due moment passed while it was running. */
  deadlineOverdue: "workflow.deadline-overdue",
  /** A running deadline passed its escalation moment. */
  deadlineEscalated: "workflow.deadline-escalated",
} as const;

/** A workflow event type. */
export type WorkflowEventTypeName = (typeof WorkflowEventType)[keyof typeof WorkflowEventType];

/** Which definition (id and version) an instance is pinned to. */
export interface WorkflowPin {
  readonly id: string;
  readonly version: number;
}

/** A notification a deadline has emitted. */
export type DeadlineNotice = "due" | "overdue" | "escalated";

/** A deadline as held in a record's state. */
export interface DeadlineState extends DeadlineComputation {
  readonly name: string;
  /** The command that started it. */
  readonly startedBy: string;
  /** When it was started (ISO 8601). */
  readonly startedAt: string;
  /** Escalation moment and roles, when the deadline escalates. */
  readonly escalation?: DeadlineComputation & { readonly roles: readonly string[] };
  readonly status: "running" | "stopped";
  readonly stoppedAt?: string;
  /** Notifications already emitted (so `tick` is idempotent). */
  readonly notified: readonly DeadlineNotice[];
}

/** The state of one workflow record, folded from its events. */
export interface WorkflowState {
  readonly recordId: string;
  readonly workflow: WorkflowPin;
  /** Current workflow state name. */
  readonly status: string;
  /** Record fields (JSON). */
  readonly fields: JsonObject;
  /** Stream version of the last folded event. */
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  /** Distinct actor ids that executed each command, in first-execution order (for separation of duties). */
  readonly performedBy: Readonly<Record<string, readonly string[]>>;
  readonly deadlines: Readonly<Record<string, DeadlineState>>;
  /** Number of refused commands logged on the record. */
  readonly rejections: number;
}

/** Old and new value of one field (P11-02). `null` = absent. */
export interface FieldChange {
  readonly old: JsonValue | null;
  readonly new: JsonValue | null;
}

/** Data of a `workflow.command-executed` event. */
export interface CommandExecutedData {
  readonly recordId: string;
  readonly workflow: WorkflowPin;
  readonly command: string;
  /** Source state (`null` when the command created the record). */
  readonly from: string | null;
  readonly to: string;
  /** Trusted server time of the decision (ISO 8601). */
  readonly at: string;
  /** The validated payload. */
  readonly payload: JsonValue | null;
  readonly changes: Readonly<Record<string, FieldChange>>;
  readonly deadlinesStarted: readonly DeadlineState[];
  readonly deadlinesStopped: readonly string[];
  /** States of the linked records the decision relied on. */
  readonly linked?: Readonly<Record<string, string | null>>;
}

/** A refusal, as returned by `decide` and logged. */
export interface Rejection {
  /** Machine-readable reason. */
  readonly code: RejectionCode;
  /** Requirement ID of the unmet rule, e.g. `P11-07`, `P11-08`, `CAPA-13`. */
  readonly requirement: string;
  /** Message a person can act on. */
  readonly message: string;
  /** Structured detail (e.g. zod issues, the missing role). */
  readonly details?: JsonObject;
}

/** Codes of a {@link Rejection}. */
export type RejectionCode =
  | "UNKNOWN_COMMAND"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "INVALID_STATE"
  | "ROLE"
  | "INVALID_PAYLOAD"
  | "REASON_REQUIRED"
  | "FIELDS"
  | "SIGNATURE"
  | "SEPARATION_OF_DUTIES"
  | "LINKED_RECORD"
  | "PREDICATE"
  | "NO_TARGET"
  | "MIGRATION";

/** Data of a `workflow.command-rejected` event. */
export interface CommandRejectedData {
  readonly workflow: WorkflowPin | null;
  readonly command: string;
  /** State at the time (`null` when the record did not exist). */
  readonly status: string | null;
  readonly at: string;
  readonly rejection: Rejection;
  /** The attempted payload when it is JSON and small; otherwise omitted. */
  readonly payload?: JsonValue;
}

/** Data of a `workflow.migrated` event. */
export interface MigratedData {
  readonly from: WorkflowPin;
  readonly to: WorkflowPin;
  readonly status: string;
  readonly at: string;
}

/** Data of the deadline notification events. */
export interface DeadlineNoticeData {
  readonly workflow: WorkflowPin;
  readonly name: string;
  readonly notice: DeadlineNotice;
  readonly dueDate: string;
  readonly dueAt: string;
  readonly zone: string;
  readonly at: string;
  /** Roles to escalate to (escalation notices). */
  readonly roles?: readonly string[];
}

/** The minimum `evolve` needs of an event: a stored event or an event about to be appended. */
export interface WorkflowEventLike {
  readonly type: string;
  readonly data: unknown;
  readonly actor: { readonly id: string };
  /** Stream version (stored events); otherwise the state version is incremented. */
  readonly version?: number;
}

function integrity(message: string, event: WorkflowEventLike): never {
  throw new QmsError("INTEGRITY", message, { details: { type: event.type, version: event.version ?? null } });
}

function applyChanges(fields: JsonObject, changes: Readonly<Record<string, FieldChange>>): JsonObject {
  const next: Record<string, JsonValue> = { ...fields };
  for (const [key, change] of Object.entries(changes)) {
    if (change.new === null) delete next[key];
    // defineProperty, not assignment: a field named "__proto__" must stay data.
    else
      Object.defineProperty(next, key, {
        value: change.new,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return next;
}

const NOTICE_BY_TYPE: Readonly<Record<string, DeadlineNotice>> = {
  [WorkflowEventType.deadlineDue]: "due",
  [WorkflowEventType.deadlineOverdue]: "overdue",
  [WorkflowEventType.deadlineEscalated]: "escalated",
};

/**
 * Apply one event to a record's state (pure). Events of other types leave the state as it is, except for
 * the version. Refused commands count in `rejections` but never change status or fields.
 * Throws an `INTEGRITY` error when the event contradicts the state (e.g. another workflow's event).
 *
 * @requirement CAPA-09 (replaying the events rebuilds the record exactly)
 */
export function evolve(
  def: AnyWorkflowDefinition | undefined,
  state: WorkflowState | undefined,
  event: WorkflowEventLike,
): WorkflowState | undefined {
  const version = event.version ?? (state?.version ?? 0) + 1;
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case WorkflowEventType.commandExecuted: {
      const d = data as unknown as CommandExecutedData;
      if (!isPlainObject(d) || !isPlainObject(d.workflow) || typeof d.to !== "string") {
        integrity("Malformed workflow.command-executed event", event);
      }
      if (def && d.workflow.id !== def.id) {
        integrity(`Event of workflow "${d.workflow.id}" applied with definition "${def.id}"`, event);
      }
      const deadlines: Record<string, DeadlineState> = { ...state?.deadlines };
      for (const name of d.deadlinesStopped ?? []) {
        const dl = Object.hasOwn(deadlines, name) ? deadlines[name] : undefined;
        if (dl && dl.status === "running") deadlines[name] = { ...dl, status: "stopped", stoppedAt: d.at };
      }
      for (const dl of d.deadlinesStarted ?? []) {
        Object.defineProperty(deadlines, dl.name, {
          value: dl,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      const prevBy = state?.performedBy ?? {};
      const before = Object.hasOwn(prevBy, d.command) ? (prevBy[d.command] ?? []) : [];
      let performedBy = prevBy;
      if (!before.includes(event.actor.id)) {
        performedBy = { ...prevBy };
        Object.defineProperty(performedBy, d.command, {
          value: [...before, event.actor.id],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      if (state === undefined) {
        if (d.from !== null) integrity("The first command event of a record must create it", event);
        return {
          recordId: d.recordId,
          workflow: { id: d.workflow.id, version: d.workflow.version },
          status: d.to,
          fields: applyChanges({}, d.changes ?? {}),
          version,
          createdAt: d.at,
          createdBy: event.actor.id,
          updatedAt: d.at,
          performedBy,
          deadlines,
          rejections: 0,
        };
      }
      if (d.from !== state.status) {
        integrity(`Event moves from "${d.from}" but the record is in "${state.status}"`, event);
      }
      return {
        ...state,
        status: d.to,
        fields: applyChanges(state.fields, d.changes ?? {}),
        version,
        updatedAt: d.at,
        performedBy,
        deadlines,
      };
    }
    case WorkflowEventType.commandRejected:
      return state === undefined ? undefined : { ...state, version, rejections: state.rejections + 1 };
    case WorkflowEventType.migrated: {
      const d = data as unknown as MigratedData;
      if (state === undefined) integrity("Migration of a record that does not exist", event);
      if (d.from.id !== state.workflow.id || d.from.version !== state.workflow.version) {
        integrity("Migration event does not start from the record's pinned definition", event);
      }
      return { ...state, workflow: { id: d.to.id, version: d.to.version }, version, updatedAt: d.at };
    }
    case WorkflowEventType.deadlineDue:
    case WorkflowEventType.deadlineOverdue:
    case WorkflowEventType.deadlineEscalated: {
      const d = data as unknown as DeadlineNoticeData;
      if (state === undefined) integrity("Deadline notice on a record that does not exist", event);
      const dl = Object.hasOwn(state.deadlines, d.name) ? state.deadlines[d.name] : undefined;
      const notice = NOTICE_BY_TYPE[event.type]!;
      if (!dl) return { ...state, version };
      const deadlines = { ...state.deadlines };
      deadlines[d.name] = {
        ...dl,
        notified: dl.notified.includes(notice) ? dl.notified : [...dl.notified, notice],
      };
      return { ...state, version, deadlines };
    }
    default:
      return state === undefined ? undefined : { ...state, version };
  }
}

/**
 * Fold a record's events into its state (`undefined` when no event created it).
 *
 * @requirement CAPA-09
 * @example
 * ```ts
 * const state = replay(await log.read("capa-42"));
 * ```
 */
export function replay(
  events: readonly WorkflowEventLike[],
  def?: AnyWorkflowDefinition,
): WorkflowState | undefined {
  let state: WorkflowState | undefined;
  for (const event of events) state = evolve(def, state, event);
  return state;
}
