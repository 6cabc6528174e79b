/** Cloudflare D1 behind the gateway's `SqlDatabase` interface. */
import type { SqlDatabase, SqlValue } from './sql.ts';

/** The part of D1's API this adapter uses (kept structural so tests can pass Miniflare's D1). */
export interface D1Like {
  prepare(sql: string): {
    bind(...values: unknown[]): {
      all<T>(): Promise<{ results: T[] }>;
      first<T>(): Promise<T | null>;
      run(): Promise<{ meta: { changes?: number } }>;
    };
  };
}

/** Wraps a D1 database. */
export function d1Database(db: D1Like): SqlDatabase {
  const bound = (sql: string, params: readonly SqlValue[] = []) => db.prepare(sql).bind(...params);
  return {
    async all<Row>(sql: string, params?: readonly SqlValue[]) {
      return (await bound(sql, params).all<Row>()).results;
    },
    first: <Row>(sql: string, params?: readonly SqlValue[]) => bound(sql, params).first<Row>(),
    async run(sql, params) {
      return { changes: (await bound(sql, params).run()).meta.changes ?? 0 };
    },
  };
}
