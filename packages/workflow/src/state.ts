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
import type { JsonObject, JsonValue } from "./json.js";

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

/** A mutable working copy of a state: replay folds many events into one draft without copying per event. */
interface Draft {
  recordId: string;
  workflow: WorkflowPin;
  status: string;
  fields: Record<string, JsonValue>;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  performedBy: Record<string, readonly string[]>;
  deadlines: Record<string, DeadlineState>;
  rejections: number;
}

/** What one replay remembers between events of one record (the last command and actor in `performedBy`). */
interface FoldMemo {
  command: string;
  actor: string;
}

/** Own data property, also for a key named `__proto__` (which plain assignment would treat as the prototype). */
function put<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__")
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function own<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

const NOTICE_BY_TYPE: Readonly<Record<string, DeadlineNotice>> = {
  [WorkflowEventType.deadlineDue]: "due",
  [WorkflowEventType.deadlineOverdue]: "overdue",
  [WorkflowEventType.deadlineEscalated]: "escalated",
};

/** A draft for a record created by `d` (the first command event). */
function created(d: CommandExecutedData, actorId: string): Draft {
  return {
    recordId: d.recordId,
    workflow: { id: d.workflow.id, version: d.workflow.version },
    status: d.to,
    fields: {},
    version: 0,
    createdAt: d.at,
    createdBy: actorId,
    updatedAt: d.at,
    performedBy: {},
    deadlines: {},
    rejections: 0,
  };
}

/**
 * Fold one event into a draft, mutating only the draft and its `fields`, `performedBy` and `deadlines`
 * containers (never the values inside them, which earlier states may share). Returns the draft, or
 * `undefined` while the record does not exist.
 */
function fold(
  def: AnyWorkflowDefinition | undefined,
  draft: Draft | undefined,
  event: WorkflowEventLike,
  memo?: FoldMemo,
): Draft | undefined {
  const version = event.version ?? (draft?.version ?? 0) + 1;
  const type = event.type;
  if (type === WorkflowEventType.commandExecuted) {
    const d = event.data as CommandExecutedData;
    if (typeof d !== "object" || d === null || typeof d.to !== "string" || typeof d.command !== "string") {
      integrity("Malformed workflow.command-executed event", event);
    }
    // The pin is read only where it matters (creation, or a check against a definition): fewer memory reads.
    if ((draft === undefined || def) && (typeof d.workflow !== "object" || d.workflow === null)) {
      integrity("Malformed workflow.command-executed event: no workflow pin", event);
    }
    if (def && d.workflow.id !== def.id) {
      integrity(`Event of workflow "${d.workflow.id}" applied with definition "${def.id}"`, event);
    }
    if (draft === undefined) {
      if (d.from !== null) integrity("The first command event of a record must create it", event);
      draft = created(d, event.actor.id);
    } else if (d.from !== draft.status) {
      integrity(`Event moves from "${d.from}" but the record is in "${draft.status}"`, event);
    }
    const changes = d.changes;
    if (changes) {
      const fields = draft.fields;
      // Event data is JSON (own properties only), so for-in needs no own-property check.
      for (const key in changes) {
        const next = (changes[key] as FieldChange).new;
        if (next === null) delete fields[key];
        else put(fields, key, next);
      }
    }
    const stopped = d.deadlinesStopped;
    if (stopped && stopped.length > 0) {
      for (const name of stopped) {
        const dl = own(draft.deadlines, name);
        if (dl && dl.status === "running")
          draft.deadlines[name] = { ...dl, status: "stopped", stoppedAt: d.at };
      }
    }
    const started = d.deadlinesStarted;
    if (started && started.length > 0) for (const dl of started) put(draft.deadlines, dl.name, dl);
    const actorId = event.actor.id;
    // Runs of the same command by the same person are common: skip the lookup when nothing can change.
    if (memo === undefined || d.command !== memo.command || actorId !== memo.actor) {
      const before = own(draft.performedBy, d.command);
      if (before === undefined) put(draft.performedBy, d.command, [actorId]);
      else if (!before.includes(actorId)) put(draft.performedBy, d.command, [...before, actorId]);
      if (memo) {
        memo.command = d.command;
        memo.actor = actorId;
      }
    }
    draft.status = d.to;
    draft.version = version;
    draft.updatedAt = d.at;
    return draft;
  }
  if (draft === undefined) {
    if (type === WorkflowEventType.migrated || Object.hasOwn(NOTICE_BY_TYPE, type)) {
      integrity(`${type} on a record that does not exist`, event);
    }
    return undefined;
  }
  draft.version = version;
  if (type === WorkflowEventType.commandRejected) {
    draft.rejections += 1;
  } else if (type === WorkflowEventType.migrated) {
    const d = event.data as MigratedData;
    if (d.from.id !== draft.workflow.id || d.from.version !== draft.workflow.version) {
      integrity("Migration event does not start from the record's pinned definition", event);
    }
    draft.workflow = { id: d.to.id, version: d.to.version };
    draft.updatedAt = d.at;
  } else if (Object.hasOwn(NOTICE_BY_TYPE, type)) {
    const notice = NOTICE_BY_TYPE[type]!;
    const name = (event.data as DeadlineNoticeData).name;
    const dl = own(draft.deadlines, name);
    if (dl && !dl.notified.includes(notice))
      put(draft.deadlines, name, { ...dl, notified: [...dl.notified, notice] });
  }
  return draft;
}

/**
 * Apply one event to a record's state (pure: the input state is not changed). Events of other types leave
 * the state as it is, except for the version. Refused commands count in `rejections` but never change status
 * or fields. Throws an `INTEGRITY` error when the event contradicts the state (e.g. another workflow's event,
 * a transition from a state the record is not in).
 *
 * @requirement CAPA-09 (replaying the events rebuilds the record exactly)
 */
export function evolve(
  def: AnyWorkflowDefinition | undefined,
  state: WorkflowState | undefined,
  event: WorkflowEventLike,
): WorkflowState | undefined {
  const draft: Draft | undefined = state && {
    ...state,
    fields: { ...state.fields },
    performedBy: { ...state.performedBy },
    deadlines: { ...state.deadlines },
  };
  return fold(def, draft, event);
}

/**
 * Fold a record's events into its state (`undefined` when no event created it). Same result as folding
 * with {@link evolve}, without a copy per event.
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
  let draft: Draft | undefined;
  const memo: FoldMemo = { command: "", actor: "" };
  for (const event of events) draft = fold(def, draft, event, memo);
  return draft;
}

/**
 * Fold the events of many records (e.g. `log.readAll()`) into their states, keyed by stream id. Streams
 * without a creating workflow event are left out.
 *
 * @requirement CAPA-09
 */
export function replayAll(
  events: readonly (WorkflowEventLike & { readonly streamId: string })[],
): Map<string, WorkflowState> {
  const drafts = new Map<string, { draft: Draft | undefined; memo: FoldMemo }>();
  for (const event of events) {
    let entry = drafts.get(event.streamId);
    if (entry === undefined) {
      entry = { draft: undefined, memo: { command: "", actor: "" } };
      drafts.set(event.streamId, entry);
    }
    entry.draft = fold(undefined, entry.draft, event, entry.memo);
  }
  const out = new Map<string, WorkflowState>();
  for (const [id, { draft }] of drafts) if (draft) out.set(id, draft);
  return out;
}
