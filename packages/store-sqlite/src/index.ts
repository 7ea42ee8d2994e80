/**
 * `@qmskit/store-sqlite`: the embedded default event store of qmskit (better-sqlite3, WAL).
 *
 * @packageDocumentation
 */
export { MIGRATIONS, type Migration, migrate, SCHEMA_VERSION } from "./migrations.js";
export { SqliteEventLog, type SqliteEventLogOptions } from "./sqlite-event-log.js";
