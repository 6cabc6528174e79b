/**
 * The gateway's own request and response shapes, as valibot schemas: the routes validate with
 * them and the OpenAPI document is generated from them, so the two cannot drift apart.
 */
import * as v from 'valibot';
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

/** `GET /v1/events` query. */
export const EventsQuerySchema = v.object({
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'an integer from 1 to 100'), v.transform(Number), v.minValue(1, 'an integer from 1 to 100'), v.maxValue(100, 'an integer from 1 to 100')),
    '20',
  ),
  cursor: v.optional(v.pipe(v.string(), v.minLength(1), v.description('The next_cursor of the previous page'))),
  type: v.optional(v.pipe(v.string(), v.minLength(1))),
  status: v.optional(EventStatusSchema),
});

export const EventSummarySchema = v.object({
  event_id: v.string(),
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

/**
 * What the gateway requires of a correctly signed webhook body before storing it: a JSON object
 * with an `event_id`. Nothing else is checked, so no signed event is ever refused, and so lost,
 * because PassTo's envelope or `data` drifted from its documentation.
 */
export const StoredEventSchema = v.looseObject({
  event_id: v.union(
    [v.pipe(v.string(), v.nonEmpty()), v.pipe(v.number(), v.integer(), v.transform(String))],
    'a non-empty string (the deduplication key)',
  ),
  type: v.optional(v.union([v.string(), v.pipe(v.number(), v.transform(String))]), ''),
});

/** The answer of `POST /v1/webhooks`. */
export const WebhookAckSchema = v.object({ code: v.literal(0), msg: v.string(), event_id: v.string(), duplicate: v.boolean() });

/** What the platform backend answers the gateway's credit-limit call with (`CREDIT_LIMIT_URL`, `CREDIT_LIMIT_STATIC`): the library's credit-limit shape. */
export { CreditLimitSchema as BackendCreditLimitSchema } from '../src/schemas/credit-limit.ts';
