/**
 * A durable `EventStore` on SQL (Cloudflare D1, or SQLite on Node 22+, Deno and Bun through
 * `SqlDatabase`): exactly-once handling of PassTo's events that survives restarts and spans
 * isolates. Each claim is one atomic statement, so concurrent duplicates get one owner.
 */
import type { ClaimResult, EventStore } from './event-store.ts';
import { DEFAULT_LEASE_MS } from './memory-event-store.ts';
import type { SqlDatabase } from './sql-database.ts';

/**
 * How long a durable store remembers a handled event by default: 365 days. The `timestamp` header
 * is not signed, so the same signed bytes can be replayed at any time; the handled key is the
 * defence, and it is small, so it is kept far beyond PassTo's ~50 minutes of retries.
 */
export const DEFAULT_SQL_DONE_TTL_MS = 365 * 24 * 60 * 60 * 1000;

/** The table the store keeps its claims in, created on first use. */
export const EVENT_CLAIMS_TABLE = 'passto_event_claims';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${EVENT_CLAIMS_TABLE} (
  event_id TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
  token TEXT NOT NULL,
  lease_until INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
)`;

/** Options of `createSqlEventStore`. */
export interface SqlEventStoreOptions {
  /** How long a claim is held before a retry may take it over (default 60 s). */
  leaseMs?: number;
  /** How long handled event keys are kept by `purge()` (default 365 days: the replay defence; see `DEFAULT_SQL_DONE_TTL_MS`). */
  doneTtlMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** A SQL-backed `EventStore`, plus housekeeping. */
export interface SqlEventStore extends EventStore {
  /** Deletes handled ids older than `doneTtlMs` and abandoned claims; says how many. Call it from a cron or timer. */
  purge(): Promise<number>;
}

/**
 * Creates a durable `EventStore` on a `SqlDatabase`. Its table is created on first use.
 *
 * @example
 * ```ts
 * import { createSqlEventStore, d1Database } from 'passto';
 * import { passtoWebhook } from 'passto/hono';
 * app.post('/webhooks/passto', (c, next) =>
 *   passtoWebhook({ keys: c.env.PASSTO_SIGNATURE_KEY, store: createSqlEventStore(d1Database(c.env.DB)), onEvent })(c, next));
 * ```
 */
export function createSqlEventStore(db: SqlDatabase, options: SqlEventStoreOptions = {}): SqlEventStore {
  const { leaseMs = DEFAULT_LEASE_MS, doneTtlMs = DEFAULT_SQL_DONE_TTL_MS, now = Date.now } = options;
  let ready: Promise<unknown> | undefined;
  const table = () => {
    ready ??= db.run(CREATE_TABLE).catch((error: unknown) => {
      ready = undefined; // try again on the next call
      throw error;
    });
    return ready;
  };

  return {
    async claim(eventId: string): Promise<ClaimResult> {
      await table();
      const at = now();
      const token = crypto.randomUUID();
      // New id: insert. Known id: take it over only when it is in flight and its lease ran out.
      const won = await db.first<{ token: string }>(
        `INSERT INTO ${EVENT_CLAIMS_TABLE} (event_id, state, token, lease_until, updated_at) VALUES (?, 'in_flight', ?, ?, ?)
         ON CONFLICT (event_id) DO UPDATE SET token = excluded.token, lease_until = excluded.lease_until, updated_at = excluded.updated_at
         WHERE ${EVENT_CLAIMS_TABLE}.state = 'in_flight' AND ${EVENT_CLAIMS_TABLE}.lease_until <= ?
         RETURNING token`,
        [eventId, token, at + leaseMs, at, at],
      );
      if (won?.token === token) return { status: 'new', token };
      const row = await db.first<{ state: string }>(`SELECT state FROM ${EVENT_CLAIMS_TABLE} WHERE event_id = ?`, [eventId]);
      // No row: released in between. Answering in_flight makes PassTo retry, which is always safe.
      return row?.state === 'done' ? { status: 'done' } : { status: 'in_flight' };
    },
    async complete(eventId: string, token: string): Promise<void> {
      await table();
      await db.run(`UPDATE ${EVENT_CLAIMS_TABLE} SET state = 'done', updated_at = ? WHERE event_id = ? AND token = ? AND state = 'in_flight'`, [
        now(),
        eventId,
        token,
      ]);
    },
    async release(eventId: string, token: string): Promise<void> {
      await table();
      await db.run(`DELETE FROM ${EVENT_CLAIMS_TABLE} WHERE event_id = ? AND token = ? AND state = 'in_flight'`, [eventId, token]);
    },
    async purge(): Promise<number> {
      await table();
      const at = now();
      const { changes } = await db.run(
        `DELETE FROM ${EVENT_CLAIMS_TABLE} WHERE (state = 'done' AND updated_at < ?) OR (state = 'in_flight' AND lease_until < ?)`,
        [at - doneTtlMs, at - doneTtlMs],
      );
      return changes;
    },
  };
}
