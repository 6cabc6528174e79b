/**
 * Hono route handlers for the calls PassTo makes to the platform (the `passto/hono` entry):
 * verified webhooks with exactly-once handling, and the credit-limit endpoint. Hono is a peer
 * dependency of this entry only, and only its types are imported.
 *
 * The verified values are also on the context for the handlers after them (`PasstoVariables`:
 * `passtoDelivery`, `passtoCreditLimitRequest`), typed through Hono's `Env` generic rather than a
 * global `ContextVariableMap` augmentation, which JSR refuses and which would type them in routes
 * that never set them.
 * @module
 */
import type { Context, Env, MiddlewareHandler } from 'hono';
import { safeParse } from 'valibot';
import { type CreditLimitRequest, creditLimitResponse, verifyCreditLimitRequest } from './credit-limit.ts';
import { isPasstoError } from './errors/is-passto-error.ts';
import type { FieldIssue } from './errors/validation-error.ts';
import type { EventStore } from './event-store.ts';
import { httpErrorResponse } from './http-error-response.ts';
import { checkInboundOptions, type Keys, normalizeKeys } from './inbound.ts';
import type { CreditLimit } from './schemas/credit-limit.ts';
import { toFieldIssues } from './schemas/issues.ts';
import { type UncheckedWebhookEvent, type WebhookEvent, WebhookEventSchema } from './schemas/webhook-events.ts';
import { type WebhookDelivery, verifyWebhook } from './webhook.ts';

export { type HttpErrorResponse, httpErrorResponse } from './http-error-response.ts';

/**
 * The variables the handlers put on the context (`c.get('passtoDelivery')`). Each handler's type
 * carries them (`WithPasstoVariables<E>`), so the handlers after it in the same route see them
 * typed; add them to your app's `Variables` to read them in middleware mounted with `app.use`.
 */
export type PasstoVariables = {
  /**
   * The verified webhook delivery (set by `passtoVerifyWebhook` and `passtoWebhook`): check
   * `checked` before using the documented fields of its `event` (see `PasstoWebhookDelivery`).
   */
  passtoDelivery: PasstoWebhookDelivery;
  /** The verified credit-limit call (set by `passtoCreditLimit` before `resolve` runs). */
  passtoCreditLimitRequest: CreditLimitRequest;
};

/** Your app's `Env` with `PasstoVariables` added to its `Variables`: the handlers' own `Env`. */
export type WithPasstoVariables<E extends Env = Env> = E & { Variables: PasstoVariables };

/** Keys, or a function reading them from the context (`(c) => c.env.PASSTO_KEY`), maybe async. */
export type KeysOption<E extends Env> = Keys | ((c: Context<E>) => Keys | Promise<Keys>);

/** The signed path, or a function of the context returning it (`(c) => c.req.header('x-original-path')`). */
export type PathOption<E extends Env> = string | ((c: Context<E>) => string);

/**
 * A verified delivery as the Hono handlers hand it on (`onEvent`'s first argument,
 * `c.get('passtoDelivery')`), discriminated by `checked`:
 * - `checked: true`: `event` matched its type's documented schema (or its type is one this
 *   version does not know) and is typed by `event.type`, so `event.type === 'PAY_SUCCESS'` gives
 *   typed `data`, no cast needed.
 * - `checked: false`: a signed event kept although its envelope or `data` differs from the docs
 *   (the drift policy: see `verifyWebhook`). `event` is exactly as sent, typed
 *   `UncheckedWebhookEvent` (never as valid), and `issues` names the fields that differ (their
 *   paths, never their values).
 *
 * Either way `eventKey`, `rawBody` and the headers are there, to store every event as sent.
 */
export type PasstoWebhookDelivery =
  | (WebhookDelivery<WebhookEvent> & { checked: true; issues?: undefined })
  | (WebhookDelivery<UncheckedWebhookEvent> & { checked: false; issues: readonly FieldIssue[] });

