import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  HttpError,
  NetworkError,
  PasstoError,
  ResponseError,
  TimeoutError,
  type ValidationError,
  createClient,
} from '../src/index.ts';
import {
  API_KEY,
  authBody,
  authOk,
  client,
  CUSTOMER_TOKEN,
  envelope,
  FAKE_TIMERS,
  fakeFetch,
  forbiddenFetch,
  hang,
  IDENT_CODE,
  OPEN_TOKEN,
  PLAT_ID,
  SIGNATURE_KEY,
  untilCalled,
} from './client-fake.ts';

afterEach(() => {
  vi.useRealTimers();
});

const NO_RETRY = { retry: 0 } as const;

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('identify/auth failures are told apart, and carry the trace', () => {
  it('HTTP 500 with envelope code 500 -> ApiError (code, msg, status, envelope trace)', async () => {
    const { fetch } = fakeFetch(envelope({ code: 500, msg: 'server error', trace: 'env-500' }, 500));
    const error = await failure(client(fetch, NO_RETRY).identify.auth(authBody(), { trace: 'req' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'ApiError', code: 500, msg: 'server error', status: 500, trace: 'env-500' });
  });

  it('HTTP 200 with code 1001 -> ApiError, the request trace when the envelope has none', async () => {
    const { fetch } = fakeFetch(envelope({ code: 1001, msg: 'sign error' }));
    const error = await failure(client(fetch).identify.auth(authBody(), { trace: 'req-1001' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 1001, msg: 'sign error', status: 200, trace: 'req-1001' });
  });

  it('HTTP 502 with an HTML page -> HttpError with status and a short excerpt', async () => {
    const html = `<html><body>Bad gateway ${'x'.repeat(500)}</body></html>`;
    const { fetch } = fakeFetch(new Response(html, { status: 502, headers: { 'Content-Type': 'text/html' } }));
    const error = await failure(client(fetch, NO_RETRY).identify.auth(authBody(), { trace: 'req-502' }));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 502, trace: 'req-502' });
    expect((error as HttpError).bodyExcerpt.startsWith('<html><body>Bad gateway')).toBe(true);
    expect((error as HttpError).bodyExcerpt.length).toBeLessThanOrEqual(200);
  });

  it('HTTP 404 with JSON that is not an envelope -> HttpError', async () => {
    const { fetch } = fakeFetch(new Response('{"error":"not found"}', { status: 404 }));
    await expect(client(fetch).identify.auth(authBody())).rejects.toMatchObject({ name: 'HttpError', status: 404 });
  });

  it('HTTP 200 that is not JSON -> ResponseError without issues', async () => {
    const { fetch } = fakeFetch(new Response('<html>maintenance</html>', { status: 200 }));
    const error = await failure(client(fetch).identify.auth(authBody(), { trace: 'req-html' }));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ status: 200, issues: [], trace: 'req-html' });
    expect(error.message).toContain('not JSON');
  });

  it('HTTP 200 with JSON but no envelope -> ResponseError naming the missing code', async () => {
    const { fetch } = fakeFetch(new Response('{"ok":true}'));
    const error = await failure(client(fetch).identify.auth(authBody()));
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).issues.map((i) => i.path)).toContain('code');
  });

  it('HTTP 200 code 0 with bad data -> ResponseError with an issue per bad field, envelope trace', async () => {
    const { fetch } = fakeFetch(envelope({ code: 0, data: { ident_code: 'not-hex', url: 'javascript:alert(1)' }, trace: 'env-bad' }));
    const error = await failure(client(fetch).identify.auth(authBody()));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ status: 200, trace: 'env-bad' });
    expect((error as ResponseError).issues.map((i) => i.path).sort()).toEqual(['data.ident_code', 'data.url']);
  });

  it('HTTP 200 code 0 with data null -> ResponseError on data', async () => {
    const { fetch } = fakeFetch(envelope({ code: 0, data: null }));
    const error = await failure(client(fetch).identify.auth(authBody()));
    expect((error as ResponseError).issues).toEqual([{ path: 'data', message: 'an object' }]);
  });

  it('fetch rejecting -> NetworkError with the cause', async () => {
    const cause = new TypeError('fetch failed');
    const { fetch } = fakeFetch(cause);
    const error = await failure(client(fetch, NO_RETRY).identify.auth(authBody(), { trace: 'req-net' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ trace: 'req-net' });
    expect(error.cause).toBe(cause);
  });

  it('a hanging fetch -> TimeoutError (scope attempt), and the fetch signal is aborted', async () => {
    vi.useFakeTimers(FAKE_TIMERS);
    const fake = fakeFetch(hang);
    const promise = failure(client(fake.fetch, { retry: 0, timeout: 1000 }).identify.auth(authBody(), { trace: 'req-hang' }));
    await untilCalled(fake.calls);
    await vi.advanceTimersByTimeAsync(1000);
    const error = await promise;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'attempt', timeout: 1000, trace: 'req-hang' });
    expect(fake.calls[0]!.signal?.aborted).toBe(true);
  });

  it('a missing fetch fails with a clear TypeError naming it', async () => {
    const c = createClient({ platId: PLAT_ID, apiKey: API_KEY, signatureKey: SIGNATURE_KEY });
    const original = globalThis.fetch;
    // @ts-expect-error: simulate a runtime without fetch
    globalThis.fetch = undefined;
    try {
      await expect(c.identify.auth(authBody())).rejects.toThrow(/fetch/);
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe('answers are read up to 1 MiB', () => {
  // A server streaming without end: counts the chunks pulled and whether reading was cancelled.
  function endless(status: number, headers: Record<string, string> = {}) {
    const seen = { pulls: 0, cancelled: false };
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const response = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            seen.pulls++;
            controller.enqueue(chunk);
          },
          cancel() {
            seen.cancelled = true;
          },
        }),
        { status, headers },
      );
    return { seen, response };
  }

  it('an endless 2xx body -> ResponseError saying it is too large, after reading just past 1 MiB', async () => {
    const { seen, response } = endless(200);
    const error = await failure(client(fakeFetch(response).fetch, { retry: 0, timeout: 5000 }).identify.auth(authBody(), { trace: 't-big' }));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toBe('Unexpected PassTo response (HTTP 200): the body is larger than 1048576 bytes');
    expect(error).toMatchObject({ status: 200, issues: [], trace: 't-big' });
    expect(seen.cancelled).toBe(true);
    // 16 chunks make 1 MiB; the stream may have pulled a few ahead of the reader.
    expect(seen.pulls).toBeLessThan(24);
  });

  it('an endless non-2xx body -> HttpError with the reason, and its status still decides the retry', async () => {
    const { seen, response } = endless(503);
    const fake = fakeFetch(response, authOk());
    const result = await client(fake.fetch, { retry: { baseDelay: 1, maxDelay: 1 } }).identify.auth(authBody());
    expect(result.ident_code).toBeDefined();
    expect(fake.calls).toHaveLength(2);
    expect(seen.cancelled).toBe(true);
    const error = await failure(client(fakeFetch(endless(502).response).fetch, NO_RETRY).identify.auth(authBody()));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toBe('HTTP 502: the body is larger than 1048576 bytes');
    expect(error).toMatchObject({ status: 502, bodyExcerpt: '' });
  });

  it('a body of exactly 1 MiB is read; one byte more is not', async () => {
    const ok = JSON.stringify({ code: 0, msg: 'ok', data: { ident_code: IDENT_CODE, url: 'https://c.example/x' } });
    const padded = ok + ' '.repeat(1024 * 1024 - ok.length);
    const result = await client(fakeFetch(new Response(padded)).fetch, NO_RETRY).identify.auth(authBody());
    expect(result.ident_code).toBe(IDENT_CODE);
    const over = await failure(client(fakeFetch(new Response(`${padded} `)).fetch, NO_RETRY).identify.auth(authBody()));
    expect(over).toBeInstanceOf(ResponseError);
  });
});

