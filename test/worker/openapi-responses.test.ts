/**
 * Real answers of every route, each status a test can provoke, validated with Ajv (JSON Schema
 * 2020-12, OpenAPI 3.1's dialect) against the schema the document declares for that route and
 * status. A status the document does not declare for the route fails too.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import document from '../../worker/openapi.json' with { type: 'json' };
import { ROUTES } from '../../worker/routes.ts';
import { type Backend, startBackend } from './backend.ts';
import { type GatewayHarness, startGateway } from './harness.ts';
import { authBody, bearer, creditLimitCall, hmac, PASSTO_KEY, webhookDelivery } from './signed.ts';

type Responses = Record<string, { content: Record<string, unknown>; headers?: Record<string, unknown> }>;
const paths = document.paths as unknown as Record<string, Record<string, { responses: Responses }>>;

// Formats (uri, ipv4...) are not asserted: the server's schemas check them, the shapes are at stake here.
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(document, 'gateway');
const pointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** Every `operationId status` checked, to show that each route's success and errors were. */
const checked = new Set<string>();

/** Fails unless `res` is an answer the document declares for `route` with this status, of that schema and with its headers. */
async function expectDeclared(operationId: string, res: Response, status: number): Promise<void> {
  const route = ROUTES.find((r) => r.operationId === operationId)!;
  expect(res.status, `${operationId} answered ${res.status}`).toBe(status);
  const declared = paths[route.path]![route.method]!.responses[String(status)];
  expect(declared, `${operationId} does not declare ${status}`).toBeDefined();
  const [type] = Object.keys(declared!.content);
  expect(res.headers.get('content-type')).toContain(type);
  const body = type === 'application/json' ? await res.json() : await res.text();
  const ref = `gateway#/paths/${pointer(route.path)}/${route.method}/responses/${status}/content/${pointer(type!)}/schema`;
  const validate = ajv.getSchema(ref)!;
  expect(validate(body) ? [] : validate.errors, `${operationId} ${status}`).toEqual([]);
  for (const header of Object.keys(declared!.headers ?? {})) expect(res.headers.get(header), `${operationId} ${status} ${header}`).toBeTruthy();
  checked.add(`${operationId} ${status}`);
}

