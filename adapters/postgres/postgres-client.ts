/**
 * The `postgres` client (porsager/postgres: pure JavaScript, runs on Node, Deno through npm, and
 * Bun) opened the way the gateway needs it: a bounded pool, BIGINT as numbers, quiet notices.
 */
import postgres, { type Sql } from 'postgres';

/**
 * Connections per gateway process. Requests and the periodic job each hold one only for a
 * statement (no transaction spans an await of the gateway's), so a few serve many requests;
 * ten per process leaves room for several processes under PostgreSQL's default 100 connections.
 */
export const POOL_SIZE = 10;

/**
 * int8 (BIGINT, and count(*)) parsed as a number, not the client's default string: the gateway's
 * values are millisecond timestamps, counters and sequence numbers, far below 2^53.
 */
export const POSTGRES_TYPES = {
  bigint: { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) },
};

/**
 * Opens a pool on `url` (`postgres://user:password@host:port/database`, or `postgresql://`) of
 * `POOL_SIZE` connections, or as many as the URL's `?max=` says. Throws a RangeError (which
 * never quotes the URL: it may hold a password) for a `?max=` that is not 1 to 9999.
 *
 * @example
 * ```ts
 * const sql = openPostgresClient('postgres://gateway@127.0.0.1:5432/passto');
 * await sql.end();
 * ```
 */
export function openPostgresClient(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? poolSizeOf(url),
    connect_timeout: 10, // seconds: an unreachable server fails the start instead of hanging it
    idle_timeout: 60, // seconds: idle connections are closed, reopened on demand
    onnotice: () => {}, // "relation already exists, skipping" from CREATE … IF NOT EXISTS is not news
    types: POSTGRES_TYPES,
  }) as unknown as Sql;
}

/** The URL's `?max=` (the client would read it as a string), else POOL_SIZE. */
function poolSizeOf(url: string): number {
  const given = /[?&]max=([^&#]*)/.exec(url)?.[1];
  if (given === undefined) return POOL_SIZE;
  if (!/^[1-9]\d{0,3}$/.test(given)) throw new RangeError('PASSTO_DB: ?max= (the pool size) must be a whole number from 1 to 9999');
  return Number(given);
}
