/**
 * Hono route handlers for the calls PassTo makes to the platform (the `passto/hono` entry):
 * verified webhooks with exactly-once handling, and the credit-limit endpoint. Hono is a peer
 * dependency of this entry only, and only its types are imported.
 *
 * The verified values are also on the context for other middleware (declared below, so
 * `c.get('passtoEvent')` is typed): `passtoEvent`, `passtoDelivery`, `passtoCreditLimitRequest`.
 * @module
 */
import type { Context, Env, MiddlewareHandler } from 'hono';
import { type CreditLimitRequest, creditLimitResponse, verifyCreditLimitRequest } from './credit-limit.ts';
import type { ClaimResult, EventStore } from './event-store.ts';
import { httpErrorResponse } from './http-error-response.ts';
import { checkInboundOptions, type Keys, normalizeKeys } from './inbound.ts';
import type { CreditLimit } from './schemas/credit-limit.ts';
import type { WebhookEvent } from './schemas/webhook-events.ts';
import { type WebhookDelivery, verifyWebhook } from './webhook.ts';

export { type HttpErrorResponse, httpErrorResponse } from './http-error-response.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** The verified webhook event (set by `passtoWebhook` before `onEvent` runs). */
    passtoEvent: WebhookEvent;
    /** The whole verified delivery: event, headers, raw body, key index (set by `passtoWebhook`). */
    passtoDelivery: WebhookDelivery;
    /** The verified credit-limit call (set by `passtoCreditLimit` before `resolve` runs). */
    passtoCreditLimitRequest: CreditLimitRequest;
  }
}

/** Keys, or a function reading them from the context (`(c) => c.env.PASSTO_KEY`), maybe async. */
export type KeysOption<E extends Env> = Keys | ((c: Context<E>) => Keys | Promise<Keys>);

/** Options shared by both handlers. */
interface HandlerOptions<E extends Env> {
  /** The signature key(s), or a function of the context returning them. */
  keys: KeysOption<E>;
  /** The signed path, when a proxy rewrites it (default: the request URL's path as received). */
  path?: string | undefined;
  /** Opt-in window on the unsigned `timestamp` header, in ms (see `verifyWebhook`). */
  tolerance?: number | undefined;
  /** The largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number | undefined;
  /**
   * Called with failures of your code or store (`onEvent`, `resolve`, `claim`, `complete`),
   * which the response does not reveal. Default: `console.error`. Never called for refused requests.
   */
  onError?: ((error: unknown, c: Context<E>) => void) | undefined;
}

/** Options of `passtoWebhook`. */
export interface PasstoWebhookOptions<E extends Env = Env> extends HandlerOptions<E> {
  /**
   * Handles one verified event. Resolve only once the event is stored durably: the 200 that
   * follows tells PassTo to stop retrying. Throw to have PassTo retry.
   */
  onEvent: (event: WebhookEvent, c: Context<E>, delivery: WebhookDelivery) => unknown;
  /**
   * Deduplicates by `event_id`. Without a store, every verified delivery, retries and concurrent
   * duplicates included, reaches `onEvent`.
   */
  store?: EventStore | undefined;
}

/** Options of `passtoCreditLimit`. */
export interface PasstoCreditLimitOptions<E extends Env = Env> extends HandlerOptions<E> {
  /** Looks up the user's credit limit; amounts are written at the requested `digits` for you. */
  resolve: (request: CreditLimitRequest, c: Context<E>) => CreditLimit | Promise<CreditLimit>;
}

const IN_FLIGHT = { code: 'in_flight', msg: 'this event is being handled; retry later' };
const HANDLER_FAILED = { code: 'handler_failed', msg: 'the event could not be handled; retry later' };
const STORE_UNAVAILABLE = { code: 'store_unavailable', msg: 'the event store is unavailable; retry later' };
const RESOLVE_FAILED = { code: 'resolve_failed', msg: 'the credit limit could not be resolved' };

/**
 * A complete webhook route: verifies the delivery, claims its `event_id` in `store`, runs
 * `onEvent`, and answers so that PassTo's retries do the right thing:
 *
 * | outcome | status | body |
 * |---|---|---|
 * | handled now | 200 | `{ok: true, event_id, duplicate: false}` |
 * | handled before (`done`) | 200 | `{ok: true, event_id, duplicate: true}`, `onEvent` not called |
 * | handled right now elsewhere (`in_flight`) | 409 | `{code: 'in_flight', msg, trace}`: PassTo retries later |
 * | `onEvent` threw (claim released) | 500 | `{code: 'handler_failed', msg, trace}`: PassTo retries |
 * | `store.claim` failed | 503 | `{code: 'store_unavailable', msg, trace}` |
 * | bad or missing signature | 401 | `{code: 'bad_signature', msg, trace}` |
 * | signed but invalid body | 400 | `{code: 'invalid_request', msg, trace}`, msg names the fields |
 * | body too large | 413 | `{code: 'payload_too_large', msg, trace}` |
 *
 * `trace` is the request's `trace` header. If `store.complete` fails after `onEvent` succeeded,
 * the answer is still 200 (the event was handled; a retry would handle it twice) and `onError`
 * is told. Options are checked here: a missing `keys` or `onEvent` throws at creation.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { MemoryEventStore } from 'passto';
 * import { passtoWebhook } from 'passto/hono';
 *
 * type Env = { Bindings: { PASSTO_KEY: string } };
 * const app = new Hono<Env>();
 * app.post('/webhooks/passto', passtoWebhook<Env>({
 *   keys: (c) => c.env.PASSTO_KEY,
 *   store: new MemoryEventStore(),
 *   onEvent: async (event) => {
 *     if (event.type === 'PAY_SUCCESS') await markPaid(event.data.order_no, event.data.amount);
 *   },
 * }));
 * ```
 */