/** Options shared by the handlers. */
interface HandlerOptions<E extends Env> {
  /** The signature key(s), or a function of the context returning them. */
  keys: KeysOption<E>;
  /**
   * The signed path, when a proxy rewrites it, or a function of the context returning it
   * (default: the request URL's path as received).
   */
  path?: PathOption<E> | undefined;
  /** Opt-in window on the unsigned `timestamp` header, in ms (see `verifyWebhook`). */
  tolerance?: number | undefined;
  /** The largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number | undefined;
  /**
   * Called with failures the response does not reveal: your code or store (`onEvent`, `resolve`,
   * `claim`, `complete`, `release`) and configuration errors (a `keys` or `path` function that
   * throws or returns nothing, a body already read), answered 500. Default: `console.error`.
   * Never called for refused requests (401, 400, 413), nor for an error that carries its own
   * answer (see `respond`).
   */
  onError?: ((error: unknown, c: Context<E>) => void) | undefined;
  /**
   * Answers a request the handler refuses (401 bad signature, 400 invalid body, 413 too large)
   * or cannot verify (500: a `keys` or `path` function failed). Default: the JSON
   * `{code, msg, trace}` of `httpErrorResponse`, `trace` from the request's header. Give your own
   * to answer in your app's format; it may throw to leave the answer to your `app.onError`.
   *
   * An error that carries its own HTTP answer, such as Hono's `HTTPException` (an `Error` with a
   * `getResponse()` method), thrown by `keys`, `path` or `resolve`, is neither reported nor
   * answered here: it is rethrown, and Hono answers it as it does for any route (your
   * `app.onError`, or else the exception's own response). That is how `resolve` answers a
   * 404, 502 or 503 of its own.
   */
  respond?: ((error: unknown, c: Context<E>) => Response | Promise<Response>) | undefined;
}

/** Options of `passtoVerifyWebhook`. */
export type PasstoVerifyWebhookOptions<E extends Env = Env> = HandlerOptions<E>;

