/**
 * PostgreSQL (the `postgres` client) behind the gateway's `SqlDatabase` interface, so the event
 * log's SQL (worker/store/event-log.ts) runs on it as it runs on D1 and SQLite: each statement
 * translated once (dialect.ts), prepared on the server, `changes` from the command's row count.
 */
import type { Sql } from 'postgres';
import type { SqlDatabase, SqlValue } from '../../worker/store/sql.ts';
import { toPostgres } from './dialect.ts';

/** The gateway runs a small fixed set of statements; the bound is a safety net, as for SQLite. */
const MAX_CACHED_STATEMENTS = 200;

/**
 * Wraps a `postgres` client (its pool). Columns of type BIGINT must come back as numbers: open the
 * client with `POSTGRES_TYPES` (postgres-client.ts does).
 *
 * @example
 * ```ts
 * const db = postgresDatabase(openPostgresClient('postgres://gateway@db.internal/passto'));
 * const row = await db.first<{ n: number }>('SELECT count(*) AS n FROM events');
 * ```
 */
export function postgresDatabase(sql: Sql): SqlDatabase {
  const translated = new Map<string, string>();
  const text = (statement: string): string => {
    let pg = translated.get(statement);
    if (pg === undefined) {
      if (translated.size >= MAX_CACHED_STATEMENTS) translated.clear();
      pg = toPostgres(statement);
      translated.set(statement, pg);
    }
    return pg;
  };
  const query = (statement: string, params: readonly SqlValue[]) => sql.unsafe(text(statement), [...params], { prepare: true });
  return {
    async all<Row>(statement: string, params: readonly SqlValue[] = []) {
      return [...(await query(statement, params))] as Row[];
    },
    async first<Row>(statement: string, params: readonly SqlValue[] = []) {
      return ((await query(statement, params))[0] ?? null) as Row | null;
    },
    async run(statement: string, params: readonly SqlValue[] = []) {
      // The count of INSERT/UPDATE/DELETE (with or without RETURNING); null for other commands.
      return { changes: (await query(statement, params)).count ?? 0 };
    },
  };
}
