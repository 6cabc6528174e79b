/**
 * Where a long-running gateway keeps its event log, from `PASSTO_DB`: a SQLite file (a path, or
 * `:memory:`; the default) or a PostgreSQL database (`postgres://…` or `postgresql://…`, for
 * several processes sharing one log). Any other `scheme://` is refused, never taken for a path.
 */
import type { SqlDatabase } from '../worker/store/sql.ts';

/** An open event log. */
export interface EventLogDatabase {
  db: SqlDatabase;
  /** The migrations this open applied (empty when the database was up to date). */
  applied: string[];
  /** Closes the database (PostgreSQL: drains the pool). */
  close(): void | Promise<void>;
}

/** Which database `PASSTO_DB` names. */
export type EventLogLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

const POSTGRES_SCHEME = /^postgres(?:ql)?:\/\//i;
/** A URL's scheme (RFC 3986 §3.1) followed by `//`: not a file path. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Reads `PASSTO_DB`'s value; a string says why it is refused (without repeating the value, which
 * may hold a password).
 *
 * @example
 * ```ts
 * eventLogLocation('postgres://gateway@db.internal/passto'); // { kind: 'postgres', url: … }
 * eventLogLocation('.passto/gateway.sqlite'); // { kind: 'sqlite', path: … }
 * ```
 */
export function eventLogLocation(value: string): EventLogLocation | string {
  if (POSTGRES_SCHEME.test(value)) {
    if (!URL.canParse(value)) return 'is not a valid PostgreSQL URL (postgres://user:password@host:port/database)';
    return { kind: 'postgres', url: value };
  }
  if (URL_SCHEME.test(value)) {
    return 'must be a SQLite file path, `:memory:`, or a postgres:// (postgresql://) URL; no other database is supported';
  }
  return { kind: 'sqlite', path: value };
}

/** The location as the banner prints it: the SQLite path, or the URL without its password and options. */
export function describeEventLog(location: EventLogLocation): string {
  if (location.kind === 'sqlite') return location.path;
  const url = new URL(location.url);
  const user = url.username ? `${url.username}@` : '';
  return `${url.protocol}//${user}${url.host}${url.pathname}`;
}
