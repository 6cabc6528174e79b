import { describe, expect, it, vi } from 'vitest';
import { ApiError, HttpError, NetworkError, TimeoutError } from '../src/index.ts';
import {
  authBody,
  authOk,
  client,
  envelope,
  fakeFetch,
  hang,
  IDENT_CODE,
  redirectOk,
  settle,
  untilCalled,
  useFakeClock,
} from './client-fake.ts';
import { type Exchange, send } from '../src/transport.ts';
import { parseRetryAfter } from '../src/retry.ts';

useFakeClock();

const unavailable = (headers: Record<string, string> = {}) => envelope({ code: 503, msg: 'busy' }, 503, headers);
const gaps = (calls: { at: number }[]) => calls.slice(1).map((c, i) => c.at - calls[i]!.at);

describe('identify/auth retries', () => {
  it('retries 503 twice with full-jitter backoff, resending the same trace, bytes and signature', async () => {
    const fake = fakeFetch(unavailable(), unavailable(), authOk());
    const { value } = await settle(client(fake.fetch).identify.auth(authBody()));
    expect(value?.ident_code).toBe(IDENT_CODE);
    expect(fake.calls).toHaveLength(3);
    const [first, ...rest] = fake.calls;
    for (const call of rest) {
      expect(call.body).toBe(first!.body);
      expect(call.headers).toEqual(first!.headers);
      expect(call.url).toBe(first!.url);
    }
    const [g1, g2] = gaps(fake.calls);
    expect(g1).toBeGreaterThanOrEqual(0);
    expect(g1).toBeLessThan(300);
    expect(g2).toBeGreaterThanOrEqual(0);
    expect(g2).toBeLessThan(600);
  });

  it('draws each wait uniformly below min(maxDelay, baseDelay * 2^n): exact with a fixed random', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const fake = fakeFetch(unavailable(), unavailable(), unavailable(), unavailable(), authOk());
    await settle(client(fake.fetch, { retry: { limit: 4, baseDelay: 100, maxDelay: 300 } }).identify.auth(authBody()));
    expect(fake.calls).toHaveLength(5);
    expect(gaps(fake.calls)).toEqual([50, 100, 150, 150]);
  });

  it('gives up after the limit with the last answer’s error', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const fake = fakeFetch(envelope({ code: 429, msg: 'slow down' }, 429));
    const { error } = await settle(client(fake.fetch).identify.auth(authBody()));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 429, status: 429 });
    expect(fake.calls).toHaveLength(3);
    const [g1, g2] = gaps(fake.calls);
    // Just under the bounds (the fake clock counts whole milliseconds).
    expect(g1).toBeGreaterThanOrEqual(299);
    expect(g1).toBeLessThan(300);
    expect(g2).toBeGreaterThanOrEqual(599);
    expect(g2).toBeLessThan(600);
  });

  it('retries 429, 502, 504 and network failures; not 500, 400 or an API error on 200', async () => {
    const retried = [
      envelope({ code: 429, msg: 'x' }, 429),
      new Response('<html>bad gateway</html>', { status: 502 }),
      new Response('', { status: 504 }),
      new TypeError('fetch failed'),
    ];
    for (const answer of retried) {
      const fake = fakeFetch(answer, authOk());
      const { value } = await settle(client(fake.fetch).identify.auth(authBody()));
      expect(value?.ident_code).toBe(IDENT_CODE);
      expect(fake.calls).toHaveLength(2);
    }
    const final = [
      envelope({ code: 500, msg: 'server error' }, 500),
      new Response('bad request', { status: 400 }),
      envelope({ code: 1001, msg: 'sign error' }),
    ];
    for (const answer of final) {
      const fake = fakeFetch(answer, authOk());
      const { error } = await settle(client(fake.fetch).identify.auth(authBody()));
      expect(error).toBeDefined();
      expect(fake.calls).toHaveLength(1);
    }
  });

  it('retries an attempt that timed out', async () => {
    const fake = fakeFetch(hang, authOk());
    const { value } = await settle(client(fake.fetch, { timeout: 1000 }).identify.auth(authBody()));
    expect(value?.ident_code).toBe(IDENT_CODE);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[0]!.signal?.aborted).toBe(true);
  });

  it('retry: 0 makes one attempt', async () => {
    const fake = fakeFetch(unavailable(), authOk());
    const { error } = await settle(client(fake.fetch, { retry: 0 }).identify.auth(authBody()));
    expect(error).toBeInstanceOf(ApiError);
    expect(fake.calls).toHaveLength(1);
    const network = fakeFetch(new TypeError('fetch failed'), authOk());
    expect((await settle(client(network.fetch, { retry: { limit: 0 } }).identify.auth(authBody()))).error).toBeInstanceOf(NetworkError);
    expect(network.calls).toHaveLength(1);
  });
});

