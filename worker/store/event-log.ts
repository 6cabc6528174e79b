/**
 * The durable event log: every statement the gateway runs on its events, in SQL that D1 and
 * SQLite share. Rows keep PassTo's event exactly as received and its forwarding state.
 */
import type { MergeableInsert } from './mergeable-insert.ts';
import type { SqlDatabase } from './sql.ts';

/** Where an event stands: being forwarded, forwarded, given up on, or kept only (no forwarding). */
export type EventStatus = 'pending' | 'delivered' | 'failed' | 'stored';
export const EVENT_STATUSES: readonly EventStatus[] = ['pending', 'delivered', 'failed', 'stored'];

/** An event as the API lists it. Times are milliseconds since the epoch. */
export interface EventSummary {
  event_id: string;
  type: string;
  status: EventStatus;
  attempts: number;
  received_at: number;
  last_error: string | null;
  next_attempt_at: number | null;
}

/** An event with its payload, the body exactly as PassTo sent it. */
export interface EventRecord extends EventSummary {
  trace: string | null;
  payload: string;
  delivered_at: number | null;
}

const SUMMARY_COLUMNS = 'event_id, type, status, attempts, received_at, last_error, next_attempt_at';

/**
 * Stores a new event; answers false (and changes nothing) when its key is already stored, or was
 * stored and purged (its tombstone outlives the payload, so a replay of old signed bytes is not
 * taken for a new event). `event_id` is the event key (`eventKeyOf`), never the parsed id.
 */
export async function insertEvent(
  db: SqlDatabase,
  event: { event_id: string; type: string; trace: string | null; payload: string; status: EventStatus; received_at: number },
): Promise<boolean> {
  const next = event.status === 'pending' ? event.received_at : null;
  const { changes } = await db.run(EVENT_INSERT.sql, [event.event_id, event.type, event.trace, event.payload, event.status, event.received_at, next, event.event_id]);
  return changes > 0;
}

const INSERTED_COLUMNS = 'event_id, type, trace, payload, status, attempts, received_at, next_attempt_at';

/**
 * insertEvent's statement, one statement so that the tombstone check and the insert are atomic,
 * and its many-row form, which D1 group commit uses for concurrent deliveries: the same check per
 * row, the rows inserted in the order given, and `RETURNING` naming the ones stored (a row skipped
 * by the tombstone check or by `ON CONFLICT` is not returned).
 */
export const EVENT_INSERT: MergeableInsert = {
  sql: `INSERT INTO events (${INSERTED_COLUMNS})
     SELECT ?, ?, ?, ?, ?, 0, ?, ? WHERE NOT EXISTS (SELECT 1 FROM event_tombstones WHERE event_id = ?)
     ON CONFLICT (event_id) DO NOTHING`,
  width: 7,
  // A VALUES list names its columns column1, column2...; the WHERE before ON CONFLICT is also what
  // SQLite needs to parse an upsert on an INSERT ... SELECT (sqlite.org/lang_upsert.html, "Parsing Ambiguity").
  many: (rows) =>
    `INSERT INTO events (${INSERTED_COLUMNS}) SELECT column1, column2, column3, column4, column5, 0, column6, column7 ` +
    `FROM (VALUES ${Array(rows).fill('(?,?,?,?,?,?,?)').join(',')}) AS v WHERE NOT EXISTS (SELECT 1 FROM event_tombstones t WHERE t.event_id = v.column1) ` +
    'ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
  // The one-row form binds event_id again last, for its tombstone check.
  row: (params) => params.slice(0, 7),
  key: 'event_id',
};

/** One page of events, newest first, after the opaque `cursor` of the previous page. */
export async function listEvents(
  db: SqlDatabase,
  query: { limit: number; cursor?: string | undefined; type?: string | undefined; status?: EventStatus | undefined },
): Promise<{ events: EventSummary[]; next_cursor: string | null }> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (after !== undefined) {
    where.push('seq < ?');
    params.push(after);
  }
  if (query.type !== undefined) {
    where.push('type = ?');
    params.push(query.type);
  }
  if (query.status !== undefined) {
    where.push('status = ?');
    params.push(query.status);
  }
  const rows = await db.all<EventSummary & { seq: number }>(
    `SELECT seq, ${SUMMARY_COLUMNS} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY seq DESC LIMIT ?`,
    [...params, query.limit + 1],
  );
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    events: page.map(({ seq: _seq, ...event }) => event),
    next_cursor: more && last ? encodeCursor(last.seq) : null,
  };
}

/** One event with its payload, or null. */
export function getEvent(db: SqlDatabase, eventId: string): Promise<EventRecord | null> {
  return db.first<EventRecord>(`SELECT ${SUMMARY_COLUMNS}, trace, payload, delivered_at FROM events WHERE event_id = ?`, [eventId]);
}

/** No attempt holds the event: never leased, released, or the lease ran out (`?` is now). */
const UNLEASED = '(leased_until IS NULL OR leased_until <= ?)';

/** A claimed forwarding attempt: what to send, and the fence its outcome must present. */
export interface Claim {
  attempts: number;
  /** The event's claim counter after this claim; `recordAttempt` changes nothing unless it still matches. */
  claim: number;
  payload: string;
  trace: string | null;
}

/**
 * Takes the next forwarding attempt of a due, pending event: counts it and leases the event until
 * `leaseUntil` (`leased_until`, held by this claim: `lease_claim`), so neither a concurrent cron
 * run nor a redelivery sends it while this attempt is in flight; if this attempt dies unrecorded,
 * the lease runs out and the event is due again (nothing is lost). Null when not due, not pending
 * or leased. (In SET, `claim + 1` is computed from the old row, so `lease_claim` is the new claim.)
 */
