/**
 * The register of signing identities: which person each user id belongs to, for ever (P11-12).
 *
 * Each user id has its own stream (`identity:<userId>`) and each person, named by a host-chosen stable key
 * (an employee number, an HR id), has one too (`identity-person:<sha256 of the key>`). Registration appends to
 * both in one atomic append that expects the user id's stream to be new, so a user id can be bound only once,
 * even after deactivation and even when two registrations race; the person's stream makes sure a person holds
 * at most one active signing identity at a time.
 *
 * @packageDocumentation
 */
import { z } from "zod";
import { ConflictError, isQmsError, NotFoundError } from "./errors.js";
import { sha256Hex } from "./hashing.js";
import type { Actor, EventLog, StoredEvent } from "./ports.js";
import { parseOrThrow } from "./validation.js";

/** Event types written by the {@link IdentityRegistry}. */
export const IdentityEvents = {
  /** A user id was bound to a person. */
  registered: "identity.registered",
  /** The person's printed name changed (the binding did not). */
  renamed: "identity.renamed",
  /** The user id can no longer sign; it stays bound to its person. */
  deactivated: "identity.deactivated",
} as const;

/** A user id and the person it belongs to, folded from its stream. */
export interface IdentityRecord {
  readonly userId: string;
  /** The host's stable key of the person (e.g. an employee number). */
  readonly personKey: string;
  /** Current printed name. */
  readonly name: string;
  readonly status: "active" | "deactivated";
  readonly registeredAt: string;
  readonly registeredBy: string;
  readonly deactivatedAt?: string;
}

/** Result of {@link IdentityRegistry.check}. */
export type IdentityCheck =
  | { readonly ok: true; readonly identity: IdentityRecord }
  | {
      readonly ok: false;
      readonly reason: "unknown-identity" | "identity-deactivated" | "identity-mismatch";
      readonly message: string;
    };

/** Options of {@link IdentityRegistry}. */
export interface IdentityRegistryOptions {
  /** Where the identity events are kept (the same log as the records, or a separate one). */
  readonly log: EventLog;
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");
const registrationSchema = z.strictObject({ userId: text(256), personKey: text(256), name: text(256) });
const reasonSchema = text(2000);

const userStream = (userId: string) => `identity:${userId}`;
const personStream = (personKey: string) => `identity-person:${sha256Hex(personKey)}`;

function reused(userId: string, existing: IdentityRecord, personKey: string): ConflictError {
  const whom = existing.personKey === personKey ? "this person" : "another person";
  return new ConflictError(`User id "${userId}" was issued before (to ${whom}) and is never issued again`, {
    details: { userId, status: existing.status },
  });
}

/** Folds a user id's events into its record (`undefined` when it was never registered). */
function foldIdentity(events: readonly StoredEvent[]): IdentityRecord | undefined {
  let rec: IdentityRecord | undefined;
  for (const e of events) {
    const d = e.data as Record<string, string>;
    if (e.type === IdentityEvents.registered) {
      rec = {
        userId: d.userId!,
        personKey: d.personKey!,
        name: d.name!,
        status: "active",
        registeredAt: e.recordedAt,
        registeredBy: e.actor.id,
      };
    } else if (rec && e.type === IdentityEvents.renamed) {
      rec = { ...rec, name: d.name! };
    } else if (rec && e.type === IdentityEvents.deactivated) {
      rec = { ...rec, status: "deactivated", deactivatedAt: e.recordedAt };
    }
  }
  return rec;
}

/** The user id a person's stream currently holds as active (`undefined` when none). */
function activeIdOf(events: readonly StoredEvent[]): string | undefined {
  let active: string | undefined;
  for (const e of events) {
    const d = e.data as Record<string, string>;
    if (e.type === IdentityEvents.registered) active = d.userId;
    else if (e.type === IdentityEvents.deactivated && d.userId === active) active = undefined;
  }
  return active;
}

/**
 * Binds user ids to people once and for ever, and tells a signing step whether an actor is the person their
 * id was issued to. Every change is an audit event signed by the administrator who made it.
 *
 * @requirement P11-12
 * @example
 * ```ts
 * const identities = new IdentityRegistry({ log });
 * await identities.register({ userId: "u-ada", personKey: "EMP-0042", name: "Ada Quality" }, admin);
 * const signing = new SigningService({ authenticator, log, securitySink, identities });
 * ```
 */
export class IdentityRegistry {
  readonly #log: EventLog;

  constructor(options: IdentityRegistryOptions) {
    this.#log = options.log;
  }

