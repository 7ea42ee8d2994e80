/**
 * The pure decider: given a definition, a record's state, a command, its payload and a context of facts
 * resolved beforehand (actor, time, signatures, linked records, predicates, calendars), return the events
 * to append or a typed rejection naming the unmet requirement.
 *
 * @packageDocumentation
 */
import {
  type Actor,
  type EventToAppend,
  QmsError,
  type Signature,
  type VerifySignatureOptions,
  verifySignature,
} from "@qmskit/core";
import { z } from "zod";
import type { BusinessCalendar } from "./calendar.js";
import { computeDue } from "./deadline.js";
import type {
  AnyWorkflowDefinition,
  CommandName,
  CommandSpec,
  DeadlineStartSpec,
  PayloadOf,
} from "./definition.js";
import {
  isPlainObject,
  type JsonObject,
  type JsonValue,
  jsonCopy,
  loggableJson,
  valuesAtPath,
  wellFormed,
} from "./json.js";
import { DEFAULT_REQUIREMENT_IDS, type Requirement } from "./requirements.js";
import {
  type CommandExecutedData,
  type CommandRejectedData,
  type DeadlineState,
  type FieldChange,
  type Rejection,
  type RejectionCode,
  WorkflowEventType,
  type WorkflowState,
} from "./state.js";

/** A linked record as the host lookup reports it. */
export interface LinkedRecord {
  readonly id: string;
  readonly recordType?: string;
  /** Its current workflow state. */
  readonly state: string;
}

/** Input of a host predicate. */
export interface PredicateInput {
  /** The record before the command (`undefined` when the command creates it). */
  readonly state: WorkflowState | undefined;
  /** The record fields as they would be after the command. */
  readonly fields: JsonObject;
  /** The validated payload. */
  readonly payload: unknown;
  readonly actor: Actor;
  readonly params: JsonObject | undefined;
  /** Host facts from the context. */
  readonly facts: Readonly<Record<string, unknown>>;
}

/** A named, host-registered pure predicate. Return `true`, or `false` / a message to refuse. */
export type WorkflowPredicate = (input: PredicateInput) => boolean | string;

