/**
 * The workflow service: loads a record's events, folds them, resolves the decide context (linked records,
 * predicates, calendars), decides, and appends with optimistic concurrency. Refused commands are appended as
 * audit events. `tick(now)` turns stored deadlines into notice events and outbox messages.
 *
 * @packageDocumentation
 */
import {
  type Actor,
  actorSchema,
  type Clock,
  checkStreamId,
  type EventLog,
  type EventToAppend,
  type IdGenerator,
  isQmsError,
  QmsError,
  type Signature,
  type StoredEvent,
  type VerifySignatureOptions,
} from "@qmskit/core";
import type { BusinessCalendar } from "./calendar.js";
import { deadlineNotices, nextNoticeAt } from "./deadline-notices.js";
import {
  type DecideContext,
  decideCommand,
  type LinkedRecord,
  type LinkedRecordRef,
  linkedRecordRefs,
  rejectionEvent,
  type WorkflowPredicate,
} from "./decide.js";
import type { AnyWorkflowDefinition } from "./definition.js";
import { type JsonObject, loggableJson } from "./json.js";
import { decideMigration } from "./migration.js";
import type { Outbox, OutboxMessage } from "./outbox.js";
import type { WorkflowRegistry } from "./registry.js";
import { evolve, type Rejection, replay, WorkflowEventType, type WorkflowState } from "./state.js";

/** Resolves linked records (batch). Return `null` for a record that does not exist. */
export type LinkedRecordLookup = (
  refs: readonly LinkedRecordRef[],
) => Promise<Readonly<Record<string, LinkedRecord | null>>>;

/** Options of {@link WorkflowService}. */
export interface WorkflowServiceOptions {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly registry: WorkflowRegistry;
  /** Record ids for {@link WorkflowService.create} (default: none; pass core's `uuidV7Generator()`). */
  readonly ids?: IdGenerator;
  /** Linked-record lookup. Default: records of this service's own log. */
  readonly lookup?: LinkedRecordLookup;
  readonly predicates?: Readonly<Record<string, WorkflowPredicate>>;
  readonly calendars?: readonly BusinessCalendar[];
  /** How signature seals are checked (core's `verifySignature` options). */
  readonly signatureVerification?: VerifySignatureOptions;
  /** Where deadline notices go (`tick`). */
  readonly outbox?: Outbox;
  /** Actor recorded on deadline notices (default `system:workflow-scheduler`). */
  readonly systemActor?: Actor;
  /** Stream for refusals of commands on records that do not exist (default `workflow-rejections`). */
  readonly rejectionStream?: string;
  /** Retries after a concurrent append (default 3). */
  readonly maxRetries?: number;
}

