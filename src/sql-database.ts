/**
 * The few SQL calls a durable store makes, behind one interface, so the same statements run on
 * Cloudflare D1 and on the SQLite built into Node 22+, Deno and Bun.
 */

/** A value SQLite stores. */
export type SqlValue = string | number | null;

/** A minimal asynchronous SQL database. Parameters are positional (`?`). */
export interface SqlDatabase {
  /** All rows of a query. */
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** The first row of a query, or null. */
  first<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | null>;
  /** Runs a statement and says how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** The part of Cloudflare D1's API `d1Database` uses (structural, so Miniflare's D1 fits too). */
export interface D1Like {
  prepare(sql: string): {
    bind(...values: unknown[]): {
      all<T>(): Promise<{ results: T[] }>;
      first<T>(): Promise<T | null>;
      run(): Promise<{ meta: { changes?: number } }>;
    };
  };
}

/**
 * A Cloudflare D1 database as a `SqlDatabase`.
 *
 * @example
 * ```ts
 * import { createSqlEventStore, d1Database } from 'passto';
 * const store = createSqlEventStore(d1Database(env.DB));
 * ```
 */
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
