/**
 * Opens the event log `PASSTO_DB` names: SQLite with the runtime's own SQLite, or PostgreSQL with
 * the `postgres` client (loaded only then, so a SQLite gateway never loads it).
 */
import type { EventLogDatabase, EventLogLocation } from './event-log-database.ts';
import { openEventLog as openSqliteEventLog } from './sqlite/open-event-log.ts';
import type { SyncSqlite } from './sqlite/sync-sqlite.ts';

/**
 * @example
 * ```ts
 * const log = await openEventLog({ kind: 'postgres', url }, host.openSqlite);
 * await log.close();
 * ```
 */
export async function openEventLog(location: EventLogLocation, openSqlite: (path: string) => SyncSqlite): Promise<EventLogDatabase> {
  if (location.kind === 'sqlite') return openSqliteEventLog(location.path, openSqlite);
  const { openPostgresEventLog } = await import('./postgres/open-event-log.ts');
  return openPostgresEventLog(location.url);
}