/** Per-call options of {@link WorkflowService.execute}. */
export interface ExecuteOptions {
  readonly actor: Actor;
  /** Workflow id (and optionally version; default the latest) — needed when the command creates the record. */
  readonly workflow?: string | { readonly id: string; readonly version: number };
  readonly signatures?: readonly Signature[];
  readonly reason?: string;
  readonly facts?: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Result of a command through the service. */
export type ExecuteResult =
  | {
      readonly ok: true;
      readonly recordId: string;
      readonly state: WorkflowState;
      readonly events: readonly StoredEvent[];
    }
  | {
      readonly ok: false;
      readonly recordId: string;
      readonly rejection: Rejection;
      /** The record, unchanged (undefined when it does not exist). */
      readonly state: WorkflowState | undefined;
      /** The audit event recording the refusal. */
      readonly logged: StoredEvent;
    };

/** Result of {@link WorkflowService.tick}. */
export interface TickResult {
  /** Notice events appended by this tick. */
  readonly events: readonly StoredEvent[];
  /** Messages newly put in the outbox by this tick. */
  readonly messages: readonly OutboxMessage[];
}

const DEFAULT_SYSTEM_ACTOR: Actor = Object.freeze({
  id: "system:workflow-scheduler",
  name: "Workflow deadline scheduler",
  roles: Object.freeze([]) as readonly string[],
});

const NOTICE_TYPES = new Set<string>([
  WorkflowEventType.deadlineDue,
  WorkflowEventType.deadlineOverdue,
  WorkflowEventType.deadlineEscalated,
]);

/** Record ids are stream ids: non-empty, bounded, no control characters (core's rule). */
function checkRecordId(recordId: unknown): string {
  return checkStreamId(recordId);
}

function checkReason(reason: unknown): void {
  if (reason === undefined) return;
  if (typeof reason !== "string" || reason.length > 5000 || loggableJson(reason) === undefined) {
    throw new QmsError("VALIDATION", "A reason must be text of at most 5000 characters", {
      details: { reason: typeof reason },
    });
  }
}

function checkActor(actor: unknown): Actor {
  const parsed = actorSchema.safeParse(actor);
  if (!parsed.success) {
    throw new QmsError("VALIDATION", "The actor must have an id, a name and roles", {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
    });
  }
  return actor as Actor;
}

/**
 * Runs workflow commands against an {@link EventLog}.
 *
 * Where refusals go: a refused command on an existing record is a `workflow.command-rejected` event on the
 * record's own stream (evolve counts it but never changes status or fields); a refusal for a record that does
 * not exist goes to the `rejectionStream`, so attempts never create record streams.
 *
 * @requirement P11-07 (refused commands are rejected and logged)
 * @requirement P11-08 (failed authority checks are rejected and logged)
 * @example
 * ```ts
 * const service = new WorkflowService({ log, clock, registry: new WorkflowRegistry([capa]), ids: uuidV7Generator() });
 * const opened = await service.create("capa", "open", { title: "Seal leak" }, { actor });
 * const r = await service.execute(opened.recordId, "approvePlan", {}, { actor: qa, signatures: [sig] });
 * if (!r.ok) console.log(r.rejection.message);
 * ```
 */
export class WorkflowService {
  readonly #log: EventLog;
  readonly #clock: Clock;
  readonly #registry: WorkflowRegistry;
  readonly #ids: IdGenerator | undefined;
  readonly #lookup: LinkedRecordLookup;
  readonly #predicates: Readonly<Record<string, WorkflowPredicate>>;
  readonly #calendars: Readonly<Record<string, BusinessCalendar>>;
  readonly #outbox: Outbox | undefined;
  readonly #signatureVerification: VerifySignatureOptions | undefined;
  readonly #systemActor: Actor;
  readonly #rejectionStream: string;
  readonly #maxRetries: number;
  /** Scan position of `tick` in the global log, and the next notice moment of each record with deadlines. */
  #cursor = 0;
  readonly #nextNotice = new Map<string, number>();

  constructor(options: WorkflowServiceOptions) {
    this.#log = options.log;
    this.#clock = options.clock;
    this.#registry = options.registry;
    this.#ids = options.ids;
    this.#lookup = options.lookup ?? ((refs) => this.#lookupOwn(refs));
    this.#predicates = options.predicates ?? {};
    const calendars: Record<string, BusinessCalendar> = {};
    for (const c of options.calendars ?? []) {
      Object.defineProperty(calendars, c.id, { value: c, enumerable: true });
    }
    this.#calendars = calendars;
    this.#outbox = options.outbox;
    this.#signatureVerification = options.signatureVerification;
    this.#systemActor = options.systemActor ?? DEFAULT_SYSTEM_ACTOR;
    this.#rejectionStream = checkRecordId(options.rejectionStream ?? "workflow-rejections");
    this.#maxRetries = options.maxRetries ?? 3;
  }

  /** The record's state and stream version (state `undefined` when it does not exist). */
  async load(recordId: string): Promise<{ state: WorkflowState | undefined; streamVersion: number }> {
    const events = await this.#log.read(checkRecordId(recordId));
    return { state: replay(events), streamVersion: events.at(-1)?.version ?? 0 };
  }

  /** The record's state, or `undefined`. */
  async get(recordId: string): Promise<WorkflowState | undefined> {
    return (await this.load(recordId)).state;
  }

  async #lookupOwn(refs: readonly LinkedRecordRef[]): Promise<Record<string, LinkedRecord | null>> {
    const out: Record<string, LinkedRecord | null> = {};
    for (const ref of refs) {
      const state = await this.get(ref.id);
      Object.defineProperty(out, ref.id, {
        value: state ? { id: ref.id, recordType: state.workflow.id, state: state.status } : null,
        enumerable: true,
      });
    }
    return out;
  }

