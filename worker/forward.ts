/**
 * Forwarding stored events to the platform backend (`FORWARD_URL`): the payload exactly as PassTo
 * sent it, signed with `FORWARD_SIGNATURE_KEY` over the forward URL's path + that body (the same
 * scheme as PassTo's, so the backend checks it with `verify`), headers `event-id` (the event key,
 * percent-encoded), `trace`, `attempt`. Any 2xx acknowledges; anything else (a 3xx included:
 * redirects are never followed) is retried with exponential backoff. One attempt at a time per
 * event: an attempt holds a lease that neither the cron nor a redelivery breaks.
 */
import { type Backoff, backoffDelay, eventKeyHeader } from 'passto/internal';
import { callBackend, describeRedirect, signBackendCall } from './backend-call.ts';
import type { GatewayConfig } from './env.ts';
import { type AttemptOutcome, type Claim, claimAttempt, dueEvents, recordAttempt } from './store/event-log.ts';
import type { SqlDatabase } from './store/sql.ts';

/** Retries wait `FORWARD_BACKOFF_BASE_MS` (30 s), then twice as long each time, up to this cap. */
export const BACKOFF_CAP_MS = 6 * 60 * 60 * 1000;
/**
 * Half of each wait is random ("equal jitter": 15-30 s, 30-60 s, ..., 3-6 h), so that the
 * retries of events that failed together spread out, yet none comes back at once.
 */
const FORWARD_JITTER = 0.5;
/** How many due events one cron run takes, and how many it sends at once (Workers allow 6 open connections). */
const BATCH = 50;
const CONCURRENCY = 6;
/** A lease outlives the attempt's timeout by this much before the event is due again. */
const LEASE_MARGIN_MS = 60_000;

/** The backoff of forwarding's retries, from `FORWARD_BACKOFF_BASE_MS`. */
export function forwardBackoff(baseMs: number): Backoff {
  return { baseDelay: baseMs, maxDelay: BACKOFF_CAP_MS, jitter: FORWARD_JITTER };
}

/** What forwarding needs: the database, the configuration and a fetch. */
export interface ForwardContext {
  db: SqlDatabase;
  config: GatewayConfig;
  fetch: typeof fetch;
  now?: () => number;
}

/**
 * Makes one forwarding attempt of one event if it is due, and records the outcome. Answers what
 * happened, or 'skipped' when the event was not due (not pending, waiting, or another attempt
 * holds its lease). When a redelivery voided the attempt while it was in flight, the redelivery's
 * attempt follows at once: it was held back only so that the two would not run side by side.
 */
export async function forwardEvent(ctx: ForwardContext, eventId: string): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
  const { url } = ctx.config.forward;
  if (!url) return 'skipped';
  for (;;) {
    const result = await attemptOnce(ctx, url, eventId);
    if (result !== 'voided') return result;
  }
}

/** One claimed attempt, or 'skipped'; 'voided' when a redelivery came in during it. */
async function attemptOnce(ctx: ForwardContext, url: string, eventId: string): Promise<'delivered' | 'retry' | 'failed' | 'skipped' | 'voided'> {
  const { db, config } = ctx;
  const { maxAttempts, backoffBaseMs, timeoutMs } = config.forward;
  const now = ctx.now?.() ?? Date.now();
  const claim = await claimAttempt(db, eventId, now, now + timeoutMs + LEASE_MARGIN_MS);
  if (!claim) return 'skipped';

  const error = await send(ctx, url, eventId, claim);
  const after = ctx.now?.() ?? Date.now();
  const [outcome, result] = settle(error, claim, after, maxAttempts, backoffBaseMs);
  return (await recordAttempt(db, eventId, claim.claim, outcome)) ? result : 'voided';
}

/** What an attempt's error (undefined: acknowledged) means for the event. */
function settle(
  error: string | undefined,
  claim: Claim,
  now: number,
  maxAttempts: number,
  backoffBaseMs: number,
): [AttemptOutcome, 'delivered' | 'retry' | 'failed'] {
  if (error === undefined) return [{ status: 'delivered', at: now }, 'delivered'];
  if (claim.attempts >= maxAttempts) return [{ status: 'failed', error }, 'failed'];
  // Whole milliseconds: the time is stored as an integer.
  return [{ status: 'pending', error, retryAt: now + Math.round(backoffDelay(claim.attempts, forwardBackoff(backoffBaseMs))) }, 'retry'];
}

/** Sends one attempt; answers undefined on a 2xx, else a short description of the failure. */
async function send(ctx: ForwardContext, url: string, eventId: string, claim: Claim): Promise<string | undefined> {
  const { signatureKey, timeoutMs } = ctx.config.forward;
  // Fail closed: an unsigned forward could not be told from a forgery by the backend. The event
  // stays pending and goes out once the key is set (or ends `failed`, and can be redelivered).
  if (!signatureKey) return 'not sent: FORWARD_SIGNATURE_KEY is not set';
  const headers = {
    'content-type': 'application/json',
    // The stored event key, percent-encoded (RFC 3986): every key fits a header value.
    'event-id': eventKeyHeader(eventId),
    attempt: String(claim.attempts),
    // PassTo's trace as it came (a valid header value); without one, the key in its header form.
    trace: claim.trace ?? eventKeyHeader(eventId),
    signature: signBackendCall(signatureKey, url, claim.payload),
  };
  const answer = await callBackend(ctx.fetch, url, { headers, body: claim.payload }, { timeoutMs, readBody: false });
  switch (answer.kind) {
    case 'answered':
      return answer.ok ? undefined : `HTTP ${answer.status}`;
    case 'redirect':
      return describeRedirect(answer);
    case 'too-large': // not reached: the body is not read
      return `HTTP ${answer.status}: the answer is larger than ${answer.limit} bytes`;
    case 'timeout':
      return `timeout after ${timeoutMs} ms`;
    case 'unreachable':
      return `network: ${answer.message}`;
  }
}

/** One cron run starts no new attempt after this long, so a hanging backend cannot pile runs up. */
const RUN_BUDGET_MS = 30_000;

/**
 * Forwards the due events (the cron's job), a few at a time, starting attempts for at most
 * `RUN_BUDGET_MS`; what is left stays due for the next run. Answers how many were attempted.
 */
export async function forwardDueEvents(ctx: ForwardContext): Promise<number> {
  if (!ctx.config.forward.url) return 0;
  const clock = ctx.now ?? Date.now;
  const stopAt = clock() + RUN_BUDGET_MS;
  const ids = await dueEvents(ctx.db, clock(), BATCH);
  let next = 0;
  const worker = async () => {
    while (next < ids.length && clock() < stopAt) await forwardEvent(ctx, ids[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return next;
}