export function passtoWebhook<E extends Env = Env>(options: PasstoWebhookOptions<E>): MiddlewareHandler<E> {
  const where = 'passtoWebhook';
  const { onEvent, store } = options ?? {};
  const { keysOf, verifyOptions, onError } = checkHandlerOptions(options, where);
  if (typeof onEvent !== 'function') throw new TypeError(`${where}: onEvent must be a function`);
  if (store !== undefined && !['claim', 'complete', 'release'].every((m) => typeof (store as unknown as Record<string, unknown>)[m] === 'function')) {
    throw new TypeError(`${where}: store must have claim, complete and release methods`);
  }

  return async function passtoWebhookHandler(c) {
    const trace = c.req.header('trace');
    let delivery: WebhookDelivery;
    try {
      delivery = await verifyWebhook(c.req.raw, { ...verifyOptions, keys: await keysOf(c) });
    } catch (error) {
      return errorJson(c, error, trace);
    }
    const { event } = delivery;
    const eventId = event.event_id;
    c.set('passtoEvent', event);
    c.set('passtoDelivery', delivery);

    let claim: ClaimResult = 'new';
    try {
      if (store) claim = await store.claim(eventId);
    } catch (error) {
      onError(error, c);
      return c.json({ ...STORE_UNAVAILABLE, trace }, 503);
    }
    if (claim === 'done') return c.json({ ok: true, event_id: eventId, duplicate: true }, 200);
    if (claim === 'in_flight') return c.json({ ...IN_FLIGHT, trace }, 409);

    try {
      await onEvent(event, c, delivery);
    } catch (error) {
      onError(error, c);
      await store?.release(eventId).catch((releaseError: unknown) => onError(releaseError, c));
      return c.json({ ...HANDLER_FAILED, trace }, 500);
    }
    await store?.complete(eventId).catch((completeError: unknown) => onError(completeError, c));
    return c.json({ ok: true, event_id: eventId, duplicate: false }, 200);
  };
}

/**
 * A complete credit-limit route: verifies PassTo's `GET_DEFAULT_ACCOUNT_CREDIT_LIMIT` call, asks
 * `resolve` for the user's limit and answers `{"data": {"tag", "inputs": [...]}}` with amounts at
 * the requested `digits` (`creditLimitResponse`). Refused calls are answered as in
 * `passtoWebhook`; a `resolve` that throws gives 500 `{code: 'resolve_failed', msg, trace}` and
 * one that returns an invalid limit 500 `{code: 'invalid_credit_limit', msg, trace}`, neither
 * revealing the error.
 *
 * @example
 * ```ts
 * import { passtoCreditLimit } from 'passto/hono';
 * app.post('/passto/credit-limit', passtoCreditLimit<Env>({
 *   keys: (c) => c.env.PASSTO_KEY,
 *   resolve: async ({ customer_token, currency, lang }) => ({
 *     tag: 'main',
 *     inputs: [{ tag: 'main', amount: await balanceOf(customer_token, currency), currency, icon: ICON, input: label(lang) }],
 *   }),
 * }));
 * ```
 */
export function passtoCreditLimit<E extends Env = Env>(options: PasstoCreditLimitOptions<E>): MiddlewareHandler<E> {
  const where = 'passtoCreditLimit';
  const { keysOf, verifyOptions, onError } = checkHandlerOptions(options, where);
  const { resolve } = options;
  if (typeof resolve !== 'function') throw new TypeError(`${where}: resolve must be a function`);

  return async function passtoCreditLimitHandler(c) {
    const trace = c.req.header('trace');
    let call: CreditLimitRequest;
    try {
      call = await verifyCreditLimitRequest(c.req.raw, { ...verifyOptions, keys: await keysOf(c) });
    } catch (error) {
      return errorJson(c, error, trace);
    }
    c.set('passtoCreditLimitRequest', call);
    let limit: CreditLimit;
    try {
      limit = await resolve(call, c);
    } catch (error) {
      onError(error, c);
      return c.json({ ...RESOLVE_FAILED, trace }, 500);
    }
    try {
      return c.json(creditLimitResponse(limit, { digits: call.digits }), 200);
    } catch (error) {
      onError(error, c);
      // The issues name fields of our own answer, never values: safe to show, useful to debug.
      const msg = error instanceof Error ? error.message : 'invalid credit limit';
      return c.json({ code: 'invalid_credit_limit', msg, trace }, 500);
    }
  };
}

/** Validates the shared options once, at creation, and returns what each request needs. */
function checkHandlerOptions<E extends Env>(options: HandlerOptions<E>, where: string) {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object`);
  const { keys, path, tolerance, maxBodyBytes, onError = defaultOnError } = options;
  if (keys === undefined) throw new TypeError(`${where}: keys is required`);
  if (typeof keys !== 'function') normalizeKeys(keys, where);
  if (typeof onError !== 'function') throw new TypeError(`${where}: onError must be a function`);
  checkInboundOptions({ path, tolerance, maxBodyBytes }, where);
  const keysOf = async (c: Context<E>): Promise<Keys> => (typeof keys === 'function' ? await keys(c) : keys);
  return { keysOf, verifyOptions: { path, tolerance, maxBodyBytes }, onError };
}

function errorJson(c: Context, error: unknown, trace: string | undefined): Response {
  const { status, ...body } = httpErrorResponse(error, trace);
  return c.json(body, status);
}

function defaultOnError(error: unknown): void {
  console.error('passto: a handler or store failed', error);
}
