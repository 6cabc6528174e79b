/**
 * The gateway's own request and response shapes, as valibot schemas: the routes validate with
 * them and the OpenAPI document is generated from them, so the two cannot drift apart.
 */
import * as v from 'valibot';
import { DecimalStringSchema } from 'passto/schemas';
import { EVENT_STATUSES } from './store/event-log.ts';

/** `{code, msg, trace}`, every error's body. */
export const ErrorBodySchema = v.object({
  code: v.pipe(v.string(), v.description('A stable lowercase code: invalid_request, unauthorized, bad_signature, payload_too_large, not_found, upstream_error, upstream_timeout, ...')),
  msg: v.string(),
  trace: v.string(),
  fields: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
  upstream: v.optional(v.object({ code: v.number(), msg: v.string() })),
});

export const EventStatusSchema = v.picklist(EVENT_STATUSES as ['pending', 'delivered', 'failed', 'stored']);

const LIMIT = 'an integer from 1 to 100';

/**
 * `GET /v1/events` query. A query arrives as text: `limit` is parsed from its digits into the
 * integer the document describes (generated with `typeMode: 'output'`).
 */
export const EventsQuerySchema = v.object({
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, LIMIT), v.transform(Number), v.number(), v.integer(LIMIT), v.minValue(1, LIMIT), v.maxValue(100, LIMIT), v.description('How many events, 1 to 100')),
    '20',
  ),
  cursor: v.optional(v.pipe(v.string(), v.minLength(1), v.description('The `next_cursor` of the previous page'))),
  type: v.optional(v.pipe(v.string(), v.minLength(1), v.description('Only events of this type'))),
  status: v.optional(v.pipe(EventStatusSchema, v.description('Only events with this status'))),
});

/** The path parameter of the `/v1/events/{event_id}` routes. */
export const EventKeyParamsSchema = v.object({
  event_id: v.pipe(v.string(), v.description('The event key (`event_key`), percent-encoded')),
});

/** The event key: how the API names an event (URLs, the `event-id` forward header, percent-encoded). */
const EventKeySchema = v.pipe(
  v.string(),
  v.description('The event_id exactly as sent, as one string: a number as its token (`1.0`), a string as itself, or as its JSON text (`"42"`) when it reads as a number, is empty, starts with a quote or holds a control character or lone surrogate'),
);

/** The event_id in its original JSON form: a number keeps its token as PassTo wrote it. */
const EventIdSchema = v.pipe(v.union([v.string(), v.number()]), v.description('PassTo\'s event_id as sent: a string, or a number written exactly as in the delivery (it may exceed 2^53: use `event_key` to compare)'));

export const EventSummarySchema = v.object({
  event_id: EventIdSchema,
  event_key: EventKeySchema,
  type: v.string(),
  status: EventStatusSchema,
  attempts: v.pipe(v.number(), v.integer()),
  received_at: v.pipe(v.number(), v.description('Milliseconds since the epoch')),
  last_error: v.nullable(v.string()),
  next_attempt_at: v.nullable(v.number()),
});

export const EventListSchema = v.object({
  events: v.array(EventSummarySchema),
  next_cursor: v.nullable(v.string()),
});

export const EventRecordSchema = v.object({
  ...EventSummarySchema.entries,
  trace: v.nullable(v.string()),
  delivered_at: v.nullable(v.number()),
  payload: v.pipe(v.string(), v.description('The webhook body exactly as PassTo sent it')),
});

/** The answer of `POST /v1/identify/auth`. */
export const AuthResultSchema = v.object({ ident_code: v.string(), url: v.string(), trace: v.string() });

/** The answer of `POST /v1/webhooks`. */
export const WebhookAckSchema = v.object({
  code: v.literal(0),
  msg: v.string(),
  event_id: EventIdSchema,
  event_key: EventKeySchema,
  duplicate: v.boolean(),
});

/** The answer of `GET /health`. */
export const HealthSchema = v.object({ ok: v.literal(true) });

/** The answer of `POST /v1/credit-limit` (platform spec, "Inbound: the platform's credit-limit endpoint"), amounts cut to `digits`. */
export const CreditLimitAnswerSchema = v.object({
  data: v.object({
    tag: v.string(),
    inputs: v.array(v.object({ tag: v.string(), amount: DecimalStringSchema, currency: v.string(), icon: v.string(), input: v.string() })),
  }),
});

/** `GET /openapi.json`: this document (OpenAPI 3.1). */
export const OpenApiDocumentSchema = v.pipe(v.record(v.string(), v.unknown()), v.description('An OpenAPI 3.1 document'));

/** `GET /docs`: a self-contained HTML page. */
export const HtmlPageSchema = v.pipe(v.string(), v.description('HTML'));

/** What the platform backend answers the gateway's credit-limit call with (`CREDIT_LIMIT_URL`, `CREDIT_LIMIT_STATIC`): the library's credit-limit shape. */
export { CreditLimitSchema as BackendCreditLimitSchema } from 'passto/schemas';
