/**
 * The hash chain over the event log: how an event's hash is computed, and `verifyChain`.
 *
 * @packageDocumentation
 */
import { canonicalJson } from "./canonical-json.js";
import { IntegrityError } from "./errors.js";
import { freezeParsed } from "./freeze.js";
import { sha256Hex } from "./hashing.js";
import type { ChainHead, StoredEvent } from "./ports.js";

/** A base class whose constructor returns the given object, so a subclass can stamp private fields on it. */
class Passthrough {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the return override is how private fields are attached
    return target as Passthrough;
  }
}

/**
 * The canonical UTF-8 bytes (hash input) of stored events this module created or parsed, held in a private
 * field stamped on the event. Only two functions stamp it: `sealAppend` (the bytes are computed from the
 * event) and {@link storedEventFromCanonical} (the event is parsed from the bytes); both events are then
 * deep-frozen, so the bytes stay the event's canonical form and `verifyChain` can hash them without
 * serialising the event again. A private field rather than a property or symbol: no caller can attach
 * bytes to an object of their own, and copies of an event (spread, JSON, structuredClone) do not carry it.
 * It is also faster to read than a WeakMap entry, which matters when verifying millions of events.
 */
class CanonicalBytes extends Passthrough {
  readonly #bytes: Uint8Array;

  private constructor(target: object, bytes: Uint8Array) {
    super(target);
    this.#bytes = bytes;
  }

  /** Stamps the bytes on an event that is not frozen yet. */
  static attach(target: object, bytes: Uint8Array): void {
    new CanonicalBytes(target, bytes);
  }

  /** The stamped bytes, or undefined. */
  static of(target: object): Uint8Array | undefined {
    return #bytes in target ? (target as CanonicalBytes).#bytes : undefined;
  }
}

/**
 * The canonical UTF-8 bytes (hash input) of an event that `sealAppend` or {@link storedEventFromCanonical}
 * produced, for adapters to store; `undefined` for any other object. Treat them as read-only.
 */
export function canonicalBytesOf(event: StoredEvent): Uint8Array | undefined {
  return typeof event === "object" && event !== null ? CanonicalBytes.of(event) : undefined;
}

/** Stamps the canonical bytes on an event `sealAppend` is about to freeze. @internal */
export function attachCanonicalBytes(event: object, bytes: Uint8Array): void {
  CanonicalBytes.attach(event, bytes);
}

/** `prevHash` of the first event, and the head hash of an empty log: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/** The empty chain's head. */
export const EMPTY_HEAD: ChainHead = Object.freeze({ position: 0, hash: GENESIS_HASH });

/** The fields of a stored event that its hash covers (everything except `hash` itself). */
export type HashedEventFields = Omit<StoredEvent, "hash">;

/**
 * The exact text an event's hash is computed over: the RFC 8785 canonical JSON of the event without its
 * `hash` member (so `prevHash`, position, stream, version, time, actor, reason, data, metadata and signatures
 * are all covered). Members are written in their canonical (sorted) order directly, which gives the same
 * text as `canonicalJson` of the whole object without sorting twelve keys per event.
 *
 * @requirement P11-03
 */
export function eventHashInput(e: HashedEventFields): string {
  let s = `{"actor":${canonicalJson(e.actor)},"data":${canonicalJson(e.data)},"id":${canonicalJson(e.id)}`;
  if (e.metadata !== undefined) s += `,"metadata":${canonicalJson(e.metadata)}`;
  s += `,"position":${canonicalJson(e.position)},"prevHash":${canonicalJson(e.prevHash)}`;
  if (e.reason !== undefined) s += `,"reason":${canonicalJson(e.reason)}`;
  s += `,"recordedAt":${canonicalJson(e.recordedAt)}`;
  if (e.signatures !== undefined) s += `,"signatures":${canonicalJson(e.signatures)}`;
  s += `,"streamId":${canonicalJson(e.streamId)},"type":${canonicalJson(e.type)},"version":${canonicalJson(e.version)}}`;
  return s;
}

/**
 * SHA-256 (hex) of {@link eventHashInput}: the `hash` an event must carry.
 *
 * @requirement P11-03
 */
export function computeEventHash(e: HashedEventFields): string {
  return sha256Hex(eventHashInput(e));
}

/**
 * Builds a deep-frozen stored event from its canonical text (the hash input, as adapters store it) and its
 * hash. `verifyChain` then hashes that text directly instead of serialising the event again. Throws an
 * `INTEGRITY` error when the text is not a JSON object.
 *
 * @requirement P11-03
 */
export function storedEventFromCanonical(text: string | Uint8Array, hash: string): StoredEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      typeof text === "string"
        ? text
        : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString("utf8"),
    );
  } catch {
    throw new IntegrityError("Stored event text is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new IntegrityError("Stored event text is not a JSON object");
  }
  const event = parsed as Record<string, unknown>;
  // JSON.parse creates an own "__proto__" member rather than setting the prototype, so this is safe
  event.hash = hash;
  // keep the UTF-8 bytes (a private copy): verification hashes them as they are, without encoding again
  CanonicalBytes.attach(event, typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text));
  freezeParsed(event);
  return event as unknown as StoredEvent;
}

/** How the chain is broken at the first broken link. */
export type ChainBreakKind = "edited" | "deleted" | "inserted" | "reordered" | "truncated";

/** The first broken link found by {@link verifyChain}. */
export interface ChainBreak {
  /** What happened. */
  readonly kind: ChainBreakKind;
  /** Global position where the chain breaks (the position expected at this point of the chain). */
  readonly position: number;
  /** Index in the given array of the event where the break was found (`events.length` for a truncated end). */
  readonly index: number;
  /** Id of the event at that index, when there is one. */
  readonly eventId?: string;
  /** A sentence a person can act on. */
  readonly message: string;
}

