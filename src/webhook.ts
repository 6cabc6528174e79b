/**
 * Verified webhook deliveries (platform spec, "Inbound: webhook events"): PassTo POSTs a signed
 * envelope `{type, platform_id, retry, event_id, data}` with the headers `signature` (or
 * `signerature`), `token`, `trace` and `timestamp`.
 *
 * The drift policy, decided here once for the SDK, `passto/hono` and the gateway: a correctly
 * signed event is KEPT when its envelope or `data` differs from the documentation (a `null`
 * `type`, a missing field), as long as it has an `event_id` (a JSON string or number) to store
 * and deduplicate it by. Refusing it would lose it: PassTo retries ten times, then drops it.
 * Such an event is handed on as sent, never typed as valid, with the differing fields named:
 * `validateData: false` here (`UncheckedWebhookEvent`), `checked: false` and `issues` in
 * `passto/hono`, stored and forwarded unchanged by the gateway. Only the default of
 * `verifyWebhook` (`validateData: true`, for code that wants typed events or an error) refuses it.
 */
import { eventKeyOf, stringEventKey } from './event-key.ts';
import { type InboundOptions, type InboundPayload, isRequest, readInbound, readInboundPayload } from './inbound.ts';
import { fastWebhookEvent } from './schemas/webhook-event-fast-path.ts';
import { type UncheckedWebhookEvent, type WebhookEvent, WebhookEnvelopeSchema, WebhookEventSchema } from './schemas/webhook-events.ts';

/** Options of `verifyWebhook`: keys, and optionally the signed path, a timestamp window, a body limit. */
export interface VerifyWebhookOptions extends InboundOptions {
  /**
   * Check the envelope and each documented type's `data` against its schema (default true). Set
   * false to require only an `event_id` (the drift policy, above): a receiver that stores every
   * event should not refuse, and so lose, one that drifted from the documentation.
   */
  validateData?: boolean | undefined;
}

/** One verified delivery. */
export interface WebhookDelivery<E extends WebhookEvent | UncheckedWebhookEvent = WebhookEvent> {
  /**
   * The envelope: a `WebhookEvent` checked against its type's schema, or with `validateData: false`
   * an `UncheckedWebhookEvent` whose `data` is as sent. Unknown types and fields are kept.
   */
  event: E;
  /**
   * The event's identity, read from the raw body (`eventKeyOf`): the key to deduplicate and store
   * by. Unlike `event.event_id`, it keeps a numeric id exactly as written (`9007199254740993`,
   * `1.0`) and apart from the same digits as a string.
   */
  eventKey: string;
  /** The `token` header: the user's `customer_token` (a secret: do not log it). */
  token: string | undefined;
  /** The `trace` header: unique per delivery. */
  trace: string | undefined;
  /** The `timestamp` header (13-digit milliseconds), as received. Not signed: not proof of freshness. */
  timestamp: string | undefined;
  /** The body exactly as PassTo sent it, for storing the payload unchanged. */
  rawBody: string;
  /** The index in `keys` of the key that matched (during a rotation: which key PassTo used). */
  keyIndex: number;
}

/**
 * Verifies a webhook delivery and returns it parsed. It takes a Fetch `Request`, or an
 * `InboundPayload` (`{ body, headers, path }`: the raw body, the header fields and the signed
 * path, as Express, Fastify or `node:http` hand them over). The signature is checked over the path
 * (the request's, `options.path`, or the payload's) + the raw body bytes, against every key in `keys`.
 *
 * Rejects with a `SignatureError` (missing, malformed or wrong signature, or two signature
 * fields), a `PayloadTooLargeError` (body above `maxBodyBytes`, default 1 MiB) or a
 * `ValidationError` (a correctly signed body that is not JSON or not a valid envelope). A payload
 * whose body is not bytes or text, or whose path holds a query string, is a `TypeError` or `RangeError`.
 *
 * Replays: the `timestamp` header is not covered by the signature, so a window on it stops no
 * forger and may refuse PassTo's own retries; `tolerance` is therefore opt-in. The defence
 * against replay is deduplication by `event_id` (see `EventStore`).
 *
 * @example
 * ```ts
 * import { verifyWebhook } from 'passto';
 * const { event } = await verifyWebhook(request, { keys: [env.PASSTO_KEY, env.PASSTO_OLD_KEY] });
 * if (event.type === 'PAY_SUCCESS') console.log(event.data.order_no, event.data.amount);
 *
 * // Express, with the raw body (`express.raw({ type: '*\/*' })`): the path alone, never `req.url`.
 * const delivery = await verifyWebhook({ body: req.body, headers: req.headers, path: req.path }, { keys: env.PASSTO_KEY });
 *
 * // Store-everything receivers (the drift policy): only an `event_id` is required; `event` is an `UncheckedWebhookEvent`.
 * const { event: envelope, rawBody } = await verifyWebhook(request, { keys: env.PASSTO_KEY, validateData: false });
 * ```
 */
export function verifyWebhook(
  input: Request | InboundPayload,
  options: VerifyWebhookOptions & { validateData: false },
): Promise<WebhookDelivery<UncheckedWebhookEvent>>;
export function verifyWebhook(
  input: Request | InboundPayload,
  options: VerifyWebhookOptions & { validateData?: true | undefined },
): Promise<WebhookDelivery>;
export function verifyWebhook(input: Request | InboundPayload, options: VerifyWebhookOptions): Promise<WebhookDelivery<WebhookEvent | UncheckedWebhookEvent>>;
export async function verifyWebhook(
  input: Request | InboundPayload,
  options: VerifyWebhookOptions,
): Promise<WebhookDelivery<WebhookEvent | UncheckedWebhookEvent>> {
  const checked = options?.validateData !== false;
  const schema = checked ? WebhookEventSchema : WebhookEnvelopeSchema;
  const names = { where: 'verifyWebhook', what: 'webhook delivery', fast: checked ? fastWebhookEvent : undefined };
  const { body, rawBody, keyIndex, trace, header } = isRequest(input)
    ? await readInbound(input, options, schema, names)
    : await readInboundPayload(input, options, schema, names);
  // The schema accepted a string or number event_id, so the raw body has one to read. A string
  // needs no second reading: JSON.parse gave the last top-level `event_id`, as the scan would.
  const id = (body as { event_id: unknown }).event_id;
  // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; the scan gives a string id the same key (test/event-key.test.ts compares them).
  const eventKey = typeof id === 'string' ? stringEventKey(id) : eventKeyOf(rawBody)!;
  return { event: body, eventKey, token: header('token'), trace, timestamp: header('timestamp'), rawBody, keyIndex };
}
