/**
 * The gateway's route table: every route declared once, with its method, path, operationId, auth,
 * request and response schemas and handlers. The router (app.ts), the OpenAPI document
 * (openapi.ts writes openapi.json), `/docs` and the docs tests are derived from it. Adding a route
 * is one entry here plus its handler file. The sandbox is not in it: development entries mount it.
 */
import type { MiddlewareHandler } from 'hono';
import type * as v from 'valibot';
import { CreditLimitRequestBodySchema, IdentifyAuthInputSchema, WebhookEnvelopeSchema } from 'passto/schemas';
import type { GatewayBindings } from './bindings.ts';
import { answerCreditLimit } from './routes/credit-limit.ts';
import { serveDocsPage, serveOpenApi } from './routes/docs.ts';
import { getStoredEvent, listStoredEvents, redeliverStoredEvent } from './routes/events.ts';
import { answerHealth } from './routes/health.ts';
import { requestAuthCode } from './routes/identify.ts';
import { receiveWebhook } from './routes/webhooks.ts';
import {
  AuthResultSchema,
  CreditLimitAnswerSchema,
  ErrorBodySchema,
  EventKeyParamsSchema,
  EventListSchema,
  EventRecordSchema,
  EventStatusSchema,
  EventSummarySchema,
  EventsQuerySchema,
  HealthSchema,
  HtmlPageSchema,
  OpenApiDocumentSchema,
  WebhookAckSchema,
} from './schemas.ts';

/**
 * Who may call a route: the platform with `GATEWAY_TOKEN` (bearer, checked before the handlers),
 * PassTo with its HMAC `signature` header (verified by the handler over the raw body), or anyone.
 */
export type RouteAuth = 'bearer' | 'signature' | 'none';

/** One response a route declares. */
export interface RouteResponse {
  description: string;
  /** The body's schema; JSON unless `html`. */
  schema: v.GenericSchema;
  html?: boolean;
}

/** One gateway route. */
export interface GatewayRoute {
  method: 'get' | 'post';
  /** The path as OpenAPI writes it (`/v1/events/{event_id}`); the router's `:event_id` is derived. */
  path: `/${string}`;
  operationId: string;
  summary: string;
  description?: string;
  auth: RouteAuth;
  /**
   * Answers while the configuration has problems, where every other route answers 503
   * `not_configured` (app.ts): a liveness probe must tell "up" from "configured".
   */
  servesUnconfigured?: true;
  body?: v.GenericSchema;
  query?: v.ObjectSchema<v.ObjectEntries, undefined>;
  params?: v.ObjectSchema<v.ObjectEntries, undefined>;
  /** Every status the route answers with, errors included. */
  responses: Readonly<Record<number, RouteResponse>>;
  /** The route's handlers, the last one answering (auth is added from `auth`). */
  handlers: readonly MiddlewareHandler<GatewayBindings>[];
}

/** Schemas published by name under `components.schemas` (and `$ref`ed); any other is inlined. */
export const NAMED_SCHEMAS = {
  Error: ErrorBodySchema,
  IdentifyAuthRequest: IdentifyAuthInputSchema,
  IdentifyAuthResult: AuthResultSchema,
  EventStatus: EventStatusSchema,
  EventSummary: EventSummarySchema,
  EventList: EventListSchema,
  Event: EventRecordSchema,
  WebhookAck: WebhookAckSchema,
  WebhookDelivery: WebhookEnvelopeSchema,
  CreditLimitRequest: CreditLimitRequestBodySchema,
  CreditLimitAnswer: CreditLimitAnswerSchema,
  Health: HealthSchema,
} satisfies Record<string, v.GenericSchema>;

/** What each error status means, on any route. */
const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input; `fields` names every bad field',
  401: 'Missing or invalid bearer token or signature',
  404: 'Not found',
  405: 'Another method on this path: `Allow` lists the methods the path answers (RFC 9110 section 15.5.6)',
  409: 'Conflict (forwarding disabled)',
  413: 'Body larger than 1 MB',
  500: 'The store failed: nothing was acknowledged, so PassTo retries',
  502: 'PassTo or the platform backend failed; PassTo’s own `code` and `msg` under `upstream`',
  503: 'The gateway lacks configuration',
  504: 'PassTo or the platform backend timed out',
};