describe('identify/redirect failures', () => {
  it('200 without open_token -> ResponseError; code != 0 -> ApiError', async () => {
    const bad = fakeFetch(envelope({ code: 0, data: { open_token: '' } }));
    await expect(client(bad.fetch).identify.redirect({ ident_code: 'abc' })).rejects.toMatchObject({
      name: 'ResponseError',
      issues: [{ path: 'data.open_token', message: 'a non-empty string' }],
    });
    const used = fakeFetch(envelope({ code: 2003, msg: 'ident code used', trace: 'tr' }));
    await expect(client(used.fetch).identify.redirect({ ident_code: 'abc' })).rejects.toMatchObject({ name: 'ApiError', code: 2003, trace: 'tr' });
  });
});

describe('secrets never appear in errors', () => {
  const secrets = [API_KEY, SIGNATURE_KEY, CUSTOMER_TOKEN, OPEN_TOKEN, OPEN_TOKEN.slice('Bearer '.length)];

  // Everything an error exposes: message, String(), stack, toJSON, own values, and the cause's message.
  function exposed(error: Error): string {
    const parts = [
      error.message,
      String(error),
      error.stack ?? '',
      JSON.stringify(error),
      JSON.stringify(Object.values(error)),
      JSON.stringify(Object.getOwnPropertyNames(error).map((k) => (error as unknown as Record<string, unknown>)[k])),
    ];
    return parts.join('\n');
  }

  function expectClean(error: Error) {
    expect(error).toBeInstanceOf(PasstoError);
    const text = exposed(error);
    for (const secret of secrets) expect(text).not.toContain(secret);
  }

  // A server that echoes everything it received, in every way it can fail.
  const echo = (status: number, wrap: (received: string) => string) => async (_: RequestInfo | URL, init?: RequestInit) => {
    const received = `${String(init?.body)} ${JSON.stringify(Object.fromEntries(new Headers(init?.headers)))} ${OPEN_TOKEN}`;
    return new Response(wrap(received), { status });
  };

  it('ValidationError: a bad body holding the token, a token of the wrong type', async () => {
    const c = client(forbiddenFetch);
    expectClean(await failure(c.identify.auth({ ...authBody(), client_ip: CUSTOMER_TOKEN, customer_token: CUSTOMER_TOKEN, callback_url: API_KEY })));
    expectClean(await failure(c.identify.auth({ ...authBody(), custom_no: CUSTOMER_TOKEN as unknown as number } as never)));
    expectClean(await failure(c.identify.auth({ ...authBody(), token_expire: CUSTOMER_TOKEN } as never)));
    // Field paths are never redacted (issue 8): an unknown key is named as the caller wrote it.
    const unknown = (await failure(c.identify.auth({ ...authBody(), [CUSTOMER_TOKEN]: 1 } as never))) as ValidationError;
    expect(unknown.issues).toContainEqual({ path: CUSTOMER_TOKEN, message: 'unknown field' });
  });

  it('HttpError echoing the request body, headers and an open_token (raw and JSON-escaped) is redacted', async () => {
    const raw = await failure(client(echo(500, (r) => `<pre>${r}</pre>`) as typeof fetch, NO_RETRY).identify.auth(authBody()));
    expect(raw).toBeInstanceOf(HttpError);
    expect((raw as HttpError).bodyExcerpt).toContain('[redacted]');
    expectClean(raw);
    const escaped = await failure(client(echo(400, (r) => JSON.stringify({ error: r })) as typeof fetch).identify.auth(authBody()));
    expect(escaped).toBeInstanceOf(HttpError);
    expectClean(escaped);
    const redirect = await failure(client(echo(500, (r) => r) as typeof fetch, NO_RETRY).identify.redirect({ ident_code: 'c' }));
    expectClean(redirect);
  });

  it('ApiError whose msg echoes the token is redacted', async () => {
    const fetch = echo(200, (r) => JSON.stringify({ code: 1002, msg: `bad request: ${r}`, data: null }));
    const error = await failure(client(fetch as typeof globalThis.fetch).identify.auth(authBody()));
    expect(error).toBeInstanceOf(ApiError);
    expectClean(error);
  });

  it('ResponseError whose bad data holds the token names the field, not the value', async () => {
    const { fetch } = fakeFetch(envelope({ code: 0, data: { ident_code: CUSTOMER_TOKEN, url: OPEN_TOKEN } }));
    const error = await failure(client(fetch).identify.auth(authBody()));
    expect(error).toBeInstanceOf(ResponseError);
    expectClean(error);
    const redirect = fakeFetch(envelope({ code: 0, data: { open_token: 42, leaked: OPEN_TOKEN } }));
    expectClean(await failure(client(redirect.fetch).identify.redirect({ ident_code: 'c' })));
  });

  it('NetworkError and TimeoutError', async () => {
    const { fetch } = fakeFetch(new TypeError('fetch failed'));
    expectClean(await failure(client(fetch, NO_RETRY).identify.auth(authBody())));
    vi.useFakeTimers(FAKE_TIMERS);
    const hung = fakeFetch(hang);
    const promise = failure(client(hung.fetch, { retry: 0, timeout: 50 }).identify.auth(authBody()));
    await untilCalled(hung.calls);
    await vi.advanceTimersByTimeAsync(50);
    expectClean(await promise);
  });

  it('option errors name the option, never its value', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ apiKey: API_KEY, signatureKey: SIGNATURE_KEY }, 'platId'],
      [{ platId: PLAT_ID, apiKey: '', signatureKey: SIGNATURE_KEY }, 'apiKey'],
      [{ platId: PLAT_ID, apiKey: API_KEY }, 'signatureKey'],
      [{ platId: PLAT_ID, apiKey: API_KEY, signatureKey: 42 }, 'signatureKey'],
      // Not a header value: a runtime's own error would quote it (undici: `"..." is an invalid header value`).
      [{ platId: PLAT_ID, apiKey: `${API_KEY}\u0000x`, signatureKey: SIGNATURE_KEY }, 'apiKey'],
      [{ platId: PLAT_ID, apiKey: ` ${API_KEY}`, signatureKey: SIGNATURE_KEY }, 'apiKey'],
      [{ platId: PLAT_ID, apiKey: `${API_KEY}\r\nx-injected: 1`, signatureKey: SIGNATURE_KEY }, 'apiKey'],
      [{ platId: PLAT_ID, apiKey: API_KEY, signatureKey: SIGNATURE_KEY, lang: `en\n${API_KEY}` }, 'lang'],
      // A lone surrogate cannot be URL-encoded (encodeURIComponent throws a URIError naming nothing).
      [{ platId: `${API_KEY}\ud800`, apiKey: API_KEY, signatureKey: SIGNATURE_KEY }, 'platId'],
    ];
    for (const [options, name] of cases) {
      let error: unknown;
      try {
        createClient(options as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeError);
      const text = `${(error as Error).message} ${(error as Error).stack}`;
      expect(text).toContain(`\`${name}\``);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it('NetworkError names the cause chain with every secret removed, and drops a cause that quoted one', async () => {
    // What undici says for a header value it refuses, and a runtime quoting the body it sent.
    const quoting = new TypeError(`Headers.append: "${API_KEY}" is an invalid header value.`, {
      cause: new Error(`while sending {"customer_token":"${CUSTOMER_TOKEN}"} signed with ${SIGNATURE_KEY}`),
    });
    const { fetch } = fakeFetch(quoting);
    const error = await failure(client(fetch, NO_RETRY).identify.auth(authBody()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(
      'Network failure: Headers.append: "[redacted]" is an invalid header value.: while sending {"customer_token":"[redacted]"} signed with [redacted]',
    );
    expectClean(error);
    expect(error.cause).toBeUndefined();
    expect(`${JSON.stringify(error)} ${error.stack}`).not.toContain(API_KEY);
  });

  it('NetworkError still names the root cause (undici: fetch failed, then ECONNREFUSED) and keeps a clean cause', async () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const cause = new TypeError('fetch failed', { cause: root });
    const error = await failure(client(fakeFetch(cause).fetch, NO_RETRY).identify.auth(authBody()));
    expect(error.message).toBe('Network failure: fetch failed: connect ECONNREFUSED 127.0.0.1:1');
    expect(error.cause).toBe(cause);
    // A code the message does not state is added; a cause that is no Error is named by its code.
    const bun = Object.assign(new TypeError('Unable to connect'), { code: 'ECONNREFUSED' });
    expect((await failure(client(fakeFetch(bun).fetch, NO_RETRY).identify.auth(authBody()))).message).toBe(
      'Network failure: Unable to connect (ECONNREFUSED)',
    );
    // Built without a redaction (as a user may), only codes and names are shown.
    expect(new NetworkError({ cause: new TypeError(`bad ${API_KEY}`, { cause: root }) }).message).toBe('Network failure: TypeError: ECONNREFUSED');
  });

  it('ValidationError also redacts nothing it never had: its issues carry no values', async () => {
    const error = (await failure(client(forbiddenFetch).identify.auth({ ...authBody(), customer_token: '' }))) as ValidationError;
    expect(error.issues).toEqual([{ path: 'customer_token', message: 'a non-empty string' }]);
  });
});
