/**
 * The gateway's OpenAPI 3.1 document, generated from the same valibot schemas the routes validate
 * with (JSON Schema 2020-12, the dialect OpenAPI 3.1 uses), so the document cannot drift.
 */
import { toJsonSchema, toJsonSchemaDefs } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { CreditLimitRequestBodySchema } from 'passto/schemas';
import { WebhookEnvelopeSchema } from 'passto/schemas';
import { IdentifyAuthInputSchema } from 'passto/schemas';
import {
  AuthResultSchema,
  BackendCreditLimitSchema,
  ErrorBodySchema,
  EventListSchema,
  EventRecordSchema,
  EventStatusSchema,
  EventSummarySchema,
  EventsQuerySchema,
  WebhookAckSchema,
} from './schemas.ts';

const SCHEMAS = {
  Error: ErrorBodySchema,
  IdentifyAuthRequest: IdentifyAuthInputSchema,
  IdentifyAuthResult: AuthResultSchema,
  EventStatus: EventStatusSchema,
  EventSummary: EventSummarySchema,
  EventList: EventListSchema,
  Event: EventRecordSchema,
  WebhookAck: WebhookAckSchema,
  CreditLimit: BackendCreditLimitSchema,
  WebhookDelivery: WebhookEnvelopeSchema,
  CreditLimitRequest: CreditLimitRequestBodySchema,
} satisfies Record<string, v.GenericSchema>;

type Operation = {
  summary: string;
  description?: string;
  auth?: 'bearer' | 'signature';
  body?: keyof typeof SCHEMAS;
  params?: { name: string; in: 'query' | 'path'; description: string; schema: Record<string, unknown> }[];
  ok: { status: number; schema?: keyof typeof SCHEMAS; description: string; html?: boolean };
  errors: number[];
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input; `fields` names every bad field',
  401: 'Missing or invalid bearer token or signature',
  404: 'Not found',
  409: 'Conflict (forwarding disabled)',
  413: 'Body larger than 1 MB',
  500: 'The store failed: nothing was acknowledged, so PassTo retries',
  502: 'PassTo or the platform backend failed; PassTo’s own `code` and `msg` under `upstream`',
  503: 'The gateway lacks configuration',
  504: 'PassTo or the platform backend timed out',
};

const SIGNED = 'Signed by PassTo: `signature` (or `signerature`) header = base64 HMAC-SHA1 of the public URL path + the raw body.';

const OPERATIONS: Record<string, Record<string, Operation>> = {
  '/health': { get: { summary: 'Liveness', ok: { status: 200, description: '`{ok: true}`' }, errors: [] } },
  '/v1/identify/auth': {
    post: {
      summary: 'Get a one-time authorization code for a user',
      description: 'Signs the body with the Worker’s keys and calls PassTo identify/auth. Send the user’s browser to `url`.',
      auth: 'bearer',
      body: 'IdentifyAuthRequest',
      ok: { status: 200, schema: 'IdentifyAuthResult', description: 'The code and the cashier URL' },
      errors: [400, 401, 413, 502, 503, 504],
    },
  },
  '/v1/credit-limit': {
    post: {
      summary: 'PassTo asks for the user’s credit limit (GET_DEFAULT_ACCOUNT_CREDIT_LIMIT)',
      description: `${SIGNED} The gateway asks CREDIT_LIMIT_URL (or reads CREDIT_LIMIT_STATIC) and answers \`{data: {tag, inputs}}\` with amounts cut to \`digits\`.`,
      auth: 'signature',
      body: 'CreditLimitRequest',
      ok: { status: 200, description: '`{data: {tag, inputs: [{tag, amount, currency, icon, input}]}}`' },
      errors: [400, 401, 413, 502, 503, 504],
    },
  },
  '/v1/webhooks': {
    post: {
      summary: 'PassTo delivers a webhook event',
      description: `${SIGNED} Stored exactly once by \`event_id\`; 200 only after the store committed; then forwarded to FORWARD_URL.`,
      auth: 'signature',
      body: 'WebhookDelivery',
      ok: { status: 200, schema: 'WebhookAck', description: 'Stored (or already stored: `duplicate: true`)' },
      errors: [400, 401, 413, 500, 503],
    },
  },
  '/v1/events': {
    get: {
      summary: 'List stored events, newest first',
      auth: 'bearer',
      params: queryParameters(EventsQuerySchema, {
        limit: 'How many events, 1 to 100 (default 20)',
        cursor: 'The `next_cursor` of the previous page',
        type: 'Only this event type',
        status: 'Only this status',
      }),
      ok: { status: 200, schema: 'EventList', description: 'A page of events; `next_cursor` is null at the end' },
      errors: [400, 401],
    },
  },
  '/v1/events/{event_id}': {
    get: {
      summary: 'One event, with its payload exactly as PassTo sent it',
      auth: 'bearer',
      params: [{ name: 'event_id', in: 'path', description: 'PassTo’s event id', schema: { type: 'string' } }],
      ok: { status: 200, schema: 'Event', description: 'The event' },
      errors: [401, 404],
    },
  },
  '/v1/events/{event_id}/redeliver': {
    post: {
      summary: 'Queue an event for forwarding again',
      auth: 'bearer',
      params: [{ name: 'event_id', in: 'path', description: 'PassTo’s event id', schema: { type: 'string' } }],
      ok: { status: 202, schema: 'Event', description: 'Queued; the first attempt starts now' },
      errors: [401, 404, 409],
    },
  },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Query parameters generated from the schema the route parses its query with. */
function queryParameters(schema: v.ObjectSchema<v.ObjectEntries, undefined>, descriptions: Record<string, string>): NonNullable<Operation['params']> {
  return Object.entries(schema.entries).map(([name, entry]) => {
    const inner = 'wrapped' in entry ? (entry.wrapped as v.GenericSchema) : entry;
    const { $schema: _dialect, ...json } = toJsonSchema(inner, { target: 'draft-2020-12', typeMode: 'input', errorMode: 'ignore' }) as Record<string, unknown>;
    return {
      name,
      in: 'query' as const,
      description: descriptions[name] ?? '',
      schema: json,
    };
  });
}

let cached: Record<string, unknown> | undefined;

/** The OpenAPI document (built once per isolate). */
export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const defs = toJsonSchemaDefs(SCHEMAS, { target: 'draft-2020-12', typeMode: 'input', errorMode: 'ignore' });
  // Nested references point at `$defs`; OpenAPI keeps them under components.schemas.
  const schemas = JSON.parse(JSON.stringify(defs).replaceAll('#/$defs/', '#/components/schemas/'));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(methods)) {
      const responses: Record<string, unknown> = {
        [op.ok.status]: {
          description: op.ok.description,
          ...(op.ok.schema ? { content: { 'application/json': { schema: ref(op.ok.schema) } } } : {}),
        },
      };
      for (const status of op.errors) {
        responses[status] = { description: ERROR_TEXT[status], content: { 'application/json': { schema: ref('Error') } } };
      }
      paths[path][method] = {
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        ...(op.auth === 'bearer' ? { security: [{ bearer: [] }] } : {}),
        ...(op.params ? { parameters: op.params.map((p) => ({ ...p, required: p.in === 'path' })) } : {}),
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: ref(op.body) } },
              },
            }
          : {}),
        responses,
      };
    }
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'passto gateway',
      version: '0.1.0',
      description: 'Signs calls to PassTo CreditPay, verifies and stores its signed calls, and forwards events to the platform backend.',
    },
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'GATEWAY_TOKEN' } } },
    paths,
  };
  return cached;
}