export function claimAttempt(db: SqlDatabase, eventId: string, now: number, leaseUntil: number): Promise<Claim | null> {
  return db.first(
    `UPDATE events SET attempts = attempts + 1, claim = claim + 1, next_attempt_at = ?, leased_until = ?, lease_claim = claim + 1
     WHERE event_id = ? AND status = 'pending' AND next_attempt_at <= ? AND ${UNLEASED}
     RETURNING attempts, claim, payload, trace`,
    [leaseUntil, leaseUntil, eventId, now, now],
  );
}

/** How a forwarding attempt ended. */
export type AttemptOutcome =
  | { status: 'delivered'; at: number }
  | { status: 'pending'; error: string; retryAt: number }
  | { status: 'failed'; error: string };

/**
 * Records the outcome of the attempt that took `claim`, and releases its lease; answers whether
 * the outcome was recorded. A stale outcome (a redelivery or a later claim came in between)
 * changes nothing, so a late failure never overwrites a delivery; it only releases the lease if
 * this attempt still holds it (a redelivery queued meanwhile is then claimable at once), and
 * answers false.
 */
export async function recordAttempt(db: SqlDatabase, eventId: string, claim: number, outcome: AttemptOutcome): Promise<boolean> {
  const release = 'leased_until = NULL, lease_claim = NULL';
  const fence = `WHERE event_id = ? AND claim = ? AND status = 'pending'`;
  let changes: number;
  if (outcome.status === 'delivered') {
    ({ changes } = await db.run(
      `UPDATE events SET status = 'delivered', delivered_at = ?, next_attempt_at = NULL, last_error = NULL, ${release} ${fence}`,
      [outcome.at, eventId, claim],
    ));
  } else if (outcome.status === 'pending') {
    ({ changes } = await db.run(`UPDATE events SET next_attempt_at = ?, last_error = ?, ${release} ${fence}`, [
      outcome.retryAt,
      outcome.error,
      eventId,
      claim,
    ]));
  } else {
    ({ changes } = await db.run(`UPDATE events SET status = 'failed', next_attempt_at = NULL, last_error = ?, ${release} ${fence}`, [
      outcome.error,
      eventId,
      claim,
    ]));
  }
  if (changes > 0) return true;
  await db.run(`UPDATE events SET ${release} WHERE event_id = ? AND lease_claim = ?`, [eventId, claim]);
  return false;
}

/** The ids of pending events whose next attempt is due, oldest first. */
export async function dueEvents(db: SqlDatabase, now: number, limit: number): Promise<string[]> {
  const rows = await db.all<{ event_id: string }>(
    `SELECT event_id FROM events WHERE status = 'pending' AND next_attempt_at <= ? AND ${UNLEASED} ORDER BY next_attempt_at, seq LIMIT ?`,
    [now, now, limit],
  );
  return rows.map((row) => row.event_id);
}

/**
 * Queues an event for forwarding again, with a fresh attempt budget. Bumping `claim` voids the
 * outcome of an attempt still in flight, but its lease stands: the redelivery is sent once that
 * attempt ends (`forwardEvent` goes on with it) or its lease runs out, never beside it. False when
 * there is no such event.
 */
export async function requeueEvent(db: SqlDatabase, eventId: string, now: number): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE events SET status = 'pending', attempts = 0, claim = claim + 1, next_attempt_at = ?, last_error = NULL WHERE event_id = ?`,
    [now, eventId],
  );
  return changes > 0;
}

/** How many rows one purge statement deletes at most (D1 limits the work of one query). */
const PURGE_BATCH = 500;

/**
 * Deletes the payloads of events received before `payloadsBefore` (ms) whose forwarding is over
 * (never a pending one: nothing may be lost), leaving each a tombstone (its key and receipt time)
 * that keeps deduplicating it; then deletes tombstones of events received before
 * `tombstonesBefore`. Works in batches; says how many events were purged.
 */
export async function purgeEvents(db: SqlDatabase, payloadsBefore: number, tombstonesBefore: number): Promise<number> {
  const old = `SELECT seq FROM events WHERE received_at < ? AND status <> 'pending' ORDER BY seq LIMIT ${PURGE_BATCH}`;
  let purged = 0;
  for (;;) {
    // Tombstone first, then delete: a crash in between leaves both, which still deduplicates.
    await db.run(
      `INSERT INTO event_tombstones (event_id, received_at) SELECT event_id, received_at FROM events WHERE seq IN (${old})
       ON CONFLICT (event_id) DO NOTHING`,
      [payloadsBefore],
    );
    const { changes } = await db.run(
      `DELETE FROM events WHERE seq IN (${old}) AND EXISTS (SELECT 1 FROM event_tombstones t WHERE t.event_id = events.event_id)`,
      [payloadsBefore],
    );
    purged += changes;
    if (changes < PURGE_BATCH) break;
  }
  for (;;) {
    const { changes } = await db.run(
      `DELETE FROM event_tombstones WHERE event_id IN (SELECT event_id FROM event_tombstones WHERE received_at < ? LIMIT ${PURGE_BATCH})`,
      [tombstonesBefore],
    );
    if (changes < PURGE_BATCH) return purged;
  }
}

// The cursor is opaque to clients: base64url of the last row's sequence number.
function encodeCursor(seq: number): string {
  return btoa(`s${seq}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Decodes a cursor; undefined when it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
  try {
    const text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const match = /^s(\d{1,15})$/.exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
