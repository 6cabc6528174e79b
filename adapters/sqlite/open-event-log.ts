/**
 * Opens the gateway's event log as a SQLite file: creates its directory, turns on WAL (readers
 * do not block the writer) and a busy timeout (a second process waits instead of failing with
 * SQLITE_BUSY), and applies the migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventLogDatabase } from '../event-log-database.ts';
import { applyMigrations, readMigrations } from './migrations.ts';
import { sqliteDatabase } from './sqlite-database.ts';
import type { SyncSqlite } from './sync-sqlite.ts';

/** Where the event log lives unless `PASSTO_DB` says otherwise. */
export const DEFAULT_DB_PATH = '.passto/gateway.sqlite';
/** How long a statement waits for another process's write lock. */
export const BUSY_TIMEOUT_MS = 5000;

/** An open SQLite event log: it closes at once. */
export type SqliteEventLog = EventLogDatabase & { close(): void };

/**
 * Opens (creating it if needed) the SQLite event log at `path` with the runtime's SQLite.
 *
 * @example
 * ```ts
 * import { DatabaseSync } from 'node:sqlite';
 * const log = openEventLog('.passto/gateway.sqlite', (path) => new DatabaseSync(path));
 * ```
 */
export function openEventLog(path: string, open: (path: string) => SyncSqlite): SqliteEventLog {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = open(path);
  try {
    sqlite.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.exec('PRAGMA journal_mode = WAL');
    sqlite.exec('PRAGMA synchronous = FULL'); // every commit (a 200) is on disk before it returns, in WAL mode too
    const applied = applyMigrations(sqlite, readMigrations());
    return { db: sqliteDatabase(sqlite), applied, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
