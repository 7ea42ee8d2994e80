/**
 * The SQLite `EventLog` adapter (better-sqlite3, WAL).
 *
 * @packageDocumentation
 */
import {
  type AppendRequest,
  type ChainHead,
  type Clock,
  canonicalBytesOf,
  checkNonNegativeInt,
  checkStreamId,
  DEFAULT_MAX_EVENT_BYTES,
  deepFreeze,
  defaultIdGenerator,
  type EventLog,
  type EventLogOptions,
  type EventToAppend,
  type ExpectedVersion,
  type IdGenerator,
  prepareAppend,
  QmsError,
  type StoredEvent,
  sealAppend,
  storedEventFromCanonical,
  systemClock,
  ValidationError,
} from "@qmskit/core";
import Database from "better-sqlite3";
import { migrate } from "./migrations.js";

/** Options of {@link SqliteEventLog}. */
export interface SqliteEventLogOptions extends EventLogOptions {
  /**
   * SQLite `synchronous` level. `NORMAL` (default, and what better-sqlite3 uses for WAL databases) keeps the
   * database consistent and every acknowledged append survives a crash of the process (tested with
   * SIGKILL), but the last commits may roll back after a power loss or OS crash. `FULL` syncs the WAL to
   * disk at every commit, so acknowledged appends also survive power loss, at the cost of one fsync per
   * append (see docs/benchmarks.md).
   */
  readonly synchronous?: "FULL" | "NORMAL";
  /** How long to wait for another process's write lock, in ms (default 5,000). */
  readonly busyTimeoutMs?: number;
  /** Open read-only (no appends, no migrations). */
  readonly readonly?: boolean;
}

interface EventRow {
  position: number;
  id: string;
  stream_id: string;
  version: number;
  type: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
  canonical: Buffer;
}

/**
 * A stored event from its row: parsed from the canonical bytes (so `verifyChain` hashes exactly what is
 * stored). When the row was tampered with so that it is not JSON, or its columns disagree with its
 * canonical text, the returned event shows the columns' values and no longer matches its hash, so
 * verification reports the edit instead of the reader failing.
 */
function toEvent(row: EventRow): StoredEvent {
  let e: StoredEvent | undefined;
  try {
    e = storedEventFromCanonical(row.canonical, row.hash);
  } catch {
    e = undefined;
  }
  if (
    e !== undefined &&
    e.position === row.position &&
    e.id === row.id &&
    e.streamId === row.stream_id &&
    e.version === row.version &&
    e.type === row.type &&
    e.recordedAt === row.recorded_at &&
    e.prevHash === row.prev_hash
  ) {
    return e;
  }
  const base = (e ?? {
    actor: { id: "", name: "", roles: [] },
    data: Buffer.from(row.canonical).toString("utf8"),
  }) as StoredEvent;
  return deepFreeze({
    ...structuredClone(base),
    id: row.id,
    position: row.position,
    streamId: row.stream_id,
    version: row.version,
    type: row.type,
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  });
}

function storageError(e: unknown, what: string): unknown {
  if (e instanceof QmsError) return e;
  const code = (e as { code?: unknown })?.code;
  return new QmsError("STORAGE", `${what}: ${e instanceof Error ? e.message : String(e)}`, {
    details: typeof code === "string" ? { sqliteCode: code } : {},
    cause: e,
  });
}

/**
 * An append-only, hash-chained `EventLog` in one SQLite file (or `:memory:`). Every append is one
 * `BEGIN IMMEDIATE` transaction that checks expected versions, inserts the events and moves the chain head,
 * so several processes can share a file: a stale `expectedVersion` is a `CONCURRENCY` error, and nothing is
 * lost or duplicated. The file is in WAL mode; triggers refuse `UPDATE` and `DELETE` on events, so no entry
 * can be purged, during its record's retention or after it (hosts archive the file; they do not purge it).
 *
 * @requirement P11-01
 * @requirement P11-03
 * @requirement P11-05
 * @example
 * ```ts
 * const log = SqliteEventLog.open("qms.sqlite");
 * await log.append("capa-1", [{ type: "capa.opened", data: { title: "Seal leak" }, actor }], { expectedVersion: 0 });
 * await log.close();
 * ```
 */
