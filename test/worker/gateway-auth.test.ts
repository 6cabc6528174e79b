/** POST /v1/identify/auth, bearer auth, body limits and upstream failures, inside workerd. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, startBackend } from './backend.ts';
import { type GatewayHarness, startGateway } from './harness.ts';
import { authBody, bearer, hmac } from './signed.ts';

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...bearer() } });

describe('identify/auth through the embedded sandbox', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({ vars: { GATEWAY_TOKEN: 'dev-token, next-token' } });
  });
  afterAll(() => gw.dispose());

  it('answers a bare {ident_code, url, trace} with a cashier url on the gateway origin', async () => {
    const res = await gw.fetch('/v1/identify/auth', { ...json(authBody()), headers: { ...json(0).headers, trace: 'my-trace-1' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['ident_code', 'trace', 'url']);
    expect(body.ident_code).toMatch(/^[0-9a-f]{32}$/);
    expect(body.url).toBe(`http://127.0.0.1:8787/sandbox/oauth?ident_code=${body.ident_code}`);
    expect(body.trace).toBe('my-trace-1');
  });

  it('accepts every comma-separated GATEWAY_TOKEN (rotation)', async () => {
    const res = await gw.fetch('/v1/identify/auth', { ...json(authBody()), headers: { 'content-type': 'application/json', ...bearer('next-token') } });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no header', {}],
    ['wrong token', bearer('dev-token-x')],
    ['a prefix of the token', bearer('dev')],
    ['not a bearer scheme', { authorization: 'Basic ZGV2LXRva2Vu' }],
  ])('refuses %s with 401 unauthorized', async (_name, headers) => {
    const res = await gw.fetch('/v1/identify/auth', { method: 'POST', body: JSON.stringify(authBody()), headers });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, string>;
    expect(body.code).toBe('unauthorized');
    expect(typeof body.trace).toBe('string');
    expect(JSON.stringify(body)).not.toContain('dev-token');
  });

  it('names every bad field with 400 invalid_request, and never echoes the customer_token', async () => {
    const res = await gw.fetch(
      '/v1/identify/auth',
      json(authBody({ client_ip: '999.1.1.1', token_expire: 1734171928, callback_url: 'ftp://x', custom_no: '' })),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; fields: { path: string }[] };
    expect(body.code).toBe('invalid_request');
    expect(body.fields.map((f) => f.path).sort()).toEqual(['callback_url', 'client_ip', 'custom_no', 'token_expire']);
    expect(JSON.stringify(body)).not.toContain('tok-user-1');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await gw.fetch('/v1/identify/auth', { method: 'POST', body: '{nope', headers: bearer() });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('invalid_request');
  });

  it('answers 413 payload_too_large above 1 MB', async () => {
    const res = await gw.fetch('/v1/identify/auth', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1), headers: bearer() });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
  });

  it('shows a key mismatch as PassTo would: 502 with PassTo’s code and msg under upstream', async () => {
    const other = await startGateway({ vars: { PASSTO_SIGNATURE_KEY: 'not-the-sandbox-key' } });
    try {
      const res = await other.fetch('/v1/identify/auth', json(authBody()));
      expect(res.status).toBe(502);
      const body = (await res.json()) as { code: string; upstream: { code: number; msg: string } };
      expect(body.code).toBe('upstream_error');
      expect(body.upstream.code).not.toBe(0);
      expect(JSON.stringify(body)).not.toContain('not-the-sandbox-key');
    } finally {
      await other.dispose();
    }
  });

  it('serves /health without a token', async () => {
    expect((await gw.fetch('/health')).status).toBe(200);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await gw.fetch('/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('not_found');
  });
});

const PROD_TOKEN = 'prod-token-5d0c';
const PROD_SIGNATURE_KEY = 'prod-signature-key';
const prodJson = (body: unknown) => ({ ...json(body), headers: { 'content-type': 'application/json', ...bearer(PROD_TOKEN) } });

describe('identify/auth against a real PassTo base URL', () => {
  let backend: Backend;
  let gw: GatewayHarness;
  beforeAll(async () => {
    backend = await startBackend();
    // The sandbox off: the development token and signature key are refused (issue 8, item 8).
    gw = await startGateway({
      vars: {
        PASSTO_BASE_URL: `${backend.url}/api`,
        SANDBOX: 'off',
        PASSTO_TIMEOUT_MS: '1000',
        GATEWAY_TOKEN: PROD_TOKEN,
        PASSTO_SIGNATURE_KEY: PROD_SIGNATURE_KEY,
      },
    });
  });
  afterAll(async () => {
    await gw.dispose();
    await backend.close();
  });

  it('signs path + exact body with PASSTO_SIGNATURE_KEY and sends the seed headers', async () => {
    backend.respond = () => ({
      status: 200,
      body: JSON.stringify({ code: 0, msg: 'success', data: { ident_code: 'bb15a501d2354aeb937160c67b3580a6', url: 'https://cashier.example/oauth?ident_code=bb15a501d2354aeb937160c67b3580a6' }, trace: 't' }),
    });
    backend.received.length = 0;
    const res = await gw.fetch('/v1/identify/auth', prodJson(authBody()));
    expect(res.status).toBe(200);
    const [sent] = backend.received;
    expect(sent!.path).toBe('/api/v1/platform/identify/auth?platId=sandbox-plat');
    expect(sent!.headers['api-key']).toBe('sandbox-api-key');
    expect(sent!.headers.signature).toBe(hmac(PROD_SIGNATURE_KEY, '/v1/platform/identify/auth', sent!.body));
    expect(JSON.parse(sent!.body).custom_no).toBe('order-473');
  });

  it('maps an envelope with a non-zero code to 502 upstream_error with upstream {code, msg}', async () => {
    backend.respond = () => ({ status: 200, body: JSON.stringify({ code: 1001, msg: 'platform disabled', data: null, trace: 't' }) });
    const res = await gw.fetch('/v1/identify/auth', prodJson(authBody()));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ code: 'upstream_error', upstream: { code: 1001, msg: 'platform disabled' } });
  });

  it('maps an HTML error page to 502 upstream_error', async () => {
    backend.respond = () => ({ status: 500, body: '<html>oops</html>' });
    const res = await gw.fetch('/v1/identify/auth', prodJson(authBody()));
    expect(res.status).toBe(502);
    expect(((await res.json()) as { code: string }).code).toBe('upstream_error');
  });

  it('maps a PassTo that does not answer in time to 504 upstream_timeout', async () => {
    backend.respond = () => ({ status: 200, body: '{}', delayMs: 4000 });
    const res = await gw.fetch('/v1/identify/auth', prodJson(authBody()));
    expect(res.status).toBe(504);
    expect(((await res.json()) as { code: string }).code).toBe('upstream_timeout');
  });
});
