/**
 * The hash chain over the event log: how an event's hash is computed, and `verifyChain`.
 *
 * @packageDocumentation
 */
import { canonicalJson } from "./canonical-json.js";
import { sha256Hex } from "./hashing.js";
import type { ChainHead, StoredEvent } from "./ports.js";

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
    const broken = (kind: ChainBreakKind, message: string): ChainVerification => {
      const id = e && typeof e === "object" ? str(e.id) : undefined;
      return {
        ok: false,
        checked: i,
        broken:
          id === undefined
            ? { kind, position: expected, index: i, message }
            : { kind, position: expected, index: i, eventId: id, message },
      };
    };
    if (typeof e !== "object" || e === null) return broken("edited", `Entry ${i} is not an event`);
    const position = e.position;
    if (position !== expected) {
      if (typeof position === "number" && position > expected) {
        for (let j = i + 1; j < n; j++) {
          if (events[j]?.position === expected) {
            return broken(
              "reordered",
              `Event at position ${expected} appears out of order (found position ${position} in its place)`,
            );
          }
        }
        return broken(
          "deleted",
          `Event at position ${expected} is missing (the next event found has position ${position})`,
        );
      }
      if (typeof position === "number" && position < expected && position > (options.after?.position ?? 0)) {
        return broken(
          "inserted",
          `An extra event claims position ${position}, which the chain already holds`,
        );
      }
      return broken("edited", `Event has position ${String(position)} where ${expected} was expected`);
    }
    let actual: string;
    try {
      actual = computeEventHash(e);
    } catch {
      return broken("edited", `Event at position ${expected} is malformed (not canonical JSON)`);
    }
    if (actual !== e.hash) {
      return broken(
        "edited",
        `Event at position ${expected} was changed: its content does not match its hash`,
      );
    }
    if (e.prevHash !== prevHash) {
      return broken(
        "edited",
        `Link broken at position ${expected}: prevHash does not match the hash of event ${prevPosition} (an event was altered and re-hashed, or replaced)`,
      );
    }
    prevPosition = expected;
    prevHash = e.hash;
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
