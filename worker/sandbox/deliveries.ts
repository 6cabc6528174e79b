/**
 * The sandbox's webhook deliveries to the gateway, stored in `sandbox_deliveries` (migration
 * 0002) and retried as PassTo retries them: anything but HTTP 200 is tried again, at most 10
 * times in all (platform spec, "Inbound: webhook events", "Delivery"). PassTo waits 5 minutes
 * between tries; the sandbox waits 5 s, 10 s, 20 s, ... so a developer sees retries happen.
 */
import { sign } from 'passto';
import { type Backoff, backoffDelay, send } from 'passto/internal';
import type { GatewayConfig } from '../env.ts';
import type { SqlDatabase } from '../store/sql.ts';
import { SANDBOX } from './defaults.ts';

/** One delivery as stored. */
export interface SandboxDelivery {
  id: number;
  event_id: string;
  ident_code: string;
  type: string;
  url: string;
  path: string;
  /** The first delivery's body (`retry` 0); later tries change only `retry`. */
  body: string;
  token: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  next_attempt_at: number | null;
  last_status: number | null;
  created_at: number;
}

/** What delivering needs: the database, the sandbox's key, the in-process call into the gateway, a clock. */
export interface DeliveryContext {
  db: SqlDatabase;
  config: GatewayConfig;
  dispatch: (request: Request) => Promise<Response>;
  now: () => number;
}

/** The outcome of one delivery attempt. */
export interface DeliveryOutcome {
  /** The gateway's HTTP status, or null when the call itself failed. */
  status: number | null;
  /** The delivery's state after this attempt. */
  state: SandboxDelivery['status'];
  attempts: number;
}

/** Stores a new delivery, due at once. */
export async function enqueueDelivery(
  db: SqlDatabase,
  delivery: Pick<SandboxDelivery, 'event_id' | 'ident_code' | 'type' | 'url' | 'path' | 'body' | 'token' | 'created_at'>,
): Promise<void> {
  await db.run(
    `INSERT INTO sandbox_deliveries (event_id, ident_code, type, url, path, body, token, attempts, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'pending', ?, ?)`,
    [delivery.event_id, delivery.ident_code, delivery.type, delivery.url, delivery.path, delivery.body, delivery.token, delivery.created_at, delivery.created_at],
  );
}

/** 5 s after the first try, then doubling, without jitter: a developer watches one delivery's retries. */
const DELIVERY_BACKOFF: Backoff = { baseDelay: SANDBOX.deliveryBaseDelayMs, maxDelay: Number.POSITIVE_INFINITY, jitter: 0 };
/** One try may take this long, well within the lease, so that a hung handler cannot hold a delivery. */
const DELIVERY_TIMEOUT_MS = SANDBOX.deliveryLeaseMs / 2;

/**
 * Makes the next try of one delivery if it is pending and due: signs the body (with `retry` set
 * to the number of earlier tries) over the gateway's webhook path, sends it in-process, and
 * records the answer. Null when the delivery was not due (or another run holds it).
 *
 * @example
 * ```ts
 * const outcome = await attemptDelivery({ db, config, dispatch, now: Date.now }, eventId);
 * ```
 */
export async function attemptDelivery(ctx: DeliveryContext, eventId: string): Promise<DeliveryOutcome | null> {
  const now = ctx.now();
  // Counting the try and leasing the row in one statement: a concurrent run cannot send it twice.
  const row = await ctx.db.first<SandboxDelivery>(
    `UPDATE sandbox_deliveries SET attempts = attempts + 1, next_attempt_at = ?
     WHERE event_id = ? AND status = 'pending' AND next_attempt_at <= ?
     RETURNING *`,
    [now + SANDBOX.deliveryLeaseMs, eventId, now],
  );
  if (!row) return null;
  const body = row.attempts === 1 ? row.body : withRetry(row.body, row.attempts - 1);
  let status: number | null = null;
  try {
    status = await send(
      {
        url: row.url,
        headers: {
          'content-type': 'application/json',
          signature: sign({ key: ctx.config.sandbox.signatureKey, path: row.path, body }),
          token: row.token,
          // Unique per delivery, as PassTo's are.
          trace: crypto.randomUUID(),
          timestamp: String(ctx.now()),
        },
        body,
        // In-process: the gateway's own app answers.
        fetch: (input, init) => ctx.dispatch(new Request(input, init)),
        timeout: DELIVERY_TIMEOUT_MS,
        maxBytes: 0,
      },
      (answer) => answer.status,
    );
  } catch {
    status = null;
  }
  // "HTTP 200 means delivered; anything else is retried."
  const state: SandboxDelivery['status'] = status === 200 ? 'delivered' : row.attempts >= SANDBOX.deliveryMaxAttempts ? 'failed' : 'pending';
  await ctx.db.run('UPDATE sandbox_deliveries SET status = ?, next_attempt_at = ?, last_status = ? WHERE id = ?', [
    state,
    state === 'pending' ? ctx.now() + backoffDelay(row.attempts, DELIVERY_BACKOFF) : null,
    status,
    row.id,
  ]);
  return { status, state, attempts: row.attempts };
}

/**
 * Tries every due pending delivery once (the cron, or an adapter's timer, calls this) and says
 * how many it tried. With `identCode`, only that cashier session's: the page runs them on each
 * view, since a cron fires at most once a minute, slower than the sandbox's first retries.
 *
 * @example
 * ```ts
 * const attempted = await runSandboxDeliveries({ db: env.DB, config, dispatch: (r) => app.fetch(r, env), now: Date.now });
 * ```
 */
export async function runSandboxDeliveries(ctx: DeliveryContext & { identCode?: string }): Promise<number> {
  const session = ctx.identCode === undefined ? '' : 'AND ident_code = ?';
  const due = await ctx.db.all<{ event_id: string }>(
    `SELECT event_id FROM sandbox_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ${session}
     ORDER BY next_attempt_at, id LIMIT ?`,
    ctx.identCode === undefined ? [ctx.now(), SANDBOX.deliveryBatch] : [ctx.now(), ctx.identCode, SANDBOX.deliveryBatch],
  );
  let attempted = 0;
  for (const { event_id } of due) {
    if (await attemptDelivery(ctx, event_id)) attempted++;
  }
  return attempted;
}

/** A session's deliveries, newest first. */
export function listDeliveries(db: SqlDatabase, identCode: string, limit: number): Promise<SandboxDelivery[]> {
  return db.all<SandboxDelivery>('SELECT * FROM sandbox_deliveries WHERE ident_code = ? ORDER BY id DESC LIMIT ?', [identCode, limit]);
}

// The same body with `retry` set; key order is kept, so only that value changes.
function withRetry(body: string, retry: number): string {
  const event = JSON.parse(body) as Record<string, unknown>;
  event.retry = retry;
  return JSON.stringify(event);
}
