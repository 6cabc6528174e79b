import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { CreditLimitRequest } from '../src/index.ts';
import { httpErrorResponse, type PasstoVariables, passtoCreditLimit } from '../src/hono.ts';
import { createSignedCreditLimitRequest, TEST_CUSTOMER_TOKEN } from '../src/testing.ts';
import { ApiError, SignatureError, TimeoutError, ValidationError } from '../src/index.ts';

const KEY = 'credit-limit-key-'.repeat(6);
const URL_ = 'http://localhost/api/v1/credit-pay/notify';
const ICON = 'https://cdn.example/credit.png';

function setup(resolve: (call: CreditLimitRequest) => unknown) {
  const app = new Hono();
  const errors: unknown[] = [];
  app.post(
    '/api/v1/credit-pay/notify',
    passtoCreditLimit({ keys: KEY, resolve: (call) => resolve(call) as never, onError: (error) => errors.push(error) }),
  );
  return { app, errors };
}

describe('passtoCreditLimit', () => {
  it("answers the spec's shape with amounts cut to the requested digits", async () => {
    const calls: CreditLimitRequest[] = [];
    const { app } = setup((call) => {
      calls.push(call);
      return { tag: 'main', inputs: [{ tag: 'main', amount: '1234.5678', currency: call.currency, icon: ICON, input: `<p>${call.lang}</p>` }] };
    });
    const response = await app.request(createSignedCreditLimitRequest({ url: URL_, key: KEY, data: { currency: 'USD', digits: 3 }, lang: 'zh-CN' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      data: { tag: 'main', inputs: [{ tag: 'main', amount: '1234.567', currency: 'USD', icon: ICON, input: '<p>zh-CN</p>' }] },
    });
    expect(calls[0]).toMatchObject({ customer_token: TEST_CUSTOMER_TOKEN, lang: 'zh-CN', currency: 'USD', digits: 3, tag: '' });
  });

  it('answers 401 for a forged call without asking resolve', async () => {
    let asked = false;
    const { app } = setup(() => {
      asked = true;
      return { tag: '', inputs: [] };
    });
    const response = await app.request(createSignedCreditLimitRequest({ url: URL_, key: 'forger', headers: { trace: 'c1' } }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'bad_signature', trace: 'c1' });
    expect(asked).toBe(false);
  });

  it('answers 400 for a signed call without token', async () => {
    const { app } = setup(() => ({ tag: '', inputs: [] }));
    const response = await app.request(createSignedCreditLimitRequest({ url: URL_, key: KEY, headers: { token: null } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_request', msg: expect.stringContaining('token') });
  });

  it('answers 500 resolve_failed, revealing nothing, when resolve throws', async () => {
    const { app, errors } = setup(() => {
      throw new Error('SELECT * FROM users WHERE token=secret-db-detail');
    });
    const response = await app.request(createSignedCreditLimitRequest({ url: URL_, key: KEY, headers: { trace: 'c2' } }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toStrictEqual({ code: 'resolve_failed', msg: expect.any(String), trace: 'c2' });
    expect(text).not.toContain('secret-db-detail');
    expect(errors).toHaveLength(1);
  });

  it('answers 500 invalid_credit_limit naming the field when resolve returns a bad limit', async () => {
    const { app } = setup(() => ({ tag: 'main', inputs: [{ tag: 'main', amount: 'lots', currency: 'CNY', icon: ICON, input: '' }] }));
    const response = await app.request(createSignedCreditLimitRequest({ url: URL_, key: KEY }));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { code: string; msg: string };
    expect(body.code).toBe('invalid_credit_limit');
    expect(body.msg).toContain('inputs.0.amount');
    expect(body.msg).not.toContain('lots');
  });

  it('answers 500 invalid_credit_limit with a fixed message, not the error, when reading the limit throws', async () => {
    const { app, errors } = setup(() => ({
      tag: 'main',
      get inputs(): never {
        throw new Error('connection string postgres://admin:hunter2@db');
      },
    }));
    const response = await app.request(createSignedCreditLimitRequest({ url: URL_, key: KEY, headers: { trace: 'c3' } }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toStrictEqual({ code: 'invalid_credit_limit', msg: expect.any(String), trace: 'c3' });
    expect(text).not.toContain('hunter2');
    expect(errors).toHaveLength(1);
  });

  it('answers 500 invalid_credit_limit for a negative amount, never a cut one', async () => {
    const { app } = setup(() => ({ tag: 'main', inputs: [{ tag: 'main', amount: '-1.005', currency: 'CNY', icon: ICON, input: '' }] }));
    const response = await app.request(createSignedCreditLimitRequest({ url: URL_, key: KEY }));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { code: string; msg: string };
    expect(body).toMatchObject({ code: 'invalid_credit_limit', msg: expect.stringContaining('inputs.0.amount: a non-negative amount') });
  });

  it('tells onError about a keys function that returns nothing, and answers 500', async () => {
    const errors: unknown[] = [];
    const app = new Hono();
    app.post('/api/v1/credit-pay/notify', passtoCreditLimit({ keys: () => undefined as never, resolve: () => ({ tag: '', inputs: [] }), onError: (e) => errors.push(e) }));
    const response = await app.request(createSignedCreditLimitRequest({ url: URL_, key: KEY }));
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 'internal_error' });
    expect(errors).toHaveLength(1);
  });

  it('puts the verified call on the context', async () => {
    type Env = { Variables: PasstoVariables };
    const app = new Hono<Env>();
    let seen: CreditLimitRequest | undefined;
    app.post(
      '/limit',
      passtoCreditLimit<Env>({
        keys: KEY,
        resolve: (_call, c) => {
          seen = c.get('passtoCreditLimitRequest');
          return { tag: '', inputs: [] };
        },
      }),
    );
    await app.request(createSignedCreditLimitRequest({ url: 'http://localhost/limit', key: KEY }));
    expect(seen).toMatchObject({ customer_token: TEST_CUSTOMER_TOKEN });
  });

  it('passes an HTTPException thrown by resolve through to Hono: its own response by default, else app.onError', async () => {
    const { app, errors } = setup(() => {
      throw new HTTPException(503, { res: new Response('{"code":"backend_down"}', { status: 503, headers: { 'content-type': 'application/json' } }) });
    });
    const response = await app.request(createSignedCreditLimitRequest({ url: URL_, key: KEY }));
    expect(response.status).toBe(503);
    expect(await response.json()).toStrictEqual({ code: 'backend_down' });
    expect(errors).toHaveLength(0); // an answer, not a failure to report

    const mapped = new Hono();
    mapped.onError((error, c) => c.json({ mine: true, status: error instanceof HTTPException ? error.status : 0 }, 502));
    mapped.post(
      '/limit',
      passtoCreditLimit({
        keys: KEY,
        resolve: () => {
          throw new HTTPException(504, { message: 'the backend did not answer' });
        },
      }),
    );
    const answer = await mapped.request(createSignedCreditLimitRequest({ url: 'http://localhost/limit', key: KEY }));
    expect(answer.status).toBe(502);
    expect(await answer.json()).toStrictEqual({ mine: true, status: 504 });
  });

  it('passes an HTTPException thrown by keys through, and answers refusals with respond when given', async () => {
    const app = new Hono();
    app.onError((error, c) => c.json({ from: 'app.onError', status: error instanceof HTTPException ? error.status : 0 }, 503));
    let configured = false;
    app.post(
      '/limit',
      passtoCreditLimit({
        keys: () => {
          if (!configured) throw new HTTPException(503, { message: 'no key set' });
          return KEY;
        },
        resolve: () => ({ tag: '', inputs: [] }),
        respond: (error, c) => c.json({ from: 'respond', refused: error instanceof SignatureError ? error.reason : 'other' }, 401),
        onError: () => {
          throw new Error('onError must not be called for a refusal or an HTTPException');
        },
      }),
    );
    const missingKey = await app.request(createSignedCreditLimitRequest({ url: 'http://localhost/limit', key: KEY }));
    expect(missingKey.status).toBe(503);
    expect(await missingKey.json()).toStrictEqual({ from: 'app.onError', status: 503 });
    configured = true;
    const forged = await app.request(createSignedCreditLimitRequest({ url: 'http://localhost/limit', key: 'forger' }));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toStrictEqual({ from: 'respond', refused: 'mismatch' });
    expect((await app.request(createSignedCreditLimitRequest({ url: 'http://localhost/limit', key: KEY }))).status).toBe(200);
  });

  it('checks its options at creation', () => {
    expect(() => passtoCreditLimit({ keys: KEY } as never)).toThrow(/resolve/);
    expect(() => passtoCreditLimit({ resolve: () => ({ tag: '', inputs: [] }) } as never)).toThrow(/keys/);
    expect(() => passtoCreditLimit({ keys: KEY, resolve: () => ({ tag: '', inputs: [] }), respond: 'json' as never })).toThrow(/respond/);
  });
});

describe('httpErrorResponse', () => {
  it('maps each error kind to one status and code, keeping the trace', () => {
    expect(httpErrorResponse(new SignatureError({ reason: 'mismatch', trace: 't' }))).toMatchObject({ status: 401, code: 'bad_signature', trace: 't' });
    expect(httpErrorResponse(new ValidationError([{ path: 'a', message: 'b' }]), 'h')).toMatchObject({ status: 400, code: 'invalid_request', trace: 'h' });
    expect(httpErrorResponse(new ApiError({ code: 7, msg: 'no', status: 200 }))).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(httpErrorResponse(new TimeoutError({ timeout: 5, scope: 'attempt' }))).toMatchObject({ status: 504, code: 'upstream_timeout' });
  });

  it('answers 500 with a fixed message for anything else', () => {
    for (const error of [new Error('secret detail'), 'text', null, Object.assign(new Error('x'), { name: 'toString', trace: 'y' })]) {
      expect(httpErrorResponse(error, 'tr')).toStrictEqual({ status: 500, code: 'internal_error', msg: 'internal error', trace: 'tr' });
    }
  });
});