/** The facts `decide` needs, resolved by the caller (or the service) before deciding. */
export interface DecideContext {
  /** Who issues the command, with the roles held now. */
  readonly actor: Actor;
  /** Trusted server time (from the Clock). */
  readonly now: Date;
  /** The record id (required when the command creates the record; checked otherwise). */
  readonly recordId: string;
  /** Signatures executed with the command (P11-10, P11-11). */
  readonly signatures?: readonly Signature[];
  /** How seals are checked (public keys, `requireSeal`); see core's `verifySignature`. */
  readonly signatureVerification?: VerifySignatureOptions;
  /** Reason for change. */
  readonly reason?: string;
  /** Linked records resolved by the host lookup, keyed by id (`null` = not found). */
  readonly linked?: Readonly<Record<string, LinkedRecord | null>>;
  /** Host predicates by name. */
  readonly predicates?: Readonly<Record<string, WorkflowPredicate>>;
  /** Calendars by id, for deadlines. */
  readonly calendars?: Readonly<Record<string, BusinessCalendar>>;
  /** Other host facts passed to predicates. */
  readonly facts?: Readonly<Record<string, unknown>>;
  /** Metadata copied onto the events (correlation ids, …). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Result of {@link decide}. */
export type Decision =
  | { readonly ok: true; readonly events: readonly EventToAppend[] }
  | { readonly ok: false; readonly rejection: Rejection };

/**
 * What a signature on a workflow record signs: record id, current version, and the content
 * `{ workflow, status, fields }`. Pass it to core's `createSignature(actor, meaning, signedRecordOf(state), { clock })`.
 *
 * @requirement P11-11 (the signature binds the content hash of one record version)
 */
export function signedRecordOf(state: WorkflowState): {
  recordId: string;
  recordVersion: number;
  content: { workflow: { id: string; version: number }; status: string; fields: JsonObject };
} {
  return {
    recordId: state.recordId,
    recordVersion: state.version,
    content: { workflow: state.workflow, status: state.status, fields: state.fields },
  };
}

/** Largest accepted payload, as canonical JSON characters (the event log refuses events over 1 MiB). */
const MAX_PAYLOAD_CHARS = 262_144;

const reject = (
  code: RejectionCode,
  requirement: string,
  message: string,
  details?: JsonObject,
): { ok: false; rejection: Rejection } => ({
  ok: false,
  rejection: details === undefined ? { code, requirement, message } : { code, requirement, message, details },
});

const setOwn = (obj: Record<string, JsonValue>, key: string, value: JsonValue): void => {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
};

/** The fields a command would leave on the record, and the per-field changes. */
function applyEffects(
  spec: CommandSpec,
  fields: JsonObject,
  payload: unknown,
): { fields: JsonObject; changes: Record<string, FieldChange> } {
  const next: Record<string, JsonValue> = { ...fields };
  const p = isPlainObject(payload) ? (jsonCopy(payload, Number.POSITIVE_INFINITY) as JsonObject) : {};
  if (spec.assign === "payload") {
    for (const [k, v] of Object.entries(p)) setOwn(next, k, v);
  } else if (spec.assign) {
    for (const k of spec.assign) if (Object.hasOwn(p, k)) setOwn(next, k, p[k] as JsonValue);
  }
  for (const [field, key] of Object.entries(spec.append ?? {})) {
    if (!Object.hasOwn(p, key)) continue;
    const current = Object.hasOwn(next, field) ? next[field] : undefined;
    setOwn(next, field, [...(Array.isArray(current) ? current : []), p[key] as JsonValue]);
  }
  for (const [k, v] of Object.entries(spec.set ?? {})) setOwn(next, k, v);
  const changes: Record<string, FieldChange> = {};
  for (const k of Object.keys(next)) {
    const before = Object.hasOwn(fields, k) ? fields[k] : undefined;
    const after = next[k];
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      Object.defineProperty(changes, k, {
        value: { old: before ?? null, new: after ?? null },
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return { fields: next, changes };
}

/** Ids referenced by a link field: strings, or objects with a string `id`. */
function linkIds(fields: JsonObject, path: string): string[] {
  return valuesAtPath(fields, path).flatMap((v) =>
    typeof v === "string" ? [v] : isPlainObject(v) && typeof v.id === "string" ? [v.id] : [],
  );
}

/** A linked record the service must look up before deciding. */
export interface LinkedRecordRef {
  readonly id: string;
  readonly recordType?: string;
}

/**
 * The linked records a command's `linked` requirements refer to, so the host can resolve them (async) into
 * `ctx.linked` before calling {@link decide}. Returns `[]` for an unknown command or invalid payload.
 */
export function linkedRecordRefs(
  def: AnyWorkflowDefinition,
  state: WorkflowState | undefined,
  command: string,
  payload: unknown,
): LinkedRecordRef[] {
  const spec = Object.hasOwn(def.commands, command) ? (def.commands[command] as CommandSpec) : undefined;
  if (!spec) return [];
  const parsed = spec.payload
    ? safeParse(spec.payload, payload)
    : { success: true as const, data: undefined };
  if (!parsed.success) return [];
  const { fields } = applyEffects(spec, state?.fields ?? {}, parsed.data);
  const refs = new Map<string, LinkedRecordRef>();
  for (const r of spec.requires ?? []) {
    if (r.kind !== "linked") continue;
    for (const id of linkIds(fields, r.field)) {
      refs.set(id, r.recordType === undefined ? { id } : { id, recordType: r.recordType });
    }
  }
  return [...refs.values()];
}

/**
 * `schema.safeParse`, but a schema that throws (a host refinement, or input nested deeper than the stack) gives
 * a failed result instead of an exception: hostile input must not crash the decider.
 */
function safeParse(schema: z.ZodType, value: unknown): z.ZodSafeParseResult<unknown> {
  try {
    return schema.safeParse(value);
  } catch (e) {
    const message =
      e instanceof RangeError ? "input is nested too deeply" : "the schema could not check the input";
    return { success: false, error: new z.ZodError([{ code: "custom", path: [], message, input: value }]) };
  }
}

const requirementId = (r: Requirement): string => r.requirement ?? DEFAULT_REQUIREMENT_IDS[r.kind];

function checkRequirement(
  r: Requirement,
  state: WorkflowState | undefined,
  fields: JsonObject,
  payload: unknown,
  ctx: DecideContext,
): Rejection | undefined {
  const id = requirementId(r);
  const fail = (code: RejectionCode, message: string, details?: JsonObject) =>
    reject(code, id, r.message ?? message, details).rejection;
  switch (r.kind) {
    case "role":
      return r.anyOf.some((role) => ctx.actor.roles.includes(role))
        ? undefined
        : fail("ROLE", `This command needs one of the roles ${r.anyOf.join(", ")}`, { anyOf: [...r.anyOf] });
    case "fields": {
      const result = safeParse(r.schema, fields);
      return result.success
        ? undefined
        : fail("FIELDS", "The record does not have the fields this command requires", {
            issues: result.error.issues
              .slice(0, 20)
              .map((i) => ({ path: i.path.map(String), message: i.message })),
          });
    }
    case "signature": {
      const found = (ctx.signatures ?? []).some(
        (s) => s.meaning === r.meaning && s.signerId === ctx.actor.id,
      );
      return found
        ? undefined
        : fail("SIGNATURE", `This command needs your electronic signature with the meaning "${r.meaning}"`, {
            meaning: r.meaning,
          });
    }
    case "separation": {
      const others =
        "field" in r.against
          ? valuesAtPath(fields, r.against.field).flatMap((v) =>
              typeof v === "string" ? [v] : isPlainObject(v) && typeof v.id === "string" ? [v.id] : [],
            )
          : state && Object.hasOwn(state.performedBy, r.against.command)
            ? (state.performedBy[r.against.command] ?? [])
            : [];
      const against =
        "field" in r.against ? `the record's ${r.against.field}` : `who did "${r.against.command}"`;
      return others.includes(ctx.actor.id)
        ? fail("SEPARATION_OF_DUTIES", `Separation of duties: ${against} may not do this command`, {
            against: "field" in r.against ? { field: r.against.field } : { command: r.against.command },
          })
        : undefined;
    }
    case "linked": {
      const ids = linkIds(fields, r.field);
      if (ids.length < (r.min ?? 0)) {
        return fail(
          "LINKED_RECORD",
          `This command needs at least ${r.min ?? 0} linked record(s) in ${r.field}`,
          {
            field: r.field,
          },
        );
      }
      for (const linkedId of ids) {
        const linked = ctx.linked && Object.hasOwn(ctx.linked, linkedId) ? ctx.linked[linkedId] : undefined;
        if (!linked) {
          return fail("LINKED_RECORD", `Linked record ${linkedId} was not found`, { id: linkedId });
        }
        if (
          r.recordType !== undefined &&
          linked.recordType !== undefined &&
          linked.recordType !== r.recordType
        ) {
          return fail(
            "LINKED_RECORD",
            `Linked record ${linkedId} is a ${linked.recordType}, not a ${r.recordType}`,
            {
              id: linkedId,
            },
          );
        }
        if (!r.inStates.includes(linked.state)) {
          return fail(
            "LINKED_RECORD",
            `Linked record ${linkedId} is "${linked.state}"; it must be ${r.inStates.join(" or ")}`,
            { id: linkedId, state: linked.state, inStates: [...r.inStates] },
          );
        }
      }
      return undefined;
    }
    case "predicate": {
      const predicate =
        ctx.predicates && Object.hasOwn(ctx.predicates, r.name) ? ctx.predicates[r.name] : undefined;
      if (!predicate)
        return fail("PREDICATE", `The host predicate "${r.name}" is not available`, { name: r.name });
      let outcome: boolean | string;
      try {
        outcome = predicate({
          state,
          fields,
          payload,
          actor: ctx.actor,
          params: r.params,
          facts: ctx.facts ?? {},
        });
      } catch (e) {
        outcome = `The check "${r.name}" failed: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (outcome === true) return undefined;
      return fail("PREDICATE", typeof outcome === "string" ? outcome : `The check "${r.name}" is not met`, {
        name: r.name,
      });
    }
  }
}

function startDeadline(
  def: AnyWorkflowDefinition,
  d: DeadlineStartSpec,
  command: string,
  fields: JsonObject,
  payload: unknown,
  ctx: DecideContext,
): DeadlineState | Rejection {
  const calendarId = d.calendar ?? def.calendar ?? "";
  const calendar =
    ctx.calendars && Object.hasOwn(ctx.calendars, calendarId) ? ctx.calendars[calendarId] : undefined;
  if (!calendar) {
    return reject("FIELDS", "CAPA-10", `Calendar "${calendarId}" for deadline "${d.name}" is not configured`)
      .rejection;
  }
  let anchor = ctx.now;
  if (d.anchorField !== undefined) {
    const raw = [...valuesAtPath(payload, d.anchorField), ...valuesAtPath(fields, d.anchorField)][0];
    const parsed = typeof raw === "string" ? new Date(raw) : undefined;
    if (!parsed || Number.isNaN(parsed.getTime())) {
      return reject(
        "FIELDS",
        "CAPA-10",
        `Deadline "${d.name}" starts from ${d.anchorField}, which must be an ISO 8601 date-time`,
        { field: d.anchorField },
      ).rejection;
    }
    anchor = parsed;
  }
  const due = computeDue(anchor, d.policy, calendar);
  const base: DeadlineState = {
    ...due,
    name: d.name,
    startedBy: command,
    startedAt: ctx.now.toISOString(),
    status: "running",
    notified: [],
  };
  if (!d.escalate) return base;
  const escalation = computeDue(new Date(due.dueAt), d.escalate.after, calendar);
  return { ...base, escalation: { ...escalation, roles: [...d.escalate.roles] } };
}

/** A malformed context is a programming error of the caller, not a business rejection: throw `VALIDATION`. */
function checkContext(ctx: DecideContext): void {
  const actor = ctx?.actor as Partial<Actor> | undefined;
  if (
    typeof actor?.id !== "string" ||
    actor.id.length === 0 ||
    !Array.isArray(actor.roles) ||
    !(ctx.now instanceof Date) ||
    Number.isNaN(ctx.now.getTime()) ||
    typeof ctx.recordId !== "string" ||
    ctx.recordId.length === 0
  ) {
    throw new QmsError(
      "VALIDATION",
      "The decide context needs an actor (id, roles), a valid `now` and a record id",
    );
  }
}

/**
 * Decide a command without compile-time payload typing (for hosts routing untrusted input). Same rules as
 * {@link decide}.
 */
export function decideCommand(
  def: AnyWorkflowDefinition,
  state: WorkflowState | undefined,
  command: string,
  payload: unknown,
  ctx: DecideContext,
): Decision {
  checkContext(ctx);
  const spec =
    typeof command === "string" && Object.hasOwn(def.commands, command)
      ? (def.commands[command] as CommandSpec)
      : undefined;
  if (!spec) {
    return reject(
      "UNKNOWN_COMMAND",
      "P11-07",
      `"${wellFormed(String(command).slice(0, 200))}" is not a command of workflow ${def.id}`,
    );
  }
  if (state && (state.workflow.id !== def.id || state.workflow.version !== def.version)) {
    return reject(
      "INVALID_STATE",
      "P11-07",
      `Record ${state.recordId} runs ${state.workflow.id} v${state.workflow.version}, not ${def.id} v${def.version}`,
    );
  }
  if (spec.creates) {
    if (state) return reject("ALREADY_EXISTS", "P11-07", `Record ${state.recordId} already exists`);
  } else {
    if (!state)
      return reject("NOT_FOUND", "P11-07", `Record ${ctx.recordId} does not exist; create it first`);
    if (!(spec.from ?? []).includes(state.status)) {
      return reject(
        "INVALID_STATE",
        DEFAULT_REQUIREMENT_IDS.state,
        `"${command}" is not allowed in state "${state.status}"; it is allowed in ${(spec.from ?? []).join(", ")}`,
        { state: state.status, allowedFrom: [...(spec.from ?? [])] },
      );
    }
  }
  if (state && ctx.recordId !== state.recordId) {
    return reject("NOT_FOUND", "P11-07", `Context record ${ctx.recordId} is not record ${state.recordId}`);
  }
  const requires = spec.requires ?? [];
  // Authority first (P11-08), so an unauthorised user learns nothing about payload rules.
  for (const r of requires) {
    if (r.kind !== "role") continue;
    const failed = checkRequirement(r, state, state?.fields ?? {}, undefined, ctx);
    if (failed) return { ok: false, rejection: failed };
  }
  const schema = spec.payload;
  let data: unknown;
  if (schema) {
    const parsed = safeParse(schema, payload);
    if (!parsed.success) {
      return reject("INVALID_PAYLOAD", "P11-08", `The input of "${command}" is not valid`, {
        issues: parsed.error.issues
          .slice(0, 20)
          .map((i) => ({ path: i.path.map(String), message: i.message })),
      });
    }
    data = parsed.data;
  } else if (payload !== undefined && !(isPlainObject(payload) && Object.keys(payload).length === 0)) {
    return reject("INVALID_PAYLOAD", "P11-08", `"${command}" takes no input`);
  }
  const payloadJson = data === undefined ? null : jsonCopy(data, Number.POSITIVE_INFINITY);
  const canonical = payloadJson === undefined ? undefined : loggableJson(payloadJson);
  if (payloadJson === undefined || canonical === undefined) {
    return reject(
      "INVALID_PAYLOAD",
      "P11-08",
      `The input of "${command}" cannot be recorded: it must be plain JSON without "__proto__" keys or broken Unicode`,
    );
  }
  if (canonical.length > MAX_PAYLOAD_CHARS) {
    return reject(
      "INVALID_PAYLOAD",
      "P11-08",
      `The input of "${command}" is larger than ${MAX_PAYLOAD_CHARS} characters`,
    );
  }
  if (spec.reasonRequired && !(ctx.reason && ctx.reason.trim().length > 0)) {
    return reject("REASON_REQUIRED", "P11-08", `"${command}" needs a reason for the change`);
  }
  if (ctx.signatures && ctx.signatures.length > 0) {
    // What a signature signs: the current record version, or for a creating command the submitted input.
    const signed = state
      ? signedRecordOf(state)
      : { recordId: ctx.recordId, recordVersion: 0, content: payloadJson };
    for (const sig of ctx.signatures) {
      const bySigner = typeof sig === "object" && sig !== null && sig.signerId === ctx.actor.id;
      const verified = bySigner ? verifySignature(sig, signed, ctx.signatureVerification) : undefined;
      if (!verified?.ok) {
        const why = verified ? verified.message : "it was executed by someone else than the acting person";
        return reject(
          "SIGNATURE",
          "P11-08",
          `A signature cannot be used (${why}); sign record ${ctx.recordId} version ${signed.recordVersion} again`,
          {
            meaning: String((sig as Partial<Signature> | null)?.meaning),
            reason: verified?.ok === false ? verified.reason : "signer",
          },
        );
      }
    }
  }
  const { fields, changes } = applyEffects(spec, state?.fields ?? {}, data);
  for (const r of requires) {
    if (r.kind === "role") continue;
    const failed = checkRequirement(r, state, fields, data, ctx);
    if (failed) return { ok: false, rejection: failed };
  }
  if (def.fields) {
    const result = safeParse(def.fields, fields);
    if (!result.success) {
      return reject("FIELDS", "P11-08", `The record's fields would not be valid after "${command}"`, {
        issues: result.error.issues
          .slice(0, 20)
          .map((i) => ({ path: i.path.map(String), message: i.message })),
      });
    }
  }
  let to: string;
  if (spec.to === undefined) {
    to = state?.status ?? "";
  } else if (typeof spec.to === "string") {
    to = spec.to;
  } else {
    const value = isPlainObject(data) && Object.hasOwn(data, spec.to.by) ? data[spec.to.by] : undefined;
    const key =
      typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : undefined;
    const target =
      key !== undefined && Object.hasOwn(spec.to.cases, key) ? spec.to.cases[key] : spec.to.otherwise;
    if (target === undefined) {
      return reject(
        "NO_TARGET",
        "P11-07",
        `"${command}" has no target state for ${spec.to.by} = ${JSON.stringify(value) ?? "nothing"}`,
        { field: spec.to.by, allowed: Object.keys(spec.to.cases) },
      );
    }
    to = target;
  }
  const started: DeadlineState[] = [];
  for (const d of spec.deadlines?.start ?? []) {
    const result = startDeadline(def, d, command, fields, data, ctx);
    if ("code" in result) return { ok: false, rejection: result };
    started.push(result);
  }
  const linkedFacts: Record<string, string | null> = {};
  for (const r of requires) {
    if (r.kind !== "linked") continue;
    for (const id of linkIds(fields, r.field)) {
      const l = ctx.linked && Object.hasOwn(ctx.linked, id) ? ctx.linked[id] : undefined;
      Object.defineProperty(linkedFacts, id, {
        value: l?.state ?? null,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  const eventData: CommandExecutedData = {
    recordId: ctx.recordId,
    workflow: { id: def.id, version: def.version },
    command,
    from: state?.status ?? null,
    to,
    at: ctx.now.toISOString(),
    payload: payloadJson,
    changes,
    deadlinesStarted: started,
    deadlinesStopped: [...(spec.deadlines?.stop ?? [])],
    ...(Object.keys(linkedFacts).length > 0 ? { linked: linkedFacts } : {}),
  };
  const event: EventToAppend = {
    type: WorkflowEventType.commandExecuted,
    data: eventData,
    actor: ctx.actor,
    ...(ctx.reason !== undefined ? { reason: ctx.reason } : {}),
    ...(ctx.signatures && ctx.signatures.length > 0 ? { signatures: ctx.signatures } : {}),
    metadata: { ...ctx.metadata, workflowId: def.id, workflowVersion: def.version, command },
  };
  return { ok: true, events: [event] };
}

/**
 * Decide a command (pure): the events to append, or a rejection naming the unmet requirement.
 * The payload is type-checked against the command's zod schema at compile time and validated at run time.
 *
 * Checks, in order: the command exists; the record exists (or not, for a creating command) and is pinned to
 * this definition; the source state (P11-07); roles (P11-08); the payload; a required reason; signatures
 * (signer, record, version, content hash); then the other requirements in their declared order; the
 * definition's `fields` schema; the conditional target.
 *
 * @requirement P11-07 (a command not permitted from the current state is rejected)
 * @requirement P11-08 (user, action, record type, state and attributes are checked against the policy)
 * @requirement CAPA-13 (separation of duties)
 * @example
 * ```ts
 * const d = decide(capa, state, "approvePlan", { comment: "ok" }, { actor, now: clock.now(), recordId: "capa-1" });
 * if (!d.ok) console.log(d.rejection.requirement, d.rejection.message);
 * ```
 */
export function decide<D extends AnyWorkflowDefinition, K extends CommandName<D>>(
  def: D,
  state: WorkflowState | undefined,
  command: K,
  payload: PayloadOf<D, K>,
  ctx: DecideContext,
): Decision {
  return decideCommand(def, state, command, payload, ctx);
}

/**
 * The audit event recording a refused command (P11-07, P11-08). It goes on the record's own stream and
 * changes neither the record's status nor its fields; the attempted payload is kept when it is JSON and small.
 *
 * @requirement P11-07
 * @requirement P11-08
 */
export function rejectionEvent(
  def: AnyWorkflowDefinition | undefined,
  state: WorkflowState | undefined,
  command: string,
  payload: unknown,
  rejection: Rejection,
  ctx: Pick<DecideContext, "actor" | "now" | "reason" | "metadata">,
): EventToAppend {
  const copied = payload === undefined ? undefined : jsonCopy(payload);
  // Keep the attempted input only when the log can store it as it is (hostile input is summarised away).
  const copy = copied !== undefined && loggableJson(copied) !== undefined ? copied : undefined;
  const data: CommandRejectedData = {
    workflow: state ? state.workflow : def ? { id: def.id, version: def.version } : null,
    command: wellFormed(String(command).slice(0, 200)),
    status: state?.status ?? null,
    at: ctx.now.toISOString(),
    rejection:
      loggableJson(rejection) !== undefined
        ? rejection
        : { ...rejection, message: wellFormed(rejection.message), details: {} },
    ...(copy !== undefined ? { payload: copy } : {}),
  };
  return {
    type: WorkflowEventType.commandRejected,
    data,
    actor: ctx.actor,
    ...(ctx.reason !== undefined ? { reason: ctx.reason } : {}),
    metadata: { ...ctx.metadata, command: data.command },
  };
}
