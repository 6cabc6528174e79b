/** /openapi.json and /docs: generated from the routes' schemas, rendered without any network. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from './harness.ts';

let gw: GatewayHarness;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.dispose());

it('serves an OpenAPI 3.1 document covering every route, with schemas from valibot', async () => {
  const doc = (await (await gw.fetch('/openapi.json')).json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
  };
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths).sort()).toEqual(
    ['/health', '/v1/credit-limit', '/v1/events', '/v1/events/{event_id}', '/v1/events/{event_id}/redeliver', '/v1/identify/auth', '/v1/webhooks'].sort(),
  );
  const auth = doc.components.schemas.IdentifyAuthRequest!;
  expect(Object.keys(auth.properties!)).toEqual(expect.arrayContaining(['custom_no', 'customer_token', 'token_expire', 'callback_url', 'client_ip']));
  expect(auth.required).toEqual(expect.arrayContaining(['custom_no', 'customer_token', 'token_expire', 'callback_url', 'client_ip']));
  expect(doc.components.schemas.EventSummary!.required).toEqual(expect.arrayContaining(['event_id', 'status', 'next_attempt_at']));
  // The query parameters come from the schema /v1/events parses its query with.
  const params = (doc.paths['/v1/events']!.get as { parameters: { name: string; schema: { enum?: string[]; pattern?: string } }[] }).parameters;
  expect(params.map((p) => p.name)).toEqual(['limit', 'cursor', 'type', 'status']);
  expect(params.find((p) => p.name === 'status')!.schema.enum).toEqual(['pending', 'delivered', 'failed', 'stored']);
  // The inbound bodies are the library's schemas of what PassTo sends.
  expect(doc.components.schemas.WebhookDelivery!.required).toEqual(['event_id']); // only the event_id is required of a signed delivery
  // Every $ref resolves inside the document.
  for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(name!);
});

it('renders /docs as self-contained HTML (no external script, style or font)', async () => {
  const res = await gw.fetch('/docs');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  const page = await res.text();
  expect(page).toContain('/v1/identify/auth');
  expect(page).toContain('IdentifyAuthRequest');
  expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:|@import|https?:\/\/[^"'\s]*\.(js|css|woff2?)/);
  expect(page.length).toBeLessThan(100_000);
});