export class SqliteEventLog implements EventLog {
  readonly #db: Database.Database;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #maxEventBytes: number;
  readonly #stmts: {
    head: Database.Statement<[], { position: number; hash: string }>;
    version: Database.Statement<[string], { v: number | null }>;
    insert: Database.Statement<[number, string, string, number, string, string, string, string, Uint8Array]>;
    setHead: Database.Statement<[number, string]>;
    readStream: Database.Statement<[string, number], EventRow>;
    readAll: Database.Statement<[number, number], EventRow>;
  };
  readonly #append: (requests: ReturnType<typeof prepareAppend>) => StoredEvent[];
  #closed = false;

  /** Opens (and creates or migrates) the store at `path` (a file path or `:memory:`). */
  static open(path: string, options: SqliteEventLogOptions = {}): SqliteEventLog {
    return new SqliteEventLog(path, options);
  }

  constructor(path: string, options: SqliteEventLogOptions = {}) {
    if (typeof path !== "string" || path === "")
      throw new ValidationError("SQLite path must be a file path or :memory:");
    this.#clock = options.clock ?? systemClock;
    this.#ids = options.ids ?? defaultIdGenerator;
    this.#maxEventBytes = checkNonNegativeInt(
      options.maxEventBytes,
      "maxEventBytes",
      DEFAULT_MAX_EVENT_BYTES,
    );
    const busy = checkNonNegativeInt(options.busyTimeoutMs, "busyTimeoutMs", 5000);
    const sync = options.synchronous ?? "NORMAL";
    if (sync !== "FULL" && sync !== "NORMAL")
      throw new ValidationError('synchronous must be "FULL" or "NORMAL"');
    try {
      this.#db = new Database(path, {
        timeout: busy,
        readonly: options.readonly === true,
        fileMustExist: options.readonly === true,
      });
    } catch (e) {
      throw storageError(e, `Cannot open SQLite database "${path}"`);
    }
    try {
      if (!options.readonly) {
        this.#db.pragma("journal_mode = WAL");
        this.#db.pragma(`synchronous = ${sync}`);
        migrate(this.#db);
      }
      this.#stmts = {
        head: this.#db.prepare("SELECT position, hash FROM chain_head WHERE id = 1"),
        version: this.#db.prepare("SELECT MAX(version) AS v FROM events WHERE stream_id = ?"),
        insert: this.#db.prepare(
          "INSERT INTO events (position, id, stream_id, version, type, recorded_at, prev_hash, hash, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ),
        setHead: this.#db.prepare("UPDATE chain_head SET position = ?, hash = ? WHERE id = 1"),
        readStream: this.#db.prepare(
          "SELECT * FROM events WHERE stream_id = ? AND version >= ? ORDER BY version",
        ),
        readAll: this.#db.prepare("SELECT * FROM events WHERE position >= ? ORDER BY position LIMIT ?"),
      };
    } catch (e) {
      this.#db.close();
      throw storageError(e, `Cannot prepare SQLite database "${path}"`);
    }
    const tx = this.#db.transaction((requests: ReturnType<typeof prepareAppend>) => {
      const head = this.#stmts.head.get();
      if (!head) throw new QmsError("INTEGRITY", "The chain head row is missing");
      const stored = sealAppend(
        requests,
        { head, streamVersion: (id) => this.#stmts.version.get(id)?.v ?? 0 },
        { clock: this.#clock, ids: this.#ids, maxEventBytes: this.#maxEventBytes },
      );
      for (const e of stored) {
        const bytes = canonicalBytesOf(e);
        if (bytes === undefined) throw new QmsError("INTERNAL", "A sealed event has no canonical text");
        this.#stmts.insert.run(
          e.position,
          e.id,
          e.streamId,
          e.version,
          e.type,
          e.recordedAt,
          e.prevHash,
          e.hash,
          bytes,
        );
      }
      const last = stored[stored.length - 1];
      if (last) this.#stmts.setHead.run(last.position, last.hash);
      return stored;
    });
    // BEGIN IMMEDIATE: take the write lock before reading the head and versions, so two processes serialise.
    this.#append = (requests) => tx.immediate(requests);
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
    try {
      return this.#append(prepared);
    } catch (e) {
      throw storageError(e, "Append failed");
    }
  }

  async read(
    streamId: string,
    options: { readonly fromVersion?: number } = {},
  ): Promise<readonly StoredEvent[]> {
    this.#open();
    const id = checkStreamId(streamId);
    const from = checkNonNegativeInt(options.fromVersion, "fromVersion", 1);
    return this.#stmts.readStream.all(id, from).map(toEvent);
  }

  async readAll(
    options: { readonly fromPosition?: number; readonly limit?: number } = {},
  ): Promise<readonly StoredEvent[]> {
    this.#open();
    const from = checkNonNegativeInt(options.fromPosition, "fromPosition", 1);
    const limit = checkNonNegativeInt(options.limit, "limit", -1);
    return this.#stmts.readAll.all(from, limit).map(toEvent);
  }

  /** Iterates over all events in global order without loading them at once. */
  *iterate(fromPosition = 1): Generator<StoredEvent> {
    this.#open();
    const from = checkNonNegativeInt(fromPosition, "fromPosition", 1);
    for (const row of this.#stmts.readAll.iterate(from, -1)) yield toEvent(row);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.#open();
    return this.#stmts.version.get(checkStreamId(streamId))?.v ?? 0;
  }

  async head(): Promise<ChainHead> {
    this.#open();
    const h = this.#stmts.head.get();
    if (!h) throw new QmsError("INTEGRITY", "The chain head row is missing");
    return { position: h.position, hash: h.hash };
  }

  /** The underlying better-sqlite3 handle (for backups and diagnostics; never write events through it). */
  get database(): Database.Database {
    return this.#db;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