/** The error responses of a route; every path answers another method with 405, so each has it. */
function errors(...statuses: number[]): Record<number, RouteResponse> {
  return Object.fromEntries([...statuses, 405].map((status) => [status, { description: ERROR_TEXT[status]!, schema: ErrorBodySchema }]));
}

const SIGNED = 'Signed by PassTo: `signature` (or `signerature`) header = base64 HMAC-SHA1 of the public URL path + the raw body.';

/** Every route of the gateway. */
export const ROUTES: readonly GatewayRoute[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness',
    description: 'Answers even when the configuration has problems (every other route then answers 503).',
    auth: 'none',
    servesUnconfigured: true,
    responses: { 200: { description: 'Alive', schema: HealthSchema }, ...errors() },
    handlers: answerHealth,
  },
  {
    method: 'post',
    path: '/v1/identify/auth',
    operationId: 'identifyAuth',
    summary: 'Get a one-time authorization code for a user',
    description: 'Signs the body with the gateway’s keys and calls PassTo identify/auth. Send the user’s browser to `url`.',
    auth: 'bearer',
    body: IdentifyAuthInputSchema,
    responses: { 200: { description: 'The code and the cashier URL', schema: AuthResultSchema }, ...errors(400, 401, 413, 502, 503, 504) },
    handlers: requestAuthCode,
  },
  {
    method: 'post',
    path: '/v1/credit-limit',
    operationId: 'answerCreditLimit',
    summary: 'PassTo asks for the user’s credit limit (GET_DEFAULT_ACCOUNT_CREDIT_LIMIT)',
    description: `${SIGNED} The gateway asks CREDIT_LIMIT_URL (or reads CREDIT_LIMIT_STATIC) and answers \`{data: {tag, inputs}}\` with amounts cut to \`digits\`.`,
    auth: 'signature',
    body: CreditLimitRequestBodySchema,
    responses: {
      200: { description: 'The credit limit (no `inputs` for a customer token the backend does not know)', schema: CreditLimitAnswerSchema },
      ...errors(400, 401, 413, 502, 503, 504),
    },
    handlers: answerCreditLimit,
  },
  {
    method: 'post',
    path: '/v1/webhooks',
    operationId: 'receiveWebhook',
    summary: 'PassTo delivers a webhook event',
    description: `${SIGNED} Stored exactly once by \`event_id\`; 200 only after the store committed; then forwarded to FORWARD_URL.`,
    auth: 'signature',
    body: WebhookEnvelopeSchema,
    responses: { 200: { description: 'Stored (or already stored: `duplicate: true`)', schema: WebhookAckSchema }, ...errors(400, 401, 413, 500, 503) },
    handlers: receiveWebhook,
  },
  {
    method: 'get',
    path: '/v1/events',
    operationId: 'listEvents',
    summary: 'List stored events, newest first',
    auth: 'bearer',
    query: EventsQuerySchema,
    responses: { 200: { description: 'A page of events; `next_cursor` is null at the end', schema: EventListSchema }, ...errors(400, 401, 503) },
    handlers: listStoredEvents,
  },
  {
    method: 'get',
    path: '/v1/events/{event_id}',
    operationId: 'getEvent',
    summary: 'One event, with its payload exactly as PassTo sent it',
    auth: 'bearer',
    params: EventKeyParamsSchema,
    responses: { 200: { description: 'The event', schema: EventRecordSchema }, ...errors(401, 404, 503) },
    handlers: getStoredEvent,
  },
  {
    method: 'post',
    path: '/v1/events/{event_id}/redeliver',
    operationId: 'redeliverEvent',
    summary: 'Queue an event for forwarding again',
    auth: 'bearer',
    params: EventKeyParamsSchema,
    responses: { 202: { description: 'Queued; the first attempt starts now', schema: EventRecordSchema }, ...errors(401, 404, 409, 503) },
    handlers: redeliverStoredEvent,
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    auth: 'none',
    responses: { 200: { description: 'The OpenAPI 3.1 document', schema: OpenApiDocumentSchema }, ...errors(503) },
    handlers: serveOpenApi,
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'getDocsPage',
    summary: 'This document as a web page (no script, no external resource)',
    auth: 'none',
    responses: { 200: { description: 'The page', schema: HtmlPageSchema, html: true }, ...errors(503) },
    handlers: serveDocsPage,
  },
];

/** The router's form of an OpenAPI path: `{event_id}` becomes `:event_id`. */
export function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
