/**
 * Issue 8, items 9 and 12, inside workerd: a wrong method answers 405 with `Allow`, a 401 carries
 * a `WWW-Authenticate` challenge (RFC 6750 section 3), and errors a gateway operator reads name
 * the gateway's variables (PASSTO_SIGNATURE_KEY, PUBLIC_URL, PASSTO_CUSTOMER_NO_FIELD,
 * PASSTO_PLAT_ID_PARAM), not the SDK's options.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, startBackend } from './backend.ts';
import { type GatewayHarness, startGateway } from './harness.ts';
import { authBody, bearer, creditLimitCall, webhookDelivery } from './signed.ts';

interface ErrorBody {
  code: string;
  msg: string;
  trace: string;
  fields?: { path: string; message: string }[];
  upstream?: { code: number; msg: string };
}

const post = (body: unknown, headers: Record<string, string> = bearer()) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

describe('HTTP details (development gateway)', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.dispose());

  it.each([
    ['POST', '/health', {}, 'GET, HEAD'],
    ['GET', '/v1/webhooks', {}, 'POST'],
    ['PUT', '/v1/credit-limit', {}, 'POST'],
    ['DELETE', '/openapi.json', {}, 'GET, HEAD'],
    ['GET', '/v1/identify/auth', bearer(), 'POST'],
    ['POST', '/v1/events', bearer(), 'GET, HEAD'],
    ['DELETE', '/v1/events/evt-1', bearer(), 'GET, HEAD'],
    ['GET', '/v1/events/evt-1/redeliver', bearer(), 'POST'],
    ['GET', '/sandbox/api/v1/identify/redirect', {}, 'POST'],
  ])('%s %s answers 405 with Allow', async (method, path, headers, allow) => {
    const res = await gw.fetch(path, { method, headers: { trace: 'trace-405', ...(headers as Record<string, string>) } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(await res.json()).toEqual({ code: 'method_not_allowed', msg: `${method} is not allowed here; allowed: ${allow}`, trace: 'trace-405' });
  });

  it.each([['/nope'], ['/v1/nope'], ['/v1/events/a/b/c']])('still answers an unknown path %s with 404 not_found', async (path) => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await gw.fetch(path, { method, headers: bearer() });
      expect(res.status).toBe(404);
      expect(res.headers.get('allow')).toBeNull();
      expect(((await res.json()) as ErrorBody).code).toBe('not_found');
    }
  });

  it.each([
    ['no Authorization header', {}, 'Bearer realm="passto"'],
    ['another scheme', { authorization: 'Basic ZGV2LXRva2Vu' }, 'Bearer realm="passto", error="invalid_request"'],
    ['a wrong token', bearer('dev-token-x'), 'Bearer realm="passto", error="invalid_token"'],
    ['a prefix of the token', bearer('dev'), 'Bearer realm="passto", error="invalid_token"'],
  ])('refuses %s with 401, a WWW-Authenticate challenge and the gateway body', async (_name, headers, challenge) => {
    const res = await gw.fetch('/v1/events', { headers: { trace: 'trace-401', ...headers } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(challenge);
    expect(res.headers.get('trace')).toBe('trace-401');
    const body = (await res.json()) as ErrorBody;
    expect(body).toMatchObject({ code: 'unauthorized', trace: 'trace-401' });
    expect(JSON.stringify(body)).not.toContain('dev-token');
  });

  // The caller's trace is kept whatever its characters (Hono's requestId alone keeps only [A-Za-z0-9_=-]), up to 128 of them.
  it.each([
    ['a dotted, colon-separated id', 'plat:order.473/2', true],
    ['128 characters', 't'.repeat(128), true],
    ['129 characters', 't'.repeat(129), false],
    ['an empty header', '', false],
  ])('keeps or replaces a caller trace: %s', async (_name, given, kept) => {
    const res = await gw.fetch('/nope', { headers: { trace: given } });
    const trace = res.headers.get('trace')!;
    expect(((await res.json()) as ErrorBody).trace).toBe(trace);
    if (kept) expect(trace).toBe(given);
    else expect(trace).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('gives a request without a trace a new one, echoed in the header and the body', async () => {
    const res = await gw.fetch('/v1/events', { headers: bearer('wrong') });
    expect(res.headers.get('trace')).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await res.json()) as ErrorBody).trace).toBe(res.headers.get('trace'));
  });

  it('points an operator at PASSTO_SIGNATURE_KEY and PUBLIC_URL when PassTo’s webhook signature does not match', async () => {
    const res = await gw.fetch('/v1/webhooks', webhookDelivery({}, { key: 'another-key' }));
    expect(res.status).toBe(401);
    const body = (await res.json()) as ErrorBody;
    expect(body.code).toBe('bad_signature');
    expect(body.msg).toContain('PASSTO_SIGNATURE_KEY');
    expect(body.msg).toContain('PUBLIC_URL');
  });

  it('points an operator at PASSTO_SIGNATURE_KEY and PUBLIC_URL when PassTo’s credit-limit signature does not match', async () => {
    const res = await gw.fetch('/v1/credit-limit', creditLimitCall({}, 'another-key'));
    expect(res.status).toBe(401);
    const body = (await res.json()) as ErrorBody;
    expect(body.msg).toContain('PASSTO_SIGNATURE_KEY');
    expect(body.msg).toContain('PUBLIC_URL');
  });

  it('names PASSTO_CUSTOMER_NO_FIELD, not the SDK option, for a body sending customer_no', async () => {
    const { custom_no, ...rest } = authBody();
    const res = await gw.fetch('/v1/identify/auth', post({ ...rest, customer_no: custom_no }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    const field = body.fields!.find((f) => f.path === 'customer_no')!;
    expect(field.message).toContain('PASSTO_CUSTOMER_NO_FIELD=customer_no');
    expect(field.message).not.toContain('customerNoField');
    expect(body.msg).toContain('PASSTO_CUSTOMER_NO_FIELD');
    expect(body.msg).not.toContain('customerNoField');
  });

  it('points at PASSTO_SIGNATURE_KEY, not at "sign the path", when PassTo refuses the gateway’s signature', async () => {
    const other = await startGateway({ vars: { PASSTO_SIGNATURE_KEY: 'not-the-sandbox-key' } });
    try {
      const res = await other.fetch('/v1/identify/auth', post(authBody()));
      expect(res.status).toBe(502);
      const body = (await res.json()) as ErrorBody;
      expect(body.code).toBe('upstream_error');
      expect(body.msg).toContain('PASSTO_SIGNATURE_KEY');
      expect(body.msg).not.toContain('sign the path');
      expect(body.upstream!.code).toBe(401); // PassTo's own answer stays available
      expect(JSON.stringify(body)).not.toContain('not-the-sandbox-key');
    } finally {
      await other.dispose();
    }
  });
});

describe('operator hints on PassTo’s refusals (a real PassTo base URL)', () => {
  let backend: Backend;
  let gw: GatewayHarness;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startGateway({
      vars: {
        PASSTO_BASE_URL: `${backend.url}/api`,
        SANDBOX: 'off',
        GATEWAY_TOKEN: 'prod-token-7c1e',
        PASSTO_SIGNATURE_KEY: 'prod-signature-key',
        PASSTO_TIMEOUT_MS: '2000',
      },
    });
  });
  afterAll(async () => {
    await gw.dispose();
    await backend.close();
  });

  it.each([
    ['the platform id parameter', 'platId is required in the query string', 'PASSTO_PLAT_ID_PARAM'],
    ['the number field', 'unknown field: customer_no', 'PASSTO_CUSTOMER_NO_FIELD'],
    ['the api-key', 'api-key is missing or invalid', 'PASSTO_API_KEY'],
    ['the signature', 'signature mismatch: sign the path relative to the API base followed by the raw body', 'PASSTO_SIGNATURE_KEY'],
    ['an unknown platform', 'platform not found', 'PASSTO_PLAT_ID'],
  ])('names the variable for %s', async (_name, msg, variable) => {
    backend.respond = () => ({ status: 400, body: JSON.stringify({ code: 400, msg, data: null, trace: 't' }) });
    const res = await gw.fetch('/v1/identify/auth', post(authBody(), bearer('prod-token-7c1e')));
    expect(res.status).toBe(502);
    const body = (await res.json()) as ErrorBody;
    expect(body.msg).toMatch(new RegExp(`\\b${variable}\\b`));
    expect(body.msg).not.toMatch(/platIdParam|customerNoField|sign the path/);
    expect(body.upstream).toEqual({ code: 400, msg });
  });

  it('keeps PassTo’s own message when no variable explains it', async () => {
    backend.respond = () => ({ status: 200, body: JSON.stringify({ code: 1001, msg: 'platform disabled', data: null, trace: 't' }) });
    const res = await gw.fetch('/v1/identify/auth', post(authBody(), bearer('prod-token-7c1e')));
    expect(await res.json()).toMatchObject({ code: 'upstream_error', msg: 'PassTo answered code 1001: platform disabled' });
  });
});
