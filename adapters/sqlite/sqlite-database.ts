/**
 * SQLite (node:sqlite or bun:sqlite) behind the gateway's `SqlDatabase` interface, so the event
 * log's SQL (worker/store/event-log.ts) runs unchanged outside Cloudflare, as it does on D1.
 */
import type { SqlDatabase, SqlValue } from '../../worker/store/sql.ts';
import { groupCommit } from './group-commit.ts';
import type { SyncSqlite, SyncStatement } from './sync-sqlite.ts';

/**
 * Prepared statements are kept by SQL text: the gateway runs a small fixed set of statements
 * (listEvents builds a few variants), so the cache stays small; the bound is a safety net.
 */
const MAX_CACHED_STATEMENTS = 200;

/**
 * Wraps an open synchronous SQLite database.
 *
 * @example
 * ```ts
 * import { DatabaseSync } from 'node:sqlite';
 * const db = sqliteDatabase(new DatabaseSync('.passto/gateway.sqlite'));
 * const row = await db.first<{ n: number }>('SELECT count(*) AS n FROM events');
 * ```
 */
export function sqliteDatabase(db: SyncSqlite): SqlDatabase {
  const statements = new Map<string, SyncStatement>();
  const prepared = (sql: string): SyncStatement => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  // Writes share one transaction per event-loop turn (group-commit.ts): one fsync for many deliveries.
  const commit = groupCommit(db);
  // Async like D1, so the same callers work on both; a SQLite error becomes a rejection.
  return {
    async all<Row>(sql: string, params: readonly SqlValue[] = []) {
      return prepared(sql).all(...params) as Row[];
    },
    async first<Row>(sql: string, params: readonly SqlValue[] = []) {
      return (prepared(sql).get(...params) ?? null) as Row | null;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const statement = prepared(sql);
      return { changes: Number((await commit(() => statement.run(...params))).changes) };
    },
  };
}
