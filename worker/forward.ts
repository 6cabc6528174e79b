/**
 * Forwarding stored events to the platform backend (`FORWARD_URL`): the payload exactly as PassTo
 * sent it, signed with `FORWARD_SIGNATURE_KEY` over the forward URL's path + that body (the same
 * scheme as PassTo's, so the backend checks it with `verify`), headers `event-id`, `trace`,
 * `attempt`. Any 2xx acknowledges; anything else is retried with exponential backoff.
 */
import { createSigner, type Signer } from '../src/index.ts';
import type { GatewayConfig } from './env.ts';
import { claimAttempt, dueEvents, recordAttempt } from './store/event-log.ts';
import type { SqlDatabase } from './store/sql.ts';

/** Retries wait `FORWARD_BACKOFF_BASE_MS` (30 s), then twice as long each time, up to this cap. */
export const BACKOFF_CAP_MS = 6 * 60 * 60 * 1000;
/** How many due events one cron run forwards at most. */
const BATCH = 50;

/** The wait before attempt `attempts + 1`, with ±20% jitter so retries of many events spread out. */
export function backoffDelay(attempts: number, base: number, random = Math.random): number {
  const delay = Math.min(BACKOFF_CAP_MS, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.8 + 0.4 * random()));
}

/** What forwarding needs: the database, the configuration and a fetch. */
export interface ForwardContext {
  db: SqlDatabase;
  config: GatewayConfig;
  fetch: typeof fetch;
  now?: () => number;
}

const signers = new Map<string, Signer>();
function signerFor(key: string): Signer {
  let signer = signers.get(key);
  if (!signer) {
    signer = createSigner(key);
    signers.set(key, signer);
  }
  return signer;
}

/**
 * Makes one forwarding attempt of one event if it is due, and records the outcome.
 * Answers what happened, or 'skipped' when the event was not due (another run holds it).
 */
export async function forwardEvent(ctx: ForwardContext, eventId: string): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
  const { db, config } = ctx;
  const { url, signatureKey, timeoutMs, maxAttempts, backoffBaseMs } = config.forward;
  if (!url) return 'skipped';
  const now = ctx.now?.() ?? Date.now();
  const claim = await claimAttempt(db, eventId, now, now + timeoutMs + 60_000);
  if (!claim) return 'skipped';

  const error = await send(ctx, url, signatureKey, timeoutMs, eventId, claim);
  const after = ctx.now?.() ?? Date.now();
  if (error === undefined) {
    await recordAttempt(db, eventId, { status: 'delivered', at: after });
    return 'delivered';
  }
  if (claim.attempts >= maxAttempts) {
    await recordAttempt(db, eventId, { status: 'failed', error });
    return 'failed';
  }
  await recordAttempt(db, eventId, { status: 'pending', error, retryAt: after + backoffDelay(claim.attempts, backoffBaseMs) });
  return 'retry';
}

/** Sends one attempt; answers undefined on a 2xx, else a short description of the failure. */
async function send(
  ctx: ForwardContext,
  url: string,
  signatureKey: string | undefined,
  timeoutMs: number,
  eventId: string,
  claim: { attempts: number; payload: string; trace: string | null },
): Promise<string | undefined> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'event-id': eventId,
    attempt: String(claim.attempts),
    trace: claim.trace ?? eventId,
  };
  if (signatureKey) headers.signature = signerFor(signatureKey)(new URL(url).pathname, claim.payload);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await ctx.fetch(url, { method: 'POST', headers, body: claim.payload, signal: controller.signal });
    await response.body?.cancel();
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return controller.signal.aborted ? `timeout after ${timeoutMs} ms` : `network: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

/** Forwards every due event (the cron's job); answers how many were attempted. */
export async function forwardDueEvents(ctx: ForwardContext): Promise<number> {
  if (!ctx.config.forward.url) return 0;
  const ids = await dueEvents(ctx.db, ctx.now?.() ?? Date.now(), BATCH);
  for (const id of ids) await forwardEvent(ctx, id);
  return ids.length;
}
