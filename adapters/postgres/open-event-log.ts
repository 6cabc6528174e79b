/**
 * Opens the gateway's event log on PostgreSQL: a pool on the URL, the migrations applied (once,
 * across processes), and a close that drains the pool.
 */
import type { EventLogDatabase } from '../event-log-database.ts';
import { readMigrations } from '../sqlite/migrations.ts';
import { applyPostgresMigrations } from './migrations.ts';
import { openPostgresClient } from './postgres-client.ts';
import { postgresDatabase } from './postgres-database.ts';

/** How long a shutdown waits for statements in flight before closing connections (seconds). */
const END_TIMEOUT_S = 5;

/**
 * Opens the event log at `url` (`postgres://…` or `postgresql://…`).
 *
 * @example
 * ```ts
 * const log = await openPostgresEventLog('postgres://gateway@127.0.0.1:5432/passto');
 * await log.close();
 * ```
 */
export async function openPostgresEventLog(url: string): Promise<EventLogDatabase> {
  const sql = openPostgresClient(url);
  const close = () => sql.end({ timeout: END_TIMEOUT_S });
  try {
    const applied = await applyPostgresMigrations(sql, readMigrations());
    return { db: postgresDatabase(sql), applied, close };
  } catch (error) {
    await close();
    throw error;
  }
}
