/**
 * The synchronous SQLite API that `node:sqlite` (`DatabaseSync`, Node 22+ and Deno) and
 * `bun:sqlite` (`Database`) share, described structurally so the glue here runs on both.
 */
import type { SqlValue } from '../../worker/store/sql.ts';

/** A prepared statement. Positional parameters bind to `?` in order. */
export interface SyncStatement {
  all(...params: SqlValue[]): unknown[];
  /** The first row: `undefined` (node:sqlite) or `null` (bun:sqlite) when there is none. */
  get(...params: SqlValue[]): unknown;
  run(...params: SqlValue[]): { changes: number | bigint };
}

/** An open database. */
export interface SyncSqlite {
  prepare(sql: string): SyncStatement;
  /** Runs one or more statements without parameters. */
  exec(sql: string): void;
  close(): void;
}
