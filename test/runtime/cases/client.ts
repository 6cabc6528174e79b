/**
 * Client conformance: `createClient` with an injected fake `fetch` (no network on any runtime)
 * sends identify/auth to the right URL with the right headers, the exact body bytes, and the
 * signature computed with node:crypto outside the suite (test/vectors/conformance.json).
 */
import { ApiError, createClient, HttpError, isPasstoError, ValidationError } from '../../../src/index.ts';
import vectors from '../../vectors/conformance.json' with { type: 'json' };
import { assert, assertEqual, assertRejects, type Case, group } from '../harness.ts';

const v = vectors.client;
const BASE = 'https://cashier.example.test/api';
const TRACE = 'trace-conformance-0001';
const IDENT_CODE = '0123456789abcdef0123456789abcdef';
const CASHIER_URL = `https://cashier.example.test/pay?ident_code=${IDENT_CODE}`;

interface Call {
  url: string;
  method: string | undefined;
  headers: Headers;
  body: string;
}

/** A fetch that records each call and answers with `answer()`. */
function fakeFetch(answer: () => Response): { fetch: typeof globalThis.fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push({ url: request.url, method: request.method, headers: request.headers, body: await request.text() });
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const success = () =>
  Response.json({ code: 0, msg: 'success', data: { ident_code: IDENT_CODE, url: CASHIER_URL }, trace: 'server-trace-1' });

const options = (fetch: typeof globalThis.fetch) => ({
  platId: v.plat_id,
  apiKey: v.api_key,
  signatureKey: v.signature_key,
  baseUrl: BASE,
  fetch,
  retry: 0,
});

/** Fails when any secret of the vectors appears in the error's message or JSON. */
function assertNoSecrets(error: unknown, what: string): void {
  const text = `${String(error)} ${JSON.stringify(error)}`;
  for (const secret of [v.api_key, v.signature_key, v.input.customer_token]) {
    assert(!text.includes(secret), `${what} leaks a secret: ${text.slice(0, 200)}`);
  }
}

export const clientCases: Case[] = group('client', [
  {
    name: 'identify.auth POSTs the exact signed bytes with trace, api-key, signature, lang and Content-Type',
    async run() {
      const { fetch, calls } = fakeFetch(success);
      const result = await createClient(options(fetch)).identify.auth(v.input, { trace: TRACE });
      assertEqual(calls.length, 1, 'fetch calls');
      const call = calls[0]!;
      assertEqual(call.url, `${BASE}${v.path}?platId=${v.plat_id}`, 'URL');
      assertEqual(call.method, 'POST', 'method');
      assertEqual(call.body, v.body, 'body bytes');
      assertEqual(call.headers.get('signature'), v.signature, 'signature header');
      assertEqual(call.headers.get('api-key'), v.api_key, 'api-key header');
      assertEqual(call.headers.get('trace'), TRACE, 'trace header');
      assertEqual(call.headers.get('lang'), 'en-US', 'lang header');
      assertEqual(call.headers.get('content-type'), 'application/json', 'Content-Type header');
      assertEqual(result.ident_code, IDENT_CODE, 'ident_code');
      assertEqual(result.url, CASHIER_URL, 'url');
      assertEqual(result.trace, 'server-trace-1', 'trace of the answer');
    },
  },
  {
    name: 'customerNoField and platIdParam rename the number field and the query parameter, and the signature follows',
    async run() {
      const { fetch, calls } = fakeFetch(success);
      const client = createClient({ ...options(fetch), customerNoField: 'customer_no', platIdParam: 'plat_id' });
      await client.identify.auth(v.input, { trace: TRACE, lang: 'zh-CN' });
      const call = calls[0]!;
      assertEqual(call.url, `${BASE}${v.path}?plat_id=${v.plat_id}`, 'URL');
      assertEqual(call.body, v.body_customer_no, 'body bytes');
      assertEqual(call.headers.get('signature'), v.signature_customer_no, 'signature header');
      assertEqual(call.headers.get('lang'), 'zh-CN', 'lang header');
    },
  },
  {
    name: 'invalid input rejects with a ValidationError naming the fields, sends nothing, leaks no token',
    async run() {
      const { fetch, calls } = fakeFetch(success);
      const bad = { ...v.input, token_expire: 12, client_ip: 'not an ip' };
      const error = await assertRejects(createClient(options(fetch)).identify.auth(bad, { trace: TRACE }), 'auth with bad input');
      assert(error instanceof ValidationError, `a ValidationError, got ${String(error)}`);
      const paths = error.issues.map((i) => i.path);
      assert(paths.includes('token_expire') && paths.includes('client_ip'), `issues name both fields: ${paths.join(', ')}`);
      assertEqual(error.trace, TRACE, 'trace');
      assertEqual(calls.length, 0, 'fetch calls');
      assertNoSecrets(error, 'the ValidationError');
    },
  },
  {
    name: 'an envelope with a non-zero code rejects with ApiError; a non-2xx page with HttpError; both carry the trace',
    async run() {
      const api = fakeFetch(() => Response.json({ code: 500, msg: 'server error', data: null, trace: 'server-trace-2' }));
      const apiError = await assertRejects(createClient(options(api.fetch)).identify.auth(v.input, { trace: TRACE }), 'code 500');
      assert(apiError instanceof ApiError && isPasstoError(apiError, 'ApiError'), `an ApiError, got ${String(apiError)}`);
      assertEqual(apiError.code, 500, 'code');
      assertEqual(apiError.msg, 'server error', 'msg');
      assertEqual(apiError.trace, 'server-trace-2', 'trace');
      assertNoSecrets(apiError, 'the ApiError');

      const http = fakeFetch(() => new Response('<html>502 Bad Gateway</html>', { status: 502 }));
      const httpError = await assertRejects(createClient(options(http.fetch)).identify.auth(v.input, { trace: TRACE }), 'HTTP 502');
      assert(httpError instanceof HttpError, `an HttpError, got ${String(httpError)}`);
      assertEqual(httpError.status, 502, 'status');
      assertEqual(httpError.trace, TRACE, 'trace');
      assertEqual(http.calls.length, 1, 'no retry with retry: 0');
    },
  },
]);
