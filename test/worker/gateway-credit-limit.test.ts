/** POST /v1/credit-limit: PassTo's signed question, answered from CREDIT_LIMIT_STATIC or the backend. */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, startBackend } from './backend.ts';
import { type GatewayHarness, startGateway } from './harness.ts';
import { creditLimitCall } from './signed.ts';

describe('credit limit from CREDIT_LIMIT_STATIC (development values)', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.dispose());

  it('answers the spec shape with amounts at the requested digits', async () => {
    const res = await gw.fetch('/v1/credit-limit', creditLimitCall({ digits: 0 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: { tag: 'default', inputs: [{ tag: 'default', amount: '5000', currency: 'CNY', icon: '', input: '<b>Available credit</b>' }] },
    });
  });

  it('refuses a bad signature with 401 and a non-credit-limit body with 400', async () => {
    expect((await gw.fetch('/v1/credit-limit', creditLimitCall({}, 'wrong'))).status).toBe(401);
    const body = JSON.stringify({ type: 'PAY_SUCCESS', data: {} });
    const signature = createHmac('sha1', 'sandbox-signature-key').update(`/v1/credit-limit${body}`).digest('base64');
    expect((await gw.fetch('/v1/credit-limit', { method: 'POST', body, headers: { signature, token: 't' } })).status).toBe(400);
  });
});

describe('credit-limit configuration errors answer 503 not_configured', () => {
  it.each([
    ['CREDIT_LIMIT_URL without FORWARD_SIGNATURE_KEY (never call the backend unsigned)', { CREDIT_LIMIT_URL: 'http://127.0.0.1:9/limits' }],
    ['a CREDIT_LIMIT_URL that is not a URL', { CREDIT_LIMIT_URL: 'limits please', FORWARD_SIGNATURE_KEY: 'k' }],
    ['a CREDIT_LIMIT_STATIC that is not JSON', { CREDIT_LIMIT_STATIC: '{oops' }],
    ['a CREDIT_LIMIT_STATIC of the wrong shape', { CREDIT_LIMIT_STATIC: JSON.stringify({ tag: 'x' }) }],
  ])('%s', async (_name, vars) => {
    const gw = await startGateway({ vars });
    try {
      const res = await gw.fetch('/v1/credit-limit', creditLimitCall());
      expect(res.status).toBe(503);
      expect(((await res.json()) as { code: string }).code).toBe('not_configured');
    } finally {
      await gw.dispose();
    }
  });
});

describe('credit limit from CREDIT_LIMIT_URL', () => {
  let backend: Backend;
  let gw: GatewayHarness;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startGateway({
      vars: { CREDIT_LIMIT_URL: `${backend.url}/limits`, FORWARD_SIGNATURE_KEY: 'fwd-key', CREDIT_LIMIT_TIMEOUT_MS: '1000' },
    });
  });
  afterAll(async () => {
    await gw.dispose();
    await backend.close();
  });

  it('asks the backend with a signed {customer_token, lang, currency, digits, tag} and cuts amounts toward zero', async () => {
    backend.received.length = 0;
    backend.respond = () => ({
      status: 200,
      body: JSON.stringify({ tag: 'vip', inputs: [{ tag: 'vip', amount: '1234.5678', currency: 'CNY', icon: 'https://x/i.png', input: '<i>VIP</i>' }] }),
    });
    const res = await gw.fetch('/v1/credit-limit', creditLimitCall({ tag: 'vip', digits: 2 }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { inputs: { amount: string }[] } }).data.inputs[0]!.amount).toBe('1234.56');
    const [sent] = backend.received;
    expect(JSON.parse(sent!.body)).toEqual({ customer_token: 'tok-user-1', lang: 'zh-CN', currency: 'CNY', digits: 2, tag: 'vip' });
    expect(sent!.headers.signature).toBe(createHmac('sha1', 'fwd-key').update(`/limits${sent!.body}`).digest('base64'));
  });

  it.each([
    ['an error status', { status: 500, body: 'down' }, 502, 'upstream_error'],
    ['a body of the wrong shape', { status: 200, body: JSON.stringify({ tag: 'x', inputs: [{ amount: 'lots' }] }) }, 502, 'upstream_error'],
    ['no answer in time', { status: 200, body: '{}', delayMs: 2500 }, 504, 'upstream_timeout'],
  ])('maps %s to its error', async (_name, answer, status, code) => {
    backend.respond = () => answer;
    const res = await gw.fetch('/v1/credit-limit', creditLimitCall());
    expect(res.status).toBe(status);
    expect(((await res.json()) as { code: string }).code).toBe(code);
  });
});