const post = (body: unknown, headers: Record<string, string> = bearer()) => ({
  method: 'POST',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

/** A signed PassTo call to `path` with this raw body. */
const signed = (path: string, body: string) => ({ method: 'POST', body, headers: { 'content-type': 'application/json', signature: hmac(PASSTO_KEY, path, body), token: 't' } });

describe('answers of the development gateway', () => {
  let gw: GatewayHarness;
  let eventKey: string;
  beforeAll(async () => {
    gw = await startGateway();
    const delivery = webhookDelivery();
    await gw.fetch('/v1/webhooks', delivery);
    eventKey = delivery.event_id;
  });
  afterAll(() => gw.dispose());

  it('GET /health, /openapi.json, /docs', async () => {
    await expectDeclared('getHealth', await gw.fetch('/health'), 200);
    await expectDeclared('getHealth', await gw.fetch('/health', { method: 'DELETE' }), 405);
    await expectDeclared('getOpenApiDocument', await gw.fetch('/openapi.json'), 200);
    await expectDeclared('getOpenApiDocument', await gw.fetch('/openapi.json', { method: 'POST' }), 405);
    await expectDeclared('getDocsPage', await gw.fetch('/docs'), 200);
    await expectDeclared('getDocsPage', await gw.fetch('/docs', { method: 'PUT' }), 405);
  });

  it('POST /v1/identify/auth', async () => {
    await expectDeclared('identifyAuth', await gw.fetch('/v1/identify/auth', post(authBody())), 200);
    await expectDeclared('identifyAuth', await gw.fetch('/v1/identify/auth', post(authBody({ client_ip: 'nope', extra: 1 }))), 400);
    await expectDeclared('identifyAuth', await gw.fetch('/v1/identify/auth', post(authBody(), {})), 401);
    await expectDeclared('identifyAuth', await gw.fetch('/v1/identify/auth', post('x'.repeat(1024 * 1024 + 1))), 413);
    await expectDeclared('identifyAuth', await gw.fetch('/v1/identify/auth', { headers: bearer() }), 405);
  });

  it('POST /v1/credit-limit', async () => {
    await expectDeclared('answerCreditLimit', await gw.fetch('/v1/credit-limit', creditLimitCall()), 200);
    await expectDeclared('answerCreditLimit', await gw.fetch('/v1/credit-limit', signed('/v1/credit-limit', '{"type":"PAY_SUCCESS","data":{}}')), 400);
    await expectDeclared('answerCreditLimit', await gw.fetch('/v1/credit-limit', creditLimitCall({}, 'wrong-key')), 401);
    await expectDeclared('answerCreditLimit', await gw.fetch('/v1/credit-limit'), 405);
  });

  it('POST /v1/webhooks', async () => {
    await expectDeclared('receiveWebhook', await gw.fetch('/v1/webhooks', webhookDelivery()), 200);
    await expectDeclared('receiveWebhook', await gw.fetch('/v1/webhooks', signed('/v1/webhooks', '{"type":"PAY_SUCCESS"}')), 400);
    await expectDeclared('receiveWebhook', await gw.fetch('/v1/webhooks', webhookDelivery({}, { key: 'wrong-key' })), 401);
    await expectDeclared('receiveWebhook', await gw.fetch('/v1/webhooks', { method: 'PATCH' }), 405);
  });

  it('GET /v1/events', async () => {
    await expectDeclared('listEvents', await gw.fetch('/v1/events?limit=1', { headers: bearer() }), 200);
    await expectDeclared('listEvents', await gw.fetch('/v1/events?limit=0', { headers: bearer() }), 400);
    await expectDeclared('listEvents', await gw.fetch('/v1/events', { headers: bearer('wrong') }), 401);
    await expectDeclared('listEvents', await gw.fetch('/v1/events', { method: 'POST', headers: bearer() }), 405);
  });

  it('GET /v1/events/{event_id}', async () => {
    await expectDeclared('getEvent', await gw.fetch(`/v1/events/${encodeURIComponent(eventKey)}`, { headers: bearer() }), 200);
    await expectDeclared('getEvent', await gw.fetch('/v1/events/no-such-event', { headers: bearer() }), 404);
    await expectDeclared('getEvent', await gw.fetch(`/v1/events/${eventKey}`), 401);
    await expectDeclared('getEvent', await gw.fetch(`/v1/events/${eventKey}`, { method: 'DELETE', headers: bearer() }), 405);
  });

  it('POST /v1/events/{event_id}/redeliver without FORWARD_URL', async () => {
    await expectDeclared('redeliverEvent', await gw.fetch(`/v1/events/${eventKey}/redeliver`, { method: 'POST', headers: bearer() }), 409);
    await expectDeclared('redeliverEvent', await gw.fetch(`/v1/events/${eventKey}/redeliver`, { method: 'POST' }), 401);
    await expectDeclared('redeliverEvent', await gw.fetch(`/v1/events/${eventKey}/redeliver`, { headers: bearer() }), 405);
  });
});

describe('answers of a forwarding gateway', () => {
  let backend: Backend;
  let gw: GatewayHarness;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startGateway({ vars: { FORWARD_URL: `${backend.url}/events`, FORWARD_SIGNATURE_KEY: 'forward-key' } });
  });
  afterAll(async () => {
    await gw.dispose();
    await backend.close();
  });

  it('POST /v1/events/{event_id}/redeliver', async () => {
    const delivery = webhookDelivery();
    await gw.fetch('/v1/webhooks', delivery);
    await expectDeclared('redeliverEvent', await gw.fetch(`/v1/events/${delivery.event_id}/redeliver`, { method: 'POST', headers: bearer() }), 202);
    await expectDeclared('redeliverEvent', await gw.fetch('/v1/events/no-such-event/redeliver', { method: 'POST', headers: bearer() }), 404);
  });
});

describe('answers of a gateway without configuration', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({ vars: { GATEWAY_TOKEN: '', PASSTO_SIGNATURE_KEY: '' } });
  });
  afterAll(() => gw.dispose());

  it('answers 503 on every route but those the table marks `servesUnconfigured` (/health)', async () => {
    expect(ROUTES.filter((r) => r.servesUnconfigured).map((r) => r.operationId)).toEqual(['getHealth']);
    for (const route of ROUTES) {
      const path = route.path.replace('{event_id}', 'e1');
      const response = await gw.fetch(path, { method: route.method.toUpperCase(), headers: bearer() });
      await expectDeclared(route.operationId, response, route.servesUnconfigured ? 200 : 503);
    }
  });
});

it('covered every route’s success and at least one of its errors', () => {
  for (const route of ROUTES) {
    const statuses = [...checked].filter((c) => c.startsWith(`${route.operationId} `)).map((c) => Number(c.split(' ')[1]));
    expect(statuses.some((s) => s < 300), route.operationId).toBe(true);
    expect(statuses.some((s) => s >= 400), route.operationId).toBe(true);
  }
});