  /**
   * Binds `userId` to the person `personKey`. Refused with `CONFLICT` when the user id was ever registered
   * (also when it is deactivated) or when the person already holds an active identity.
   *
   * @requirement P11-12
   */
  async register(
    input: { readonly userId: string; readonly personKey: string; readonly name: string },
    by: Actor,
  ): Promise<IdentityRecord> {
    const { userId, personKey, name } = parseOrThrow(
      registrationSchema,
      input,
      "Identity registration is malformed",
    );
    const existing = await this.get(userId);
    if (existing) throw reused(userId, existing, personKey);
    const person = personStream(personKey);
    const personEvents = await this.#log.read(person);
    const active = activeIdOf(personEvents);
    if (active !== undefined) {
      throw new ConflictError(
        `This person already signs as "${active}": deactivate that identity before issuing "${userId}"`,
        { details: { userId, activeUserId: active } },
      );
    }
    let stored: readonly StoredEvent[];
    try {
      stored = await this.#log.appendAtomic([
        {
          streamId: userStream(userId),
          events: [{ type: IdentityEvents.registered, data: { userId, personKey, name }, actor: by }],
          expectedVersion: 0,
        },
        {
          streamId: person,
          events: [{ type: IdentityEvents.registered, data: { userId }, actor: by }],
          expectedVersion: personEvents.length,
        },
      ]);
    } catch (e) {
      if (isQmsError(e, "CONCURRENCY")) {
        const raced = await this.get(userId);
        if (raced) throw reused(userId, raced, personKey);
        throw new ConflictError(
          "Another registration for this person happened at the same time: check and retry",
          {
            details: { userId },
            cause: e,
          },
        );
      }
      throw e;
    }
    // the user stream's event comes first in the atomic append's result
    return foldIdentity([stored[0]!])!;
  }

  /** Records a new printed name for the same person (e.g. after marriage); the user id stays theirs. */
  async rename(userId: string, name: string, by: Actor, reason: string): Promise<IdentityRecord> {
    const newName = parseOrThrow(text(256), name, "New name is malformed");
    const why = parseOrThrow(reasonSchema, reason, "A reason is required");
    const { id, events } = await this.#require(userId);
    const stored = await this.#log.append(
      userStream(id),
      [{ type: IdentityEvents.renamed, data: { userId: id, name: newName }, actor: by, reason: why }],
      { expectedVersion: events.length },
    );
    return foldIdentity([...events, ...stored])!;
  }

  /**
   * Ends a user id's ability to sign. The id stays bound to its person and is never issued again; the
   * person may then be issued a new id.
   *
   * @requirement P11-12
   */
  async deactivate(userId: string, by: Actor, reason: string): Promise<IdentityRecord> {
    const why = parseOrThrow(reasonSchema, reason, "A reason is required");
    const { id, events, record } = await this.#require(userId);
    if (record.status === "deactivated") return record;
    const person = personStream(record.personKey);
    const personEvents = await this.#log.read(person);
    const event = { type: IdentityEvents.deactivated, data: { userId: id }, actor: by, reason: why };
    const stored = await this.#log.appendAtomic([
      { streamId: userStream(id), events: [event], expectedVersion: events.length },
      { streamId: person, events: [event], expectedVersion: personEvents.length },
    ]);
    return foldIdentity([...events, stored[0]!])!;
  }

  /** The identity of `userId`, or `undefined` when it was never registered. */
  async get(userId: string): Promise<IdentityRecord | undefined> {
    return (await this.#load(userId)).record;
  }

  /**
   * Whether `actor` may sign as who they claim: their id is registered, active, and issued to a person of
   * that printed name (a different name means the id is being used for someone else).
   *
   * @requirement P11-12
   */
  async check(actor: Actor): Promise<IdentityCheck> {
    const identity = await this.get(actor.id);
    if (!identity) {
      return {
        ok: false,
        reason: "unknown-identity",
        message: `User id "${actor.id}" is not a registered signing identity`,
      };
    }
    if (identity.status !== "active") {
      return {
        ok: false,
        reason: "identity-deactivated",
        message: `User id "${actor.id}" is deactivated and cannot sign`,
      };
    }
    if (identity.name !== actor.name.trim()) {
      return {
        ok: false,
        reason: "identity-mismatch",
        message: `User id "${actor.id}" belongs to ${identity.name}, not ${actor.name}`,
      };
    }
    return { ok: true, identity };
  }

  /** A user id's events and the record folded from them. */
  async #load(
    userId: string,
  ): Promise<{ id: string; events: readonly StoredEvent[]; record: IdentityRecord | undefined }> {
    const id = parseOrThrow(text(256), userId, "User id is malformed");
    const events = await this.#log.read(userStream(id));
    return { id, events, record: foldIdentity(events) };
  }

  async #require(
    userId: string,
  ): Promise<{ id: string; events: readonly StoredEvent[]; record: IdentityRecord }> {
    const { id, events, record } = await this.#load(userId);
    if (!record) throw new NotFoundError(`User id "${id}" is not registered`, { details: { userId: id } });
    return { id, events, record };
  }
}