  #definitionFor(
    state: WorkflowState | undefined,
    workflow: ExecuteOptions["workflow"],
  ): AnyWorkflowDefinition | undefined {
    if (state) return this.#registry.require(state.workflow.id, state.workflow.version);
    if (workflow === undefined) return undefined;
    return typeof workflow === "string"
      ? this.#registry.latest(workflow)
      : this.#registry.get(workflow.id, workflow.version);
  }

  /** Create a record with a new id from the id generator. */
  async create(
    workflow: ExecuteOptions["workflow"] & {},
    command: string,
    payload: unknown,
    options: Omit<ExecuteOptions, "workflow">,
  ): Promise<ExecuteResult> {
    if (!this.#ids)
      throw new QmsError("VALIDATION", "WorkflowService.create needs an `ids` generator in the options");
    return this.execute(this.#ids.next(), command, payload, { ...options, workflow });
  }

  /**
   * Execute a command on a record: load, fold, resolve links, decide, append. A refusal is appended as an
   * audit event and returned as a value; the record is unchanged. Throws only for malformed calls
   * (`VALIDATION`), unregistered definitions (`NOT_FOUND`) or persistent write conflicts (`CONCURRENCY`).
   */
  async execute(
    recordId: string,
    command: string,
    payload: unknown,
    options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    checkRecordId(recordId);
    if (typeof options !== "object" || options === null)
      throw new QmsError("VALIDATION", "Options are required");
    const actor = checkActor(options.actor);
    checkReason(options.reason);
    for (let attempt = 0; ; attempt++) {
      const { state, streamVersion } = await this.load(recordId);
      const def = this.#definitionFor(state, options.workflow);
      const now = this.#clock.now();
      const ctxBase = {
        actor,
        now,
        recordId,
        ...(options.reason !== undefined ? { reason: options.reason } : {}),
        ...(options.metadata !== undefined ? { metadata: options.metadata } : {}),
      };
      let result: { ok: true; events: readonly EventToAppend[] } | { ok: false; rejection: Rejection };
      if (!def) {
        result = {
          ok: false,
          rejection: {
            code: "NOT_FOUND",
            requirement: "P11-07",
            message:
              options.workflow === undefined
                ? `Record ${recordId} does not exist; name the workflow to create it`
                : `Workflow ${JSON.stringify(options.workflow)} is not registered`,
          },
        };
      } else {
        const refs = linkedRecordRefs(def, state, command, payload);
        const linked = refs.length > 0 ? await this.#lookup(refs) : {};
        const ctx: DecideContext = {
          ...ctxBase,
          linked,
          predicates: this.#predicates,
          calendars: this.#calendars,
          ...(options.signatures !== undefined ? { signatures: options.signatures } : {}),
          ...(this.#signatureVerification ? { signatureVerification: this.#signatureVerification } : {}),
          ...(options.facts !== undefined ? { facts: options.facts } : {}),
        };
        result = decideCommand(def, state, command, payload, ctx);
      }
      try {
        if (result.ok) {
          const stored = await this.#log.append(recordId, result.events, { expectedVersion: streamVersion });
          return { ok: true, recordId, state: replayOnto(state, stored)!, events: stored };
        }
        const event = rejectionEvent(def, state, command, payload, result.rejection, ctxBase);
        const [logged] = state
          ? await this.#log.append(recordId, [event], { expectedVersion: streamVersion })
          : await this.#log.append(
              this.#rejectionStream,
              [{ ...event, metadata: { ...event.metadata, recordId } }],
              {
                expectedVersion: "any",
              },
            );
        const after = state && logged ? replayOnto(state, [logged]) : state;
        return { ok: false, recordId, rejection: result.rejection, state: after, logged: logged! };
      } catch (e) {
        if (isQmsError(e, "CONCURRENCY") && attempt < this.#maxRetries) continue;
        throw e;
      }
    }
  }

  /**
   * Move a record to another version of its definition (an audited `workflow.migrated` event). Refused —
   * and the refusal logged — when the record's state does not exist in that version.
   */
  async migrate(
    recordId: string,
    toVersion: number,
    options: { readonly actor: Actor; readonly reason: string; readonly requiredRoles?: readonly string[] },
  ): Promise<ExecuteResult> {
    checkRecordId(recordId);
    const actor = checkActor(options?.actor);
    checkReason(options.reason);
    for (let attempt = 0; ; attempt++) {
      const { state, streamVersion } = await this.load(recordId);
      if (!state)
        throw new QmsError("NOT_FOUND", `Record ${recordId} does not exist`, { details: { recordId } });
      const to = this.#registry.require(state.workflow.id, toVersion);
      const now = this.#clock.now();
      const decision = decideMigration(state, to, {
        actor,
        now,
        reason: options.reason,
        ...(options.requiredRoles ? { requiredRoles: options.requiredRoles } : {}),
      });
      try {
        if (decision.ok) {
          const stored = await this.#log.append(recordId, decision.events, {
            expectedVersion: streamVersion,
          });
          return { ok: true, recordId, state: replayOnto(state, stored)!, events: stored };
        }
        const event = rejectionEvent(undefined, state, "migrate", { toVersion }, decision.rejection, {
          actor,
          now,
          ...(typeof options.reason === "string" ? { reason: options.reason } : {}),
        });
        const [logged] = await this.#log.append(recordId, [event], { expectedVersion: streamVersion });
        return {
          ok: false,
          recordId,
          rejection: decision.rejection,
          state: replayOnto(state, [logged!]),
          logged: logged!,
        };
      } catch (e) {
        if (isQmsError(e, "CONCURRENCY") && attempt < this.#maxRetries) continue;
        throw e;
      }
    }
  }

  /**
   * Emit the deadline notices due at `now` (default: the clock): scans the log from where the last tick
   * stopped, appends `workflow.deadline-*` events to records whose notices fell due, and puts one outbox
   * message per notice event. Idempotent: a second tick at the same time appends and enqueues nothing.
   * Notice events appended by another process are also relayed into the outbox.
   *
   * @requirement CAPA-10 (overdue records escalate to defined roles)
   */
  async tick(now: Date = this.#clock.now()): Promise<TickResult> {
    if (!(now instanceof Date) || Number.isNaN(now.getTime()))
      throw new QmsError("VALIDATION", "tick needs a valid Date");
    const messages: OutboxMessage[] = [];
    await this.#catchUp(messages);
    const appended: StoredEvent[] = [];
    const due = [...this.#nextNotice.entries()].filter(([, at]) => at <= now.getTime()).map(([id]) => id);
    for (const recordId of due.sort()) {
      const { state, streamVersion } = await this.load(recordId);
      if (!state) continue;
      const events = deadlineNotices(state, now, this.#systemActor);
      if (events.length === 0) continue;
      try {
        appended.push(...(await this.#log.append(recordId, events, { expectedVersion: streamVersion })));
      } catch (e) {
        // Another process changed the record meanwhile: the next tick sees its events and tries again.
        if (!isQmsError(e, "CONCURRENCY")) throw e;
      }
    }
    await this.#catchUp(messages);
    return { events: appended, messages };
  }

  /** Reads the log from the cursor: relays notice events to the outbox, recomputes next notice moments. */
  async #catchUp(messages: OutboxMessage[]): Promise<void> {
    const touched = new Set<string>();
    for (;;) {
      const batch = await this.#log.readAll({ fromPosition: this.#cursor + 1, limit: 5000 });
      if (batch.length === 0) break;
      const outgoing: OutboxMessage[] = [];
      for (const e of batch) {
        this.#cursor = e.position;
        if (!e.type.startsWith("workflow.")) continue;
        touched.add(e.streamId);
        if (NOTICE_TYPES.has(e.type)) {
          outgoing.push({
            id: e.id,
            type: e.type,
            recordId: e.streamId,
            occurredAt: e.recordedAt,
            payload: e.data as JsonObject,
          });
        }
      }
      if (this.#outbox && outgoing.length > 0) {
        const added = new Set(await this.#outbox.enqueue(outgoing));
        messages.push(...outgoing.filter((m) => added.has(m.id)));
      }
    }
    for (const recordId of touched) {
      if (recordId === this.#rejectionStream) continue;
      const state = await this.get(recordId);
      const next = state ? nextNoticeAt(state) : undefined;
      if (next === undefined) this.#nextNotice.delete(recordId);
      else this.#nextNotice.set(recordId, next);
    }
  }
}

/** Fold stored events onto a state. */
function replayOnto(
  state: WorkflowState | undefined,
  events: readonly StoredEvent[],
): WorkflowState | undefined {
  let s = state;
  for (const e of events) s = evolve(undefined, s, e);
  return s;
}