describe('an error while building the request', () => {
  it('is not a network failure: a header value a runtime refuses throws a TypeError naming the header, before any fetch', async () => {
    const fake = fakeFetch(authOk());
    const exchange: Exchange = {
      url: 'https://h.example/v1/x',
      headers: { trace: 't', 'api-key': 'AK-SECRET\u0000x' },
      body: '{}',
      trace: 't',
      fetch: fake.fetch,
      retry: { limit: 2, baseDelay: 1, maxDelay: 1 },
      timeout: 1000,
      deadline: 5000,
      signal: undefined,
      retryStatus: () => true,
      retryFailure: () => true,
      redact: (text) => text,
    };
    const { error } = await settle(send(exchange, (answer) => answer));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`api-key`');
    expect((error as Error).message).not.toContain('AK-SECRET');
    expect(fake.calls).toHaveLength(0);
  });
});

describe('retry option', () => {
  it('a field given as undefined takes its default: retry: { limit: undefined } retries twice', async () => {
    const fake = fakeFetch(unavailable(), unavailable(), unavailable());
    const { error } = await settle(client(fake.fetch, { retry: { limit: undefined, baseDelay: 10 } }).identify.auth(authBody()));
    expect(error).toMatchObject({ name: 'ApiError', status: 503 });
    expect(fake.calls).toHaveLength(3);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00.000Z');
  it.each([
    ['120', 120_000],
    [' 7 ', 7000],
    ['0', 0],
    ['Thu, 01 Jan 2026 00:00:09 GMT', 9000],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 0],
    // Capped: a timer fires after 1 ms for anything longer.
    ['99999999999', 2 ** 31 - 1],
    ['Fri, 01 Jan 2100 00:00:00 GMT', 2 ** 31 - 1],
  ])('%j -> %d ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  // Date.parse reads all of these as dates ("1.5" is in 2001): an immediate retry would follow.
  it.each(['1.5', '-1', '1e3', '2026-01-01T00:00:09Z', 'Thursday, 01-Jan-26 00:00:09 GMT', 'Thu Jan  1 00:00:09 2026', 'Thu, 01 Jan 2026 00:00:09 UTC', 'soon', '', null, undefined])(
    '%j -> undefined',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );

  it('an unreadable Retry-After gives the normal backoff, not an immediate retry', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const fake = fakeFetch(unavailable({ 'Retry-After': '1.5' }), authOk());
    await settle(client(fake.fetch, { retry: { baseDelay: 200 } }).identify.auth(authBody()));
    expect(gaps(fake.calls)).toEqual([100]);
  });
});

describe('Retry-After', () => {
  it('honours delay-seconds instead of the backoff', async () => {
    const fake = fakeFetch(unavailable({ 'Retry-After': '2' }), authOk());
    await settle(client(fake.fetch).identify.auth(authBody()));
    expect(gaps(fake.calls)).toEqual([2000]);
  });

  it('honours an HTTP date', async () => {
    const at = new Date(Date.now() + 7000).toUTCString();
    const fake = fakeFetch(new Response('busy', { status: 429, headers: { 'Retry-After': at } }), authOk());
    await settle(client(fake.fetch).identify.auth(authBody()));
    expect(gaps(fake.calls)).toEqual([7000]);
  });

  it('a wait past the deadline ends the retries at once with the last answer’s error', async () => {
    const fake = fakeFetch(new Response('busy', { status: 503, headers: { 'Retry-After': '60' } }), authOk());
    const started = Date.now();
    const { error } = await settle(client(fake.fetch, { deadline: 30_000 }).identify.auth(authBody()));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503 });
    expect(fake.calls).toHaveLength(1);
    expect(Date.now() - started).toBe(0);
  });
});