/** Result of {@link verifyChain}. */
export type ChainVerification =
  | { readonly ok: true; readonly checked: number; readonly head: ChainHead }
  | { readonly ok: false; readonly checked: number; readonly broken: ChainBreak };

/** Options of {@link verifyChain}. */
export interface VerifyChainOptions {
  /**
   * The trusted head of the log (e.g. from `EventLog.head()` or a copy kept elsewhere). With it, events
   * missing at the end (truncation) and a rewritten last event are detected too.
   */
  readonly head?: ChainHead;
  /** Verify a segment that continues after this link (default: the genesis, position 0). */
  readonly after?: ChainHead;
}

/** Checks one link in full (exact canonicalisation); returns the break, or undefined when the link holds. */
function diagnose(
  events: readonly StoredEvent[],
  i: number,
  expected: number,
  prevPosition: number,
  prevHash: string,
  start: number,
): [ChainBreakKind, string] | undefined {
  const e = events[i] as StoredEvent | undefined;
  if (typeof e !== "object" || e === null) return ["edited", `Entry ${i} is not an event`];
  const position = e.position;
  if (position !== expected) {
    if (typeof position === "number" && position > expected) {
      for (let j = i + 1; j < events.length; j++) {
        if (events[j]?.position === expected) {
          return [
            "reordered",
            `Event at position ${expected} appears out of order (found position ${position} in its place)`,
          ];
        }
      }
      return [
        "deleted",
        `Event at position ${expected} is missing (the next event found has position ${position})`,
      ];
    }
    if (typeof position === "number" && position < expected && position > start) {
      return ["inserted", `An extra event claims position ${position}, which the chain already holds`];
    }
    return ["edited", `Event has position ${String(position)} where ${expected} was expected`];
  }
  let matches = false;
  try {
    const known = CanonicalBytes.of(e);
    matches = (known !== undefined && sha256Hex(known) === e.hash) || computeEventHash(e) === e.hash;
  } catch {
    return ["edited", `Event at position ${expected} is malformed (not canonical JSON)`];
  }
  if (!matches)
    return ["edited", `Event at position ${expected} was changed: its content does not match its hash`];
  if (e.prevHash !== prevHash) {
    return [
      "edited",
      `Link broken at position ${expected}: prevHash does not match the hash of event ${prevPosition} (an event was altered and re-hashed, or replaced)`,
    ];
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/**
 * Verifies that `events` (in global order) form an unbroken hash chain: positions are consecutive from
 * 1 (or from `after`), every event's `hash` matches its content, and every `prevHash` is the previous
 * event's hash. Returns the first broken link and its kind:
 *
 * - `edited`: an event's content no longer matches its hash, or a link does not match the previous event
 *   (an earlier event was altered and re-hashed, or this one replaced);
 * - `deleted`: a position is missing and does not appear later;
 * - `reordered`: a position is missing here but appears later;
 * - `inserted`: an event repeats an earlier position, or events go beyond the given head;
 * - `truncated`: the given head is beyond the last event.
 *
 * Never throws on malformed events: they are reported as `edited`.
 *
 * @requirement P11-03
 * @example
 * ```ts
 * const result = verifyChain(await log.readAll(), { head: await log.head() });
 * if (!result.ok) console.error(result.broken.kind, result.broken.position, result.broken.message);
 * ```
 */
export function verifyChain(
  events: readonly StoredEvent[],
  options: VerifyChainOptions = {},
): ChainVerification {
  let prevPosition = options.after?.position ?? 0;
  let prevHash = options.after?.hash ?? GENESIS_HASH;
  const n = events.length;
  for (let i = 0; i < n; i++) {
    const e = events[i] as StoredEvent | undefined;
    const expected = prevPosition + 1;
    // Hot path: a known canonical text (events sealed or read by an adapter) is hashed as it is.
    const known = typeof e === "object" && e !== null ? CanonicalBytes.of(e) : undefined;
    if (
      known !== undefined &&
      e!.position === expected &&
      e!.prevHash === prevHash &&
      sha256Hex(known) === e!.hash
    ) {
      prevPosition = expected;
      prevHash = e!.hash;
      continue;
    }
    const problem = diagnose(events, i, expected, prevPosition, prevHash, options.after?.position ?? 0);
    if (problem !== undefined) {
      const id = typeof e === "object" && e !== null ? str(e.id) : undefined;
      const broken: ChainBreak =
        id === undefined
          ? { kind: problem[0], position: expected, index: i, message: problem[1] }
          : { kind: problem[0], position: expected, index: i, eventId: id, message: problem[1] };
      return { ok: false, checked: i, broken };
    }
    prevPosition = expected;
    prevHash = e!.hash;
  }
  const head = options.head;
  if (head !== undefined) {
    const end = (kind: ChainBreakKind, position: number, message: string): ChainVerification => ({
      ok: false,
      checked: n,
      broken: { kind, position, index: n, message },
    });
    if (head.position > prevPosition) {
      return end(
        "truncated",
        prevPosition + 1,
        `Events ${prevPosition + 1}..${head.position} are missing at the end (head is at ${head.position})`,
      );
    }
    if (head.position < prevPosition) {
      return end(
        "inserted",
        head.position + 1,
        `Events after the head position ${head.position} were added (last is ${prevPosition})`,
      );
    }
    if (head.hash !== prevHash) {
      return end(
        "edited",
        prevPosition,
        `The last event (position ${prevPosition}) does not match the head hash`,
      );
    }
  }
  return { ok: true, checked: n, head: { position: prevPosition, hash: prevHash } };
}
