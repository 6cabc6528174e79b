/**
 * The few SQL calls the gateway makes, behind one interface, so the same statements run on
 * Cloudflare D1 and on the SQLite built into Node 22+, Deno and Bun (adapters/).
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