describe('identify/redirect retries only what surely was not processed', () => {
  const refused = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
  const cases: [string, () => Response | Error, boolean][] = [
    ['502', () => new Response('bad gateway', { status: 502 }), false],
    ['504', () => new Response('', { status: 504 }), false],
    ['500 envelope', () => envelope({ code: 500, msg: 'x' }, 500), false],
    ['a network TypeError of unknown origin', () => new TypeError('fetch failed'), false],
    ['a TypeError whose cause has another code', () => refused({ code: 'ECONNRESET' }), false],
    ['429', () => envelope({ code: 429, msg: 'x' }, 429), true],
    ['503', () => new Response('', { status: 503 }), true],
    ['ECONNREFUSED in the cause (undici)', () => refused(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })), true],
    ['ECONNREFUSED on the error itself (Bun)', () => Object.assign(new TypeError('Unable to connect'), { code: 'ECONNREFUSED' }), true],
    ['ECONNREFUSED two causes deep', () => refused(new Error('wrapped', { cause: { code: 'ECONNREFUSED' } })), true],
    ['Deno’s connection refused', () => refused(new Error('error sending request: client error (Connect): tcp connect error: Connection refused (os error 111)')), true],
  ];
  for (const [name, answer, retried] of cases) {
    it(`${retried ? 'retries' : 'does not retry'} ${name}`, async () => {
      const fake = fakeFetch(answer(), redirectOk());
      const { value, error } = await settle(client(fake.fetch).identify.redirect({ ident_code: IDENT_CODE }));
      expect(fake.calls).toHaveLength(retried ? 2 : 1);
      if (retried) expect(value?.open_token).toMatch(/^Bearer /);
      else expect(error).toBeDefined();
    });
  }

  it('does not retry an attempt that timed out', async () => {
    const fake = fakeFetch(hang, redirectOk());
    const { error } = await settle(client(fake.fetch, { timeout: 500 }).identify.redirect({ ident_code: IDENT_CODE }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(fake.calls).toHaveLength(1);
  });
});

describe('deadline and cancellation', () => {
  it('the deadline ends retries with TimeoutError(scope deadline)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fake = fakeFetch(hang);
    const started = Date.now();
    const { error } = await settle(client(fake.fetch, { timeout: 1000, deadline: 2500 }).identify.auth(authBody(), { trace: 'dl' }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'deadline', timeout: 2500, trace: 'dl' });
    expect(fake.calls.map((c) => c.at - started)).toEqual([0, 1000, 2000]);
    expect(Date.now() - started).toBe(2500);
  });

  it('an abort during an attempt rejects with the signal’s reason, aborts fetch, and is not retried', async () => {
    const fake = fakeFetch(hang);
    const controller = new AbortController();
    const reason = new Error('user left');
    const promise = settle(client(fake.fetch).identify.auth(authBody(), { signal: controller.signal }));
    await untilCalled(fake.calls);
    controller.abort(reason);
    const { error } = await promise;
    expect(error).toBe(reason);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.signal?.aborted).toBe(true);
  });

  it('an abort during the backoff wait stops further attempts; the default reason is an AbortError', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.9);
    const fake = fakeFetch(unavailable());
    const controller = new AbortController();
    const promise = client(fake.fetch).identify.auth(authBody(), { signal: controller.signal }).catch((e: unknown) => e);
    await untilCalled(fake.calls);
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.calls).toHaveLength(1);
    controller.abort();
    const error = await promise;
    expect(error).toMatchObject({ name: 'AbortError' });
    await vi.runAllTimersAsync();
    expect(fake.calls).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const fake = fakeFetch(authOk());
    const reason = new Error('too late');
    const { error } = await settle(client(fake.fetch).identify.redirect({ ident_code: IDENT_CODE }, { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    expect(fake.calls).toHaveLength(0);
  });

  it('leaves no timer behind after success', async () => {
    const fake = fakeFetch(authOk());
    await settle(client(fake.fetch).identify.auth(authBody()));
    expect(vi.getTimerCount()).toBe(0);
  });
});
