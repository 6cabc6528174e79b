import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { createClient, createSigner } from '../src/index.ts';
import { IdentifyAuthInputSchema, IdentifyAuthResponseSchema } from '../src/schemas/identify-auth.ts';
import {
  API_KEY,
  authBody,
  authOk,
  CASHIER_URL,
  client,
  CUSTOMER_TOKEN,
  fakeFetch,
  IDENT_CODE,
  OPEN_TOKEN,
  PLAT_ID,
  redirectOk,
  SIGNATURE_KEY,
} from './client-fake.ts';

const nodeSign = (path: string, body: string) => createHmac('sha1', SIGNATURE_KEY).update(path + body).digest('base64');

describe('identify/auth on the wire', () => {
  it('posts the exact URL, headers, compact body bytes and an independently recomputed signature', async () => {
    const fake = fakeFetch(authOk('resp-trace-1'));
    const result = await client(fake.fetch).identify.auth(authBody(), { trace: 'my-trace-1' });
    expect(result).toEqual({ ident_code: IDENT_CODE, url: CASHIER_URL, trace: 'resp-trace-1' });
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.url).toBe(`https://cashier.passto.credit/api/v1/platform/identify/auth?platId=${encodeURIComponent(PLAT_ID)}`);
    expect(call.url).toContain('?platId=plat%2042%2F%C3%BC');
    expect(call.method).toBe('POST');
    const expectedBody =
      `{"custom_no":"order-1001","customer_token":"${CUSTOMER_TOKEN}","token_expire":4102444800000,` +
      '"callback_url":"https://shop.example/passto/callback","client_ip":"203.0.113.7"}';
    expect(call.body).toBe(expectedBody);
    expect(call.headers).toEqual({
      trace: 'my-trace-1',
      'api-key': API_KEY,
      signature: nodeSign('/v1/platform/identify/auth', expectedBody),
      lang: 'en-US',
      'content-type': 'application/json',
    });
  });

  it('keeps the schema order of fields, sends optional ones and credit-limit cards (numbers as decimal strings)', async () => {
    const fake = fakeFetch(authOk());
    const { client_ip, ...rest } = authBody();
    await client(fake.fetch).identify.auth({
      credit_limit_available_cards: [
        { tag: 'A', amount: 10001.23, currency: 'CNY', icon: 'https://x.example/i.png', input: '<b>A</b>' },
        { tag: 'B', amount: '0.50', currency: 'USD', icon: '', input: '' },
      ],
      session_sign: 's-1',
      client_ip,
      ...rest,
      credit_limit_tag: 'A',
    });
    const body = fake.calls[0]!.body;
    expect(Object.keys(JSON.parse(body))).toEqual([
      'custom_no',
      'customer_token',
      'token_expire',
      'callback_url',
      'client_ip',
      'session_sign',
      'credit_limit_tag',
      'credit_limit_available_cards',
    ]);
    expect(body).toContain('"amount":"10001.23"');
    expect(body).toContain('"amount":"0.50"');
    expect(fake.calls[0]!.headers['signature']).toBe(nodeSign('/v1/platform/identify/auth', body));
  });

  it('plat_id and customer_no options rename the query parameter and the sent field, in place', async () => {
    const fake = fakeFetch(authOk());
    await client(fake.fetch, { platIdParam: 'plat_id', customerNoField: 'customer_no' }).identify.auth(authBody());
    const call = fake.calls[0]!;
    expect(new URL(call.url).search).toBe(`?plat_id=${encodeURIComponent(PLAT_ID)}`);
    expect(call.body.startsWith('{"customer_no":"order-1001","customer_token":')).toBe(true);
    expect(call.body).not.toContain('custom_no');
    expect(call.headers['signature']).toBe(nodeSign('/v1/platform/identify/auth', call.body));
    // The client signs with WebCrypto: it must agree with the library's own noble signer too.
    expect(call.headers['signature']).toBe(createSigner(SIGNATURE_KEY)('/v1/platform/identify/auth', call.body));
  });

  it('signs the path relative to the base, whatever the base (dev gateway, trailing slash)', async () => {
    const fake = fakeFetch(authOk());
    await client(fake.fetch, { baseUrl: 'https://dev.passto.example/dg/' }).identify.auth(authBody());
    const call = fake.calls[0]!;
    expect(call.url.startsWith('https://dev.passto.example/dg/v1/platform/identify/auth?platId=')).toBe(true);
    expect(call.headers['signature']).toBe(nodeSign('/v1/platform/identify/auth', call.body));
  });

  it('a base with an empty query or fragment marker still gives a well-formed URL', async () => {
    for (const baseUrl of ['https://h.example/api?', 'https://h.example/api/#', 'HTTPS://H.example:443/api//']) {
      const fake = fakeFetch(authOk());
      await client(fake.fetch, { baseUrl }).identify.auth(authBody());
      expect(fake.calls[0]!.url).toBe(`https://h.example/api/v1/platform/identify/auth?platId=${encodeURIComponent(PLAT_ID)}`);
    }
  });

  it('lang: default en-US, client option, per-call override', async () => {
    const fake = fakeFetch(authOk());
    await client(fake.fetch).identify.auth(authBody());
    await client(fake.fetch, { lang: 'zh-CN' }).identify.auth(authBody());
    await client(fake.fetch, { lang: 'zh-CN' }).identify.auth(authBody(), { lang: 'ja-JP' });
    expect(fake.calls.map((c) => c.headers['lang'])).toEqual(['en-US', 'zh-CN', 'ja-JP']);
  });

  it('generates a fresh trace when none is given, and returns it when the envelope has none', async () => {
    const fake = fakeFetch(authOk());
    const c = client(fake.fetch);
    const first = await c.identify.auth(authBody());
    const second = await c.identify.auth(authBody());
    const sent = fake.calls.map((call) => call.headers['trace']!);
    expect(sent[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(sent[1]).not.toBe(sent[0]);
    expect([first.trace, second.trace]).toEqual(sent);
  });

  it('looks up globalThis.fetch at call time, so a fetch installed after createClient is used', async () => {
    const c = createClient({ platId: PLAT_ID, apiKey: API_KEY, signatureKey: SIGNATURE_KEY });
    const fake = fakeFetch(authOk());
    const original = globalThis.fetch;
    globalThis.fetch = fake.fetch;
    try {
      await c.identify.auth(authBody());
    } finally {
      globalThis.fetch = original;
    }
    expect(fake.calls).toHaveLength(1);
  });

  it('tolerates extra fields in the envelope and in data', async () => {
    const fake = fakeFetch(
      new Response(JSON.stringify({ code: 0, msg: 'ok', trace: 't', extra: 1, data: { ident_code: IDENT_CODE, url: CASHIER_URL, more: true } })),
    );
    await expect(client(fake.fetch).identify.auth(authBody())).resolves.toEqual({ ident_code: IDENT_CODE, url: CASHIER_URL, trace: 't' });
  });

  it('the exported schemas work on their own (for the gateway and users)', () => {
    expect(v.safeParse(IdentifyAuthInputSchema, authBody()).success).toBe(true);
    expect(v.safeParse(IdentifyAuthInputSchema, { ...authBody(), customer_no: 'x' }).success).toBe(false);
    const response = { code: 0, msg: 'success', trace: 't', data: { ident_code: IDENT_CODE, url: CASHIER_URL } };
    expect(v.safeParse(IdentifyAuthResponseSchema, response).success).toBe(true);
    expect(v.safeParse(IdentifyAuthResponseSchema, { ...response, data: { ident_code: 'xyz', url: CASHIER_URL } }).success).toBe(false);
  });
});

describe('identify/redirect on the wire', () => {
  it('posts {ident_code} unsigned to /v1/identify/redirect with trace and Content-Type only', async () => {
    const fake = fakeFetch(redirectOk('resp-trace-2'));
    const result = await client(fake.fetch).identify.redirect({ ident_code: IDENT_CODE }, { trace: 'tr-9' });
    expect(result).toEqual({ open_token: OPEN_TOKEN, trace: 'resp-trace-2' });
    const call = fake.calls[0]!;
    expect(call.url).toBe('https://cashier.passto.credit/api/v1/identify/redirect');
    expect(call.method).toBe('POST');
    expect(call.body).toBe(`{"ident_code":"${IDENT_CODE}"}`);
    expect(call.headers).toEqual({ trace: 'tr-9', 'content-type': 'application/json' });
  });
});

describe('signing large bodies by WebCrypto (async-signer.ts)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('a runtime without crypto.subtle (an insecure browser context) still signs: the client signs with noble', async () => {
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto), randomUUID: crypto.randomUUID.bind(crypto) });
    const fake = fakeFetch(authOk());
    await client(fake.fetch).identify.auth(authBody());
    expect(fake.calls[0]!.headers['signature']).toBe(nodeSign('/v1/platform/identify/auth', fake.calls[0]!.body));
  });

  it('a platform-size call never touches WebCrypto', async () => {
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const fake = fakeFetch(authOk());
    await client(fake.fetch).identify.auth(authBody());
    expect(sign).not.toHaveBeenCalled();
    expect(fake.calls[0]!.headers['signature']).toBe(nodeSign('/v1/platform/identify/auth', fake.calls[0]!.body));
  });
});
