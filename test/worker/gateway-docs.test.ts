/**
 * /openapi.json and /docs, and the router, all derived from the one route table
 * (worker/routes.ts): no route is listed here by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import document from '../../worker/openapi.json' with { type: 'json' };
import { ROUTES } from '../../worker/routes.ts';
import { type GatewayHarness, startGateway } from './harness.ts';

type Operation = {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  responses: Record<string, unknown>;
};
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown }> };
};

let gw: GatewayHarness;
let doc: Doc;
beforeAll(async () => {
  gw = await startGateway();
  doc = (await (await gw.fetch('/openapi.json')).json()) as Doc;
});
afterAll(() => gw.dispose());

describe('the OpenAPI document', () => {
  it('is the committed worker/openapi.json, OpenAPI 3.1, with one operation per route of the table and nothing else', () => {
    expect(doc).toEqual(document);
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => `${method} ${path} ${op.operationId}`));
    expect(operations.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path} ${r.operationId}`).sort());
    expect(Object.keys(doc.paths).some((path) => path.startsWith('/sandbox'))).toBe(false);
  });

  it('declares each route’s auth: the bearer token, PassTo’s signature, or none', () => {
    const scheme = { bearer: [{ bearer: [] }], signature: [{ signature: [] }], none: [] };
    for (const route of ROUTES) expect(doc.paths[route.path]![route.method]!.security, route.operationId).toEqual(scheme[route.auth]);
    expect(ROUTES.filter((r) => r.auth === 'signature').map((r) => r.path)).toEqual(['/v1/credit-limit', '/v1/webhooks']);
  });

  it('describes strict bodies as closed and `limit` as an integer from 1 to 100', () => {
    const auth = doc.components.schemas.IdentifyAuthRequest!;
    expect(auth.additionalProperties).toBe(false);
    expect(auth.required).toEqual(expect.arrayContaining(['custom_no', 'customer_token', 'token_expire', 'callback_url', 'client_ip']));
    expect(JSON.stringify(doc)).not.toContain('{"not":{}}');
    const params = doc.paths['/v1/events']!.get!.parameters!;
    expect(params.map((p) => p.name)).toEqual(['limit', 'cursor', 'type', 'status']);
    expect(params[0]).toEqual({ name: 'limit', in: 'query', required: false, description: expect.any(String), schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } });
    expect(params.find((p) => p.name === 'status')!.schema.enum).toEqual(['pending', 'delivered', 'failed', 'stored']);
    // Only the event_id is required of a signed delivery: no signed event is refused for its shape.
    expect(doc.components.schemas.WebhookDelivery!.required).toEqual(['event_id']);
    for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(name!);
  });
});

describe('the router', () => {
  // Without credentials, a mounted route answers by its auth; an unmounted one would be 404 or 405.
  const expected = { bearer: 401, signature: 401, none: 200 };
  it.each(ROUTES.map((r) => [r.method.toUpperCase(), r.path, r.auth] as const))('mounts %s %s, guarded by its auth (%s)', async (method, path, auth) => {
    const res = await gw.fetch(path.replace('{event_id}', 'no-such-event'), { method });
    expect(res.status).toBe(expected[auth]);
  });
});

describe('/docs', () => {
  it('renders every operation of the document as self-contained HTML (no external script, style or font)', async () => {
    const res = await gw.fetch('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    for (const route of ROUTES) expect(page).toContain(`<code>${route.path}</code>`);
    expect(page).toContain('IdentifyAuthRequest');
    expect(page.match(/\(PassTo signature\)/g)).toHaveLength(2);
    expect(page.match(/\(bearer token\)/g)).toHaveLength(ROUTES.filter((r) => r.auth === 'bearer').length);
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:|@import|https?:\/\/[^"'\s]*\.(js|css|woff2?)/);
    expect(page.length).toBeLessThan(100_000);
  });
});
