/**
 * Schema migrations, versioned in code. Each runs once, in its own transaction, and is recorded in
 * `qmskit_migrations`. A database written by a newer version of this package is refused.
 *
 * @packageDocumentation
 */
import { QmsError, UnsupportedError } from "@qmskit/core";
import type Database from "better-sqlite3";

/** One schema migration. */
export interface Migration {
  /** Schema version this migration produces (1, 2, …, without gaps). */
  readonly version: number;
  /** What it does. */
  readonly name: string;
  /** SQL statements. */
  readonly sql: string;
}

/**
 * The migrations of the event store. Append new ones at the end; never edit a released one.
 *
 * @requirement P11-03
 */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    // canonical: the event's RFC 8785 canonical JSON without its hash (UTF-8), exactly the hash input.
    // The other columns repeat fields of it for indexing and are checked against it when read.
    name: "events, chain head, append-only triggers",
    sql: `
      CREATE TABLE events (
        position    INTEGER PRIMARY KEY,
        id          TEXT    NOT NULL UNIQUE,
        stream_id   TEXT    NOT NULL,
        version     INTEGER NOT NULL,
        type        TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL,
        prev_hash   TEXT    NOT NULL,
        hash        TEXT    NOT NULL,
        canonical   BLOB    NOT NULL,
        UNIQUE (stream_id, version)
      ) STRICT;
      CREATE TABLE chain_head (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        position INTEGER NOT NULL,
        hash     TEXT    NOT NULL
      ) STRICT;
      INSERT INTO chain_head (id, position, hash) VALUES (1, 0, '${"0".repeat(64)}');
      CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'qmskit: events are append-only (no update path)'); END;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'qmskit: events are append-only (no delete path)'); END;
    `,
  },
]);

/** The schema version this package writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Applies pending migrations; returns the schema version. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS qmskit_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const apply = db.transaction(() => {
    // re-read inside the (immediate) transaction: another process may have migrated meanwhile
    const row = db.prepare("SELECT MAX(version) AS v FROM qmskit_migrations").get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > latest) {
      throw new UnsupportedError(
        `The database has schema version ${current}, newer than this @qmskit/store-sqlite supports (${latest}): upgrade the package`,
        { details: { schemaVersion: current, supported: latest } },
      );
    }
    for (const m of migrations) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.prepare("INSERT INTO qmskit_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    }
    return Math.max(current, latest);
  });
  try {
    return apply.immediate();
  } catch (e) {
    if (e instanceof QmsError) throw e;
    throw new QmsError("STORAGE", `Schema migration failed: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}
