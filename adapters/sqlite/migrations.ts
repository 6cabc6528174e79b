/**
 * The gateway's migrations (worker/migrations/*.sql, the files wrangler applies to D1) applied to
 * a SQLite file in name order, each once: applied names are kept in `_migrations`, and each file
 * runs in its own `BEGIN IMMEDIATE` transaction, so two processes starting together apply it once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyncSqlite } from './sync-sqlite.ts';

/** worker/migrations, found from this file so it works from any working directory. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../worker/migrations/', import.meta.url));

/** One migration file. */
export interface Migration {
  name: string;
  sql: string;
}

/**
 * The `.sql` files of a directory, sorted by name (`0001_events.sql` before `0002_...`).
 *
 * @example
 * ```ts
 * const migrations = readMigrations(MIGRATIONS_DIR);
 * ```
 */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Applies the migrations not applied yet, in order; answers the names it applied.
 *
 * @example
 * ```ts
 * applyMigrations(new DatabaseSync(path), readMigrations());
 * ```
 */
export function applyMigrations(db: SyncSqlite, migrations: readonly Migration[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied: string[] = [];
  for (const migration of migrations) {
    db.exec('BEGIN IMMEDIATE');
    try {
      if (!db.prepare('SELECT 1 AS done FROM _migrations WHERE name = ?').get(migration.name)) {
        db.exec(migration.sql);
        db.prepare('INSERT INTO _migrations (name, applied_at) VALUES (?, ?)').run(migration.name, Date.now());
        applied.push(migration.name);
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return applied;
}
