/**
 * The ports (interfaces) of the qmskit kernel. Adapters implement them; domain packages depend only on them.
 * This file is the contract other packages code against: change it only deliberately.
 *
 * @packageDocumentation
 */

/** A person or system acting on records. `id` is unique per person and never reused (P11-12). */
export interface Actor {
  /** Unique, never reassigned user id. */
  readonly id: string;
  /** Printed name, shown on signature manifestations (P11-10). */
  readonly name: string;
  /** Roles held at the time of the action. */
  readonly roles: readonly string[];
}

/** Source of the trusted server time. Client-supplied times are never used for audit entries (P11-02). */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** Source of unique identifiers (UUIDv7 by default). */
export interface IdGenerator {
  /** A new, unique id. */
  next(): string;
}

/** Optional Ed25519 seal over a signature's canonical form. */
export interface SignatureSeal {
  readonly alg: "Ed25519";
  /** Host-chosen id of the public key that verifies the seal. */
  readonly keyId: string;
  /** Base64 signature value. */
  readonly value: string;
}

/**
 * An electronic signature bound to one version of one record through its content hash (P11-10, P11-11).
 */
export interface Signature {
  /** Signer's unique user id. */
  readonly signerId: string;
  /** Signer's printed name. */
  readonly printedName: string;
  /** What the signature means: e.g. `authorship`, `review`, `approval`, `responsibility`. */
  readonly meaning: string;
  /** Server time of signing, ISO 8601 UTC. */
  readonly signedAt: string;
  /** The signed record (stream) id. */
  readonly recordId: string;
  /** The signed record version. */
  readonly recordVersion: number;
  /** SHA-256 (hex) of the canonical JSON of the signed content. */
  readonly contentHash: string;
  /** Optional cryptographic seal. */
  readonly seal?: SignatureSeal;
}

/** An event as a caller asks to append it. The log adds position, version, time and hashes. */
export interface EventToAppend<D = unknown> {
  /** Event type, e.g. `capa.opened`. */
  readonly type: string;
  /** JSON-serialisable payload. */
  readonly data: D;
  /** Who caused it. */
  readonly actor: Actor;
  /** Why (a reason for change), when the action needs one. */
  readonly reason?: string;
  /** Signatures executed with this event. */
  readonly signatures?: readonly Signature[];
  /** JSON-serialisable metadata (correlation ids, definition version, …). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** An event as stored: one link of the hash chain. */
export interface StoredEvent<D = unknown> extends EventToAppend<D> {
  /** Unique event id. */
  readonly id: string;
  /** Global position in the log, starting at 1, without gaps. */
  readonly position: number;
  /** The record (stream) this event belongs to. */
  readonly streamId: string;
  /** Version of the stream after this event, starting at 1. */
  readonly version: number;
  /** Server time when stored, ISO 8601 UTC (from the {@link Clock}). */
  readonly recordedAt: string;
  /** Hash of the previous event in global order (64 zeros for the first). */
  readonly prevHash: string;
  /** SHA-256 (hex) over the canonical JSON of this event's content and `prevHash`. */
  readonly hash: string;
}

/**
 * Optimistic-concurrency expectation: the stream's current version (0 = the stream must not exist yet),
 * or `"any"` to skip the check.
 */
export type ExpectedVersion = number | "any";

/** One stream's part of an atomic multi-stream append. */
export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expectedVersion: ExpectedVersion;
}

/** The last link of the chain: lets a verifier detect truncation at the end. */
export interface ChainHead {
  /** Position of the last event (0 when empty). */
  readonly position: number;
  /** Hash of the last event (64 zeros when empty). */
  readonly hash: string;
}

/**
 * The append-only, hash-chained event log. Adapters: in-memory (core), SQLite, PostgreSQL.
 * There is no update, delete or purge path (P11-03), so an audit entry can never be purged while its
 * record's retention runs (P11-05).
 *
 * @requirement P11-05
 */
export interface EventLog {
  /**
   * Append events to one stream. Throws a `CONCURRENCY` error when `expectedVersion` does not match and a
   * `VALIDATION` error for malformed events; the log is unchanged after any rejected append.
   */
  append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { readonly expectedVersion: ExpectedVersion },
  ): Promise<readonly StoredEvent[]>;
  /** Append to several streams in one transaction: all requests are stored, or none. */
  appendAtomic(requests: readonly AppendRequest[]): Promise<readonly StoredEvent[]>;
  /** The events of one stream in version order (empty when the stream does not exist). */
  read(streamId: string, options?: { readonly fromVersion?: number }): Promise<readonly StoredEvent[]>;
  /** Events of all streams in global order, from `fromPosition` (inclusive, default 1), at most `limit`. */
  readAll(options?: {
    readonly fromPosition?: number;
    readonly limit?: number;
  }): Promise<readonly StoredEvent[]>;
  /** Current version of a stream (0 when it does not exist). */
  streamVersion(streamId: string): Promise<number>;
  /** The chain head. */
  head(): Promise<ChainHead>;
  /** Release resources (file handles). */
  close(): Promise<void>;
}

/**
 * The host's credential check (the library never stores passwords). It verifies the two components of a
 * non-biometric signature, user id and secret (Part 11 §11.200(a)(1)); it must not accept a login
 * bearer token in place of the secret (P11-14).
 */
export interface Authenticator {
  /** True when `secret` is the current secret of `userId`. */
  verify(userId: string, secret: string): boolean | Promise<boolean>;
}

/** A security-relevant event raised to the host immediately (e.g. repeated failed signing attempts). */
export interface SecurityEvent {
  /** Kind of event, e.g. `signature.repeated-failures`. */
  readonly type: string;
  /** The user id the attempts were made for. */
  readonly userId: string;
  /** Server time, ISO 8601 UTC. */
  readonly at: string;
  /** Number of consecutive failures that led to the event. */
  readonly failures: number;
  /** Signing session id, when known. */
  readonly sessionId?: string;
}

/** Where security events go (an alerting system, a SIEM, an on-call pager) (P11-09). */
export interface SecurityEventSink {
  raise(event: SecurityEvent): void | Promise<void>;
}