/** Options of `passtoWebhook`. */
export interface PasstoWebhookOptions<E extends Env = Env> extends HandlerOptions<E> {
  /**
   * Handles one verified delivery. Resolve only once the event is stored durably: the 200 that
   * follows tells PassTo to stop retrying. Throw to have PassTo retry.
   *
   * Every signed delivery with an `event_id` arrives here, also one whose envelope or `data`
   * differs from the documentation (a `null` where a string was documented, a field missing):
   * refusing it would make PassTo retry and then drop it. Such a delivery has `checked: false`,
   * its `event` as sent and `issues` naming the fields; `checked: true` gives the typed event.
   */
  onEvent: (delivery: PasstoWebhookDelivery, c: Context<E>) => unknown;
  /**
   * Deduplicates by the event key (`delivery.eventKey`: `event_id` exactly as sent). Without a store, every verified delivery, retries and concurrent
   * duplicates included, reaches `onEvent`. May be a function of the context, to build a durable
   * store from a binding (`createSqlEventStore(d1Database(c.env.DB))`); cache it per binding.
   */
  store?: EventStore | ((c: Context<E>) => EventStore) | undefined;
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
const INVALID_CREDIT_LIMIT = 'the credit limit returned by resolve is invalid';

/**
 * Verify-only middleware: checks the delivery's signature, puts it on the context
 * (`c.get('passtoDelivery')`, a `PasstoWebhookDelivery`) and calls `next()`, so your own route
 * handler (and any middleware after it) does the rest. It answers by itself only when it
 * refuses: 401 `bad_signature`, 400 `invalid_request` (not a JSON object with a string or number
 * `event_id`: nothing else of the envelope is required), 413 `payload_too_large`, and 500
 * `internal_error` for a configuration error (told to `onError`). An envelope or `data` that
 * differs from the documentation is not a refusal: the delivery has `checked: false` (the drift
 * policy: see `verifyWebhook`). No deduplication: use `passtoWebhook` or an `EventStore`.
 *
 * @example
 * ```ts
 * import { passtoVerifyWebhook } from 'passto/hono';
 * app.post('/webhooks/passto', passtoVerifyWebhook<Env>({ keys: (c) => c.env.PASSTO_KEY }), async (c) => {
 *   const { eventKey, rawBody, checked, event } = c.get('passtoDelivery');
 *   await db.insertIfAbsent(eventKey, rawBody); // the key, not event.event_id: exact for any id
 *   if (checked && event.type === 'PAY_SUCCESS') await markPaid(event.data.order_no);
 *   return c.json({ ok: true });
 * });
 * ```
 */
export function passtoVerifyWebhook<E extends Env = Env>(options: PasstoVerifyWebhookOptions<E>): MiddlewareHandler<WithPasstoVariables<E>> {
  const { keysOf, pathOf, verifyOptions, onError, respond } = checkHandlerOptions(options, 'passtoVerifyWebhook');
  return async function passtoVerifyWebhookMiddleware(withVariables, next) {
    const c = userContext<E>(withVariables);
    const trace = c.req.header('trace');
    let delivery: PasstoWebhookDelivery;
    try {
      const verified = await verifyWebhook(c.req.raw, { ...verifyOptions, keys: await keysOf(c), path: pathOf(c), validateData: false });
      delivery = checkData(verified);
    } catch (error) {
      return refuse(c, error, trace, onError, respond);
    }
    withVariables.set('passtoDelivery', delivery);
    await next();
  };
}

/** Checks the event against its type's documented schema: typed when it matches, kept as sent when not. */
function checkData(delivery: WebhookDelivery<UncheckedWebhookEvent>): PasstoWebhookDelivery {
  const parsed = safeParse(WebhookEventSchema, delivery.event);
  return parsed.success
    ? { ...delivery, event: parsed.output, checked: true }
    : { ...delivery, checked: false, issues: toFieldIssues(parsed.issues) };
}

/**
 * A complete webhook route: verifies the delivery (`passtoVerifyWebhook`), claims its `event_id`
 * in `store`, runs `onEvent`, and answers so that PassTo's retries do the right thing:
 *
 * | outcome | status | body |
 * |---|---|---|
 * | handled now | 200 | `{ok: true, event_id, event_key, duplicate: false}` |
 * | handled before (`done`) | 200 | `{ok: true, event_id, event_key, duplicate: true}`, `onEvent` not called |
 * | handled right now elsewhere (`in_flight`) | 409 | `{code: 'in_flight', msg, trace}`: PassTo retries later |
 * | `onEvent` threw (claim released) | 500 | `{code: 'handler_failed', msg, trace}`: PassTo retries |
 * | `store.claim` failed or answered something unexpected | 503 | `{code: 'store_unavailable', msg, trace}` |
 * | bad or missing signature | 401 | `{code: 'bad_signature', msg, trace}` |
 * | signed but not JSON, or no valid envelope | 400 | `{code: 'invalid_request', msg, trace}`, msg names the fields |
 * | body too large | 413 | `{code: 'payload_too_large', msg, trace}` |
 * | configuration error (`keys`/`path` function failed) | 500 | `{code: 'internal_error', msg, trace}` |
 *
 * An event whose envelope or `data` differs from the docs is handed to `onEvent` as sent, with
 * `checked: false` (see `PasstoWebhookDelivery`), never refused. `trace` is the request's `trace` header. If `store.complete` fails
 * after `onEvent` succeeded, the answer is still 200 (the event was handled; a retry would handle
 * it twice) and `onError` is told. `complete` and `release` carry the claim's token, so a handler
 * whose lease expired cannot finish or free the claim of the delivery that took over. Options are
 * checked here: a missing `keys` or `onEvent` throws at creation. The delivery is also on the
 * context (`c.get('passtoDelivery')`); to read it typed in `onEvent` or in middleware around the
 * route, add `PasstoVariables` to your `Env`: `{ Bindings: ...; Variables: PasstoVariables }`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { createMemoryEventStore } from 'passto';
 * import { passtoWebhook } from 'passto/hono';
 *
 * type Env = { Bindings: { PASSTO_KEY: string } };
 * const app = new Hono<Env>();
 * app.post('/webhooks/passto', passtoWebhook<Env>({
 *   keys: (c) => c.env.PASSTO_KEY,
 *   store: createMemoryEventStore(),
 *   onEvent: async ({ checked, event, eventKey, rawBody, issues }) => {
 *     await keepPayload(eventKey, rawBody); // every event, even one that drifted from the docs
 *     if (!checked) console.warn('undocumented shape:', issues.map((i) => i.path));
 *     else if (event.type === 'PAY_SUCCESS') await markPaid(event.data.order_no, event.data.amount);
 *   },
 * }));
 * ```
 */
export function passtoWebhook<E extends Env = Env>(options: PasstoWebhookOptions<E>): MiddlewareHandler<WithPasstoVariables<E>> {
  const where = 'passtoWebhook';
  const { onEvent, store } = options ?? {};
  const { onError } = checkHandlerOptions(options, where);
  if (typeof onEvent !== 'function') throw new TypeError(`${where}: onEvent must be a function`);
  const isStore = (value: unknown): value is EventStore =>
    typeof value === 'object' && value !== null && ['claim', 'complete', 'release'].every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
  if (store !== undefined && typeof store !== 'function' && !isStore(store)) {
    throw new TypeError(`${where}: store must have claim, complete and release methods, or be a function of the context returning one`);
  }
  const storeOf = (c: Context<E>): EventStore | undefined => {
    if (typeof store !== 'function') return store;
    const made = store(c);
    if (!isStore(made)) throw new TypeError(`${where}: the store function must return an object with claim, complete and release methods`);
    return made;
  };
  const verify = passtoVerifyWebhook<E>(options);

  async function handle(withVariables: Context<WithPasstoVariables<E>>): Promise<Response> {
    const c = userContext<E>(withVariables);
    const trace = c.req.header('trace');
    const delivery = withVariables.get('passtoDelivery');
    const { event, eventKey: eventId } = delivery;

    let token: string | undefined;
    let store: EventStore | undefined;
    try {
      store = storeOf(c);
    } catch (error) {
      onError(error, c);
      return c.json({ ...STORE_UNAVAILABLE, trace }, 503);
    }
    if (store) {
      let claim: unknown;
      try {
        claim = await store.claim(eventId);
      } catch (error) {
        onError(error, c);
        return c.json({ ...STORE_UNAVAILABLE, trace }, 503);
      }
      const status = typeof claim === 'object' && claim !== null ? (claim as { status?: unknown }).status : undefined;
      if (status === 'done') return c.json({ ok: true, event_id: event.event_id, event_key: eventId, duplicate: true }, 200);
      if (status === 'in_flight') return c.json({ ...IN_FLIGHT, trace }, 409);
      token = (claim as { token?: unknown } | undefined)?.token as string | undefined;
      // Never run onEvent without owning the event: a store answering anything else is broken.
      if (status !== 'new' || typeof token !== 'string') {
        onError(new TypeError(`${where}: store.claim must answer {status: 'new', token} | {status: 'in_flight'} | {status: 'done'}`), c);
        return c.json({ ...STORE_UNAVAILABLE, trace }, 503);
      }
    }

    try {
      await onEvent(delivery, c);
    } catch (error) {
      onError(error, c);
      if (store && token !== undefined) await settle(() => store!.release(eventId, token), onError, c);
      return c.json({ ...HANDLER_FAILED, trace }, 500);
    }
    if (store && token !== undefined) await settle(() => store!.complete(eventId, token), onError, c);
    return c.json({ ok: true, event_id: event.event_id, event_key: eventId, duplicate: false }, 200);
  }

  return async function passtoWebhookHandler(c) {
    let response: Response | undefined;
    const refused = await verify(c, async () => {
      response = await handle(c);
    });
    // `verify` answers only when it refuses; otherwise `handle` ran as its `next`.
    return refused ?? response ?? c.json({ code: 'internal_error', msg: 'internal error', trace: c.req.header('trace') }, 500);
  };
}

/** Runs a store call whose failure must not change the answer: it is only reported. */
async function settle<E extends Env>(call: () => Promise<void>, onError: (error: unknown, c: Context<E>) => void, c: Context<E>): Promise<void> {
  try {
    await call();
  } catch (error) {
    onError(error, c);
  }
}

/**
 * A complete credit-limit route: verifies PassTo's `GET_DEFAULT_ACCOUNT_CREDIT_LIMIT` call, asks
 * `resolve` for the user's limit and answers `{"data": {"tag", "inputs": [...]}}` with amounts at
 * the requested `digits` (`creditLimitResponse`). Refused calls are answered as in
 * `passtoWebhook`; a `resolve` that throws gives 500 `{code: 'resolve_failed', msg, trace}` and
 * one that returns an invalid limit 500 `{code: 'invalid_credit_limit', msg, trace}`, neither
 * revealing the error. To answer otherwise (a 404, a 502 from your backend), throw Hono's
 * `HTTPException` from `resolve`: Hono answers it (see `respond`).
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
export function passtoCreditLimit<E extends Env = Env>(options: PasstoCreditLimitOptions<E>): MiddlewareHandler<WithPasstoVariables<E>> {
  const where = 'passtoCreditLimit';
  const { keysOf, pathOf, verifyOptions, onError, respond } = checkHandlerOptions(options, where);
  const { resolve } = options;
  if (typeof resolve !== 'function') throw new TypeError(`${where}: resolve must be a function`);

  return async function passtoCreditLimitHandler(withVariables) {
    const c = userContext<E>(withVariables);
    const trace = c.req.header('trace');
    let call: CreditLimitRequest;
    try {
      call = await verifyCreditLimitRequest(c.req.raw, { ...verifyOptions, keys: await keysOf(c), path: pathOf(c) });
    } catch (error) {
      return refuse(c, error, trace, onError, respond);
    }
    withVariables.set('passtoCreditLimitRequest', call);
    let limit: CreditLimit;
    try {
      limit = await resolve(call, c);
    } catch (error) {
      if (carriesAnswer(error)) throw error; // an HTTPException: Hono answers it (see `respond`)
      onError(error, c);
      return c.json({ ...RESOLVE_FAILED, trace }, 500);
    }
    try {
      return c.json(creditLimitResponse(limit, { digits: call.digits }), 200);
    } catch (error) {
      onError(error, c);
      // A ValidationError's issues name fields of our own answer, never values: safe to show,
      // useful to debug. Any other error (a throwing getter in the limit, ...) is not ours to show.
      const msg = isPasstoError(error, 'ValidationError') ? error.message : INVALID_CREDIT_LIMIT;
      return c.json({ code: 'invalid_credit_limit', msg, trace }, 500);
    }
  };
}

/**
 * The context as the options' functions take it: typed by your `Env`, which need not name
 * `PasstoVariables`. The same object; only the type differs (Hono's `Context` is invariant in
 * its `Env`, so a `Context<E & {Variables}>` is not a `Context<E>` to the compiler).
 */
function userContext<E extends Env>(c: Context<WithPasstoVariables<E>>): Context<E> {
  return c as unknown as Context<E>;
}

/** Validates the shared options once, at creation, and returns what each request needs. */
function checkHandlerOptions<E extends Env>(options: HandlerOptions<E>, where: string) {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object`);
  const { keys, path, tolerance, maxBodyBytes, onError = defaultOnError, respond } = options;
  if (keys === undefined) throw new TypeError(`${where}: keys is required`);
  if (typeof keys !== 'function') normalizeKeys(keys, where);
  if (typeof onError !== 'function') throw new TypeError(`${where}: onError must be a function`);
  if (respond !== undefined && typeof respond !== 'function') throw new TypeError(`${where}: respond must be a function`);
  if (typeof path !== 'function') checkInboundOptions({ path }, where);
  checkInboundOptions({ tolerance, maxBodyBytes }, where);
  const keysOf = async (c: Context<E>): Promise<Keys> => (typeof keys === 'function' ? await keys(c) : keys);
  const pathOf = (c: Context<E>): string | undefined => {
    if (typeof path !== 'function') return path;
    const value = path(c);
    if (typeof value !== 'string') throw new TypeError(`${where}: the path function must return a string`);
    return value;
  };
  return { keysOf, pathOf, verifyOptions: { tolerance, maxBodyBytes }, onError, respond };
}

/**
 * Answers a request that could not be verified. A refusal (bad signature, invalid body, too
 * large) is the sender's problem and answered as such; anything else (a `keys` function that
 * failed, a body already read) is a fault of this server: told to `onError`, answered 500. An
 * error carrying its own answer (an HTTPException from `keys` or `path`) is left to Hono.
 */
async function refuse<E extends Env>(
  c: Context<E>,
  error: unknown,
  trace: string | undefined,
  onError: (error: unknown, c: Context<E>) => void,
  respond: ((error: unknown, c: Context<E>) => Response | Promise<Response>) | undefined,
): Promise<Response> {
  if (carriesAnswer(error)) throw error;
  const { status, ...body } = httpErrorResponse(error, trace);
  if (status >= 500) onError(error, c);
  return respond ? respond(error, c) : c.json(body, status);
}

/**
 * An error that carries its own HTTP answer: Hono's `HTTPException` (or a subclass), recognised by
 * its shape so that any copy of Hono counts and this entry imports none of Hono's code.
 */
function carriesAnswer(error: unknown): boolean {
  return error instanceof Error && typeof (error as { getResponse?: unknown }).getResponse === 'function' && typeof (error as { status?: unknown }).status === 'number';
}

function defaultOnError(error: unknown): void {
  // PasstoErrors serialize without secrets; for other errors only the name and message are
  // printed, as thrown by your code (a `keys` function, `onEvent`, a store).
  console.error('passto: a handler, store or configuration failed:', isPasstoError(error) ? error.toJSON() : error);
}
