/**
 * The in-memory `EventLog` adapter: for tests, examples and short-lived processes.
 *
 * @packageDocumentation
 */
import { systemClock } from "./clock.js";
import { QmsError, ValidationError } from "./errors.js";
import { checkStreamId, DEFAULT_MAX_EVENT_BYTES, prepareAppend, sealAppend } from "./event-append.js";
import { EMPTY_HEAD } from "./hash-chain.js";
import { defaultIdGenerator } from "./ids.js";
import type {
  AppendRequest,
  ChainHead,
  Clock,
  EventLog,
  EventToAppend,
  ExpectedVersion,
  IdGenerator,
  StoredEvent,
} from "./ports.js";

/** Options shared by event-log adapters. */
export interface EventLogOptions {
  /** Trusted time source of `recordedAt` (default: the system clock). */
  readonly clock?: Clock;
  /** Event id source (default: UUIDv7). */
  readonly ids?: IdGenerator;
  /** Size limit of one event's canonical JSON in UTF-8 bytes (default 1 MiB). */
  readonly maxEventBytes?: number;
}

/** Checks `readAll`/`read` options; returns sane integers. */
export function checkNonNegativeInt(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ValidationError(`${name} must be a non-negative integer, got ${String(value)}`, {
      details: { [name]: value },
    });
  }
  return value;
}

/**
 * An `EventLog` kept in memory. Append-only (no update or delete path), hash-chained, with optimistic
 * concurrency and atomic multi-stream appends. Stored events are deep-frozen copies: callers cannot change
 * them.
 *
 * @requirement P11-01
 * @requirement P11-03
 * @example
 * ```ts
 * const log = new InMemoryEventLog({ clock: new TestClock() });
 * await log.append("capa-1", [{ type: "capa.opened", data: { title: "Seal leak" }, actor }], { expectedVersion: 0 });
 * verifyChain(await log.readAll(), { head: await log.head() }).ok; // true
 * ```
 */
export class InMemoryEventLog implements EventLog {
  readonly #events: StoredEvent[] = [];
  readonly #streams = new Map<string, StoredEvent[]>();
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #maxEventBytes: number;
  #closed = false;

  constructor(options: EventLogOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#ids = options.ids ?? defaultIdGenerator;
    this.#maxEventBytes = checkNonNegativeInt(
      options.maxEventBytes,
      "maxEventBytes",
      DEFAULT_MAX_EVENT_BYTES,
    );
  }

  #open(): void {
    if (this.#closed) throw new QmsError("CLOSED", "The event log is closed");
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { readonly expectedVersion: ExpectedVersion },
  ): Promise<readonly StoredEvent[]> {
    return this.appendAtomic([{ streamId, events, expectedVersion: options?.expectedVersion }]);
  }

  async appendAtomic(requests: readonly AppendRequest[]): Promise<readonly StoredEvent[]> {
    this.#open();
    const prepared = prepareAppend(requests, { maxEventBytes: this.#maxEventBytes });
    const stored = sealAppend(
      prepared,
      { head: this.#headSync(), streamVersion: (id) => this.#streams.get(id)?.length ?? 0 },
      { clock: this.#clock, ids: this.#ids, maxEventBytes: this.#maxEventBytes },
    );
    // sealAppend threw before here if anything was wrong: commit everything (no await in between).
    for (const e of stored) {
      this.#events.push(e);
      let s = this.#streams.get(e.streamId);
      if (!s) {
        s = [];
        this.#streams.set(e.streamId, s);
      }
      s.push(e);
    }
    return stored;
  }

  async read(
    streamId: string,
    options: { readonly fromVersion?: number } = {},
  ): Promise<readonly StoredEvent[]> {
    this.#open();
    const id = checkStreamId(streamId);
    const from = checkNonNegativeInt(options.fromVersion, "fromVersion", 1);
    const s = this.#streams.get(id) ?? [];
    return s.slice(Math.max(0, from - 1));
  }

  async readAll(
    options: { readonly fromPosition?: number; readonly limit?: number } = {},
  ): Promise<readonly StoredEvent[]> {
    this.#open();
    const from = checkNonNegativeInt(options.fromPosition, "fromPosition", 1);
    const limit = checkNonNegativeInt(options.limit, "limit", Number.MAX_SAFE_INTEGER);
    const start = Math.max(0, from - 1);
    return this.#events.slice(start, start + limit);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.#open();
    return this.#streams.get(checkStreamId(streamId))?.length ?? 0;
  }

  #headSync(): ChainHead {
    const last = this.#events[this.#events.length - 1];
    return last ? { position: last.position, hash: last.hash } : EMPTY_HEAD;
  }

  async head(): Promise<ChainHead> {
    this.#open();
    return this.#headSync();
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
