/**
 * The durable event log: every statement the gateway runs on its events, in SQL that D1 and
 * SQLite share. Rows keep PassTo's event exactly as received and its forwarding state.
 */
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

/** Stores a new event; answers false (and changes nothing) when its event_id is already stored. */
export async function insertEvent(
  db: SqlDatabase,
  event: { event_id: string; type: string; trace: string | null; payload: string; status: EventStatus; received_at: number },
): Promise<boolean> {
  const next = event.status === 'pending' ? event.received_at : null;
  const { changes } = await db.run(
    `INSERT INTO events (event_id, type, trace, payload, status, attempts, received_at, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    [event.event_id, event.type, event.trace, event.payload, event.status, event.received_at, next],
  );
  return changes > 0;
}

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
 * `leaseUntil`, so a concurrent cron run does not send it twice; if this attempt dies unrecorded,
 * the lease runs out and the event is due again (nothing is lost). Null when not due or not pending.
 */
export function claimAttempt(db: SqlDatabase, eventId: string, now: number, leaseUntil: number): Promise<Claim | null> {
  return db.first(
    `UPDATE events SET attempts = attempts + 1, claim = claim + 1, next_attempt_at = ?
     WHERE event_id = ? AND status = 'pending' AND next_attempt_at <= ?
     RETURNING attempts, claim, payload, trace`,
    [leaseUntil, eventId, now],
  );
}

/** How a forwarding attempt ended. */
export type AttemptOutcome =
  | { status: 'delivered'; at: number }
  | { status: 'pending'; error: string; retryAt: number }
  | { status: 'failed'; error: string };

/**
 * Records the outcome of the attempt that took `claim`. A stale outcome (a redelivery or a later
 * claim came in between) changes nothing, so a late failure never overwrites a delivery.
 */
export async function recordAttempt(db: SqlDatabase, eventId: string, claim: number, outcome: AttemptOutcome): Promise<void> {
  const fence = `WHERE event_id = ? AND claim = ? AND status = 'pending'`;
  if (outcome.status === 'delivered') {
    await db.run(`UPDATE events SET status = 'delivered', delivered_at = ?, next_attempt_at = NULL, last_error = NULL ${fence}`, [
      outcome.at,
      eventId,
      claim,
    ]);
  } else if (outcome.status === 'pending') {
    await db.run(`UPDATE events SET next_attempt_at = ?, last_error = ? ${fence}`, [outcome.retryAt, outcome.error, eventId, claim]);
  } else {
    await db.run(`UPDATE events SET status = 'failed', next_attempt_at = NULL, last_error = ? ${fence}`, [outcome.error, eventId, claim]);
  }
}

/** The ids of pending events whose next attempt is due, oldest first. */
export async function dueEvents(db: SqlDatabase, now: number, limit: number): Promise<string[]> {
  const rows = await db.all<{ event_id: string }>(
    `SELECT event_id FROM events WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?`,
    [now, limit],
  );
  return rows.map((row) => row.event_id);
}

/**
 * Queues an event for forwarding again, with a fresh attempt budget. Bumping `claim` voids the
 * outcome of an attempt still in flight. False when there is no such event.
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
 * Deletes events received before `before` (ms) whose forwarding is over (never a pending one:
 * nothing may be lost), in batches; says how many.
 */
export async function purgeEvents(db: SqlDatabase, before: number): Promise<number> {
  let purged = 0;
  for (;;) {
    const { changes } = await db.run(
      `DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE received_at < ? AND status <> 'pending' LIMIT ${PURGE_BATCH})`,
      [before],
    );
    purged += changes;
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
