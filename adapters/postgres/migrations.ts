/**
 * The gateway's migrations (worker/migrations/*.sql, the files wrangler applies to D1 and the
 * SQLite adapters apply to their file) applied to PostgreSQL, translated by dialect.ts, each once,
 * with the same bookkeeping as adapters/sqlite/migrations.ts (`_migrations`: name, applied_at).
 * Several processes may start at the same moment: the check-and-apply runs in one transaction
 * holding a transaction-scoped advisory lock, so one process applies and the others, once it
 * commits, find every file applied (PostgreSQL's DDL is transactional: a failed file leaves nothing).
 */
import type { Sql } from 'postgres';
import type { Migration } from '../sqlite/migrations.ts';
import { postgresTypes } from './dialect.ts';

/**
 * The advisory lock's key: any fixed 64-bit number, shared by every gateway process on the
 * database (it reads "passto" in ASCII); other applications' keys are unlikely to collide.
 */
export const MIGRATION_LOCK_KEY = 0x706173_73746f;

/**
 * Applies the migrations not applied yet, in order; answers the names it applied.
 *
 * @example
 * ```ts
 * const applied = await applyPostgresMigrations(openPostgresClient(url), readMigrations());
 * ```
 */
export async function applyPostgresMigrations(sql: Sql, migrations: readonly Migration[]): Promise<string[]> {
  return sql.begin(async (tx) => {
    // Held until this transaction ends; a second process waits here, then sees our rows.
    await tx.unsafe('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.unsafe('CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const done = new Set((await tx.unsafe<{ name: string }[]>('SELECT name FROM _migrations')).map((row) => row.name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await tx.unsafe(postgresTypes(migration.sql)).simple(); // a file holds several statements
      await tx.unsafe('INSERT INTO _migrations (name, applied_at) VALUES ($1, $2)', [migration.name, Date.now()]);
      applied.push(migration.name);
    }
    return applied;
  }) as Promise<string[]>;
}
