/**
 * The append algorithm shared by every `EventLog` adapter: validate and copy the events (outside any
 * transaction), then, inside the adapter's transaction, check expected versions and assign positions,
 * versions, server time, ids and hashes.
 *
 * @packageDocumentation
 */
import { z } from "zod";
import { canonicalJson, canonicalString } from "./canonical-json.js";
import { ConcurrencyError, LimitExceededError, QmsError, ValidationError } from "./errors.js";
import { freezeParsed } from "./freeze.js";
import { attachCanonicalBytes, eventHashInput, type HashedEventFields } from "./hash-chain.js";
import { sha256Hex } from "./hashing.js";
import type { Actor, AppendRequest, ChainHead, Clock, IdGenerator, Signature, StoredEvent } from "./ports.js";
import { actorSchema, appendRequestSchema, eventToAppendSchema, streamIdSchema } from "./schemas.js";
import { invalid, parseOrThrow, zodIssues } from "./validation.js";

/** Default size limit of one stored event (canonical JSON, UTF-8 bytes): 1 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 1_048_576;

/** An event after validation: deep-copied, frozen, canonical. */
export interface PreparedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly actor: Actor;
  readonly reason?: string;
  readonly signatures?: readonly Signature[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** One stream's validated part of an append. */
export interface PreparedRequest {
  readonly streamId: string;
  readonly expectedVersion: number | "any";
  readonly events: readonly PreparedEvent[];
}

/** Canonical texts of a prepared event's parts, reused when it is sealed (saves serialising twice). */
interface PreparedTexts {
  actor: string;
  data: string;
  signatures?: string;
  metadata?: string;
}
const preparedTexts = new WeakMap<PreparedEvent, PreparedTexts>();

/** A JSON-safe deep copy (through the canonical text), frozen. Rejects `__proto__` keys and non-JSON values. */
function copyJson(
  value: unknown,
  maxLength: number,
  where: string,
  texts?: PreparedTexts,
  part?: keyof PreparedTexts,
): unknown {
  let text: string;
  try {
    text = canonicalJson(value, { rejectProtoKeys: true, maxLength });
  } catch (e) {
    if (e instanceof QmsError) {
      const ctor = e.code === "LIMIT_EXCEEDED" ? LimitExceededError : ValidationError;
      throw new ctor(`${where}: ${e.message}`, { details: { ...e.details, field: where }, cause: e });
    }
    throw e;
  }
  if (texts && part) texts[part] = text;
  return freezeParsed(JSON.parse(text));
}

/** A validated, frozen actor and its canonical text. */
interface SharedActor {
  readonly actor: Actor;
  readonly text: string;
}

// The event shape without the actor, which is validated once per distinct actor object of an append.
const eventShapeSchema = eventToAppendSchema.extend({ actor: z.unknown() });

/**
 * Validates and copies an actor once per append: the events of one append usually share one actor object,
 * and it cannot change while the (synchronous) preparation runs. The copy is frozen, so sharing it between
 * the stored events is safe.
 */
function sharedActor(
  raw: unknown,
  maxBytes: number,
  where: string,
  cache: Map<unknown, SharedActor>,
): SharedActor {
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const r = actorSchema.safeParse(raw);
  if (!r.success) throw invalid(`${where} is malformed`, zodIssues(r.error, where));
  const texts: PreparedTexts = { actor: "", data: "" };
  const actor = copyJson(r.data, maxBytes, where, texts, "actor") as Actor;
  const shared = { actor, text: texts.actor };
  if (typeof raw === "object" && raw !== null) cache.set(raw, shared);
  return shared;
}

/**
 * Validates append requests and copies their events. Throws `VALIDATION` (malformed events, data that is
 * not JSON, cycles, `__proto__` keys, duplicate streams) or `LIMIT_EXCEEDED` (an event larger than
 * `maxEventBytes`). Nothing is stored by this step.
 */
export function prepareAppend(
  requests: readonly AppendRequest[],
  options: { readonly maxEventBytes?: number } = {},
): PreparedRequest[] {
  const maxBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  if (!Array.isArray(requests)) throw new ValidationError("Append requests must be an array");
  const seen = new Set<string>();
  const out: PreparedRequest[] = [];
  const actors = new Map<unknown, SharedActor>();
  try {
    requests.forEach((raw, r) => {
      const req = appendRequestSchema.safeParse(raw);
      if (!req.success) throw invalid(`Append request ${r} is malformed`, zodIssues(req.error, ""));
      const { streamId, expectedVersion } = req.data;
      if (seen.has(streamId)) {
        throw new ValidationError(
          `Stream "${streamId}" appears twice in one atomic append; combine its events into one request`,
          {
            details: { streamId },
          },
        );
      }
      seen.add(streamId);
      const events = req.data.events.map((rawEvent, i): PreparedEvent => {
        const where = `events[${i}]`;
        const parsed = eventShapeSchema.safeParse(rawEvent);
        if (!parsed.success)
          throw invalid(`Event ${i} of stream "${streamId}" is malformed`, zodIssues(parsed.error, where));
        const ev = parsed.data;
        const shared = sharedActor(
          (rawEvent as { actor: unknown }).actor,
          maxBytes,
          `${where}.actor`,
          actors,
        );
        const texts: PreparedTexts = { actor: shared.text, data: "" };
        const prepared: {
          type: string;
          data: unknown;
          actor: Actor;
          reason?: string;
          signatures?: readonly Signature[];
          metadata?: Readonly<Record<string, unknown>>;
        } = {
          type: ev.type,
          data: copyJson((rawEvent as { data: unknown }).data, maxBytes, `${where}.data`, texts, "data"),
          actor: shared.actor,
        };
        if (ev.reason !== undefined) prepared.reason = ev.reason;
        if (ev.signatures !== undefined) {
          prepared.signatures = copyJson(
            ev.signatures,
            maxBytes,
            `${where}.signatures`,
            texts,
            "signatures",
          ) as readonly Signature[];
        }
        if (ev.metadata !== undefined) {
          // copy from the caller's object, not zod's output, so `__proto__` keys are seen and rejected
          prepared.metadata = copyJson(
            (rawEvent as { metadata: unknown }).metadata,
            maxBytes,
            `${where}.metadata`,
            texts,
            "metadata",
          ) as Record<string, unknown>;
        }
        if (prepared.data === undefined)
          throw new ValidationError(`${where}.data: data is required (use null for none)`);
        const frozen = Object.freeze(prepared);
        preparedTexts.set(frozen, texts);
        return frozen;
      });
      out.push({ streamId, expectedVersion, events });
    });
  } catch (e) {
    if (e instanceof QmsError) throw e;
    throw new ValidationError("Append request cannot be read", { cause: e });
  }
  return out;
}

/**
 * {@link eventHashInput} with the parts' canonical texts from preparation (same text, without serialising
 * data, actor, signatures and metadata a second time).
 */
function hashInputFromTexts(e: HashedEventFields, t: PreparedTexts): string {
  let s = `{"actor":${t.actor},"data":${t.data},"id":${canonicalString(e.id)}`;
  if (t.metadata !== undefined) s += `,"metadata":${t.metadata}`;
  s += `,"position":${e.position},"prevHash":${canonicalString(e.prevHash)}`;
  if (e.reason !== undefined) s += `,"reason":${canonicalString(e.reason)}`;
  s += `,"recordedAt":${canonicalString(e.recordedAt)}`;
  if (t.signatures !== undefined) s += `,"signatures":${t.signatures}`;
  s += `,"streamId":${canonicalString(e.streamId)},"type":${canonicalString(e.type)},"version":${e.version}}`;
  return s;
}

/** What the adapter knows, inside its transaction, about the current log. */
export interface ChainState {
  /** The current chain head. */
  readonly head: ChainHead;
  /** Current version of a stream (0 when it does not exist). */
  streamVersion(streamId: string): number;
}

/**
 * Turns prepared requests into stored events: checks every expected version (a mismatch is a
 * `CONCURRENCY` error), then assigns positions after the head, stream versions, one server time for the
 * whole append, ids, `prevHash` and `hash`. Call it inside the adapter's transaction and store exactly
 * the returned events, or nothing.
 *
 * @requirement P11-02
 * @requirement P11-03
 */
export function sealAppend(
  requests: readonly PreparedRequest[],
  state: ChainState,
  context: { readonly clock: Clock; readonly ids: IdGenerator; readonly maxEventBytes?: number },
): StoredEvent[] {
  const maxBytes = context.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const versions = new Map<string, number>();
  for (const req of requests) {
    const current = state.streamVersion(req.streamId);
    if (req.expectedVersion !== "any" && req.expectedVersion !== current) {
      throw new ConcurrencyError(
        `Stream "${req.streamId}" is at version ${current}, not the expected ${req.expectedVersion}: reload it and retry`,
        { details: { streamId: req.streamId, expectedVersion: req.expectedVersion, actualVersion: current } },
      );
    }
    versions.set(req.streamId, current);
  }
  const now = context.clock.now();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new ValidationError("The clock returned an invalid instant");
  }
  const recordedAt = now.toISOString();
  let position = state.head.position;
  let prevHash = state.head.hash;
  const stored: StoredEvent[] = [];
  for (const req of requests) {
    let version = versions.get(req.streamId) ?? 0;
    for (const ev of req.events) {
      position++;
      version++;
      const fields: { -readonly [K in keyof StoredEvent]: StoredEvent[K] } = {
        id: context.ids.next(),
        position,
        streamId: req.streamId,
        version,
        type: ev.type,
        data: ev.data,
        actor: ev.actor,
        recordedAt,
        prevHash,
        hash: "",
      };
      if (ev.reason !== undefined) fields.reason = ev.reason;
      if (ev.signatures !== undefined) fields.signatures = ev.signatures;
      if (ev.metadata !== undefined) fields.metadata = ev.metadata;
      const texts = preparedTexts.get(ev);
      // use the prepared texts only when they cover every part the event has
      const complete =
        texts !== undefined &&
        (ev.signatures === undefined) === (texts.signatures === undefined) &&
        (ev.metadata === undefined) === (texts.metadata === undefined);
      const input = complete ? hashInputFromTexts(fields, texts) : eventHashInput(fields);
      // UTF-8 takes at most 3 bytes per UTF-16 code unit: count bytes only when the limit could be passed
      const bytes = input.length * 3 > maxBytes ? Buffer.byteLength(input, "utf8") : input.length;
      if (bytes > maxBytes) {
        throw new LimitExceededError(
          `Event ${version} of stream "${req.streamId}" is larger than the limit of ${maxBytes} bytes`,
          { details: { streamId: req.streamId, limit: maxBytes, bytes } },
        );
      }
      // encode once: the hash, the store and later verifications all use these bytes
      const encoded = Buffer.from(input, "utf8");
      fields.hash = sha256Hex(encoded);
      attachCanonicalBytes(fields, encoded);
      const event = Object.freeze(fields);
      stored.push(event);
      prevHash = fields.hash;
    }
  }
  return stored;
}

/** Validates a stream id argument (`VALIDATION` error when malformed). */
export function checkStreamId(streamId: unknown): string {
  return parseOrThrow(streamIdSchema, streamId, "Stream id is malformed", "streamId");
}
