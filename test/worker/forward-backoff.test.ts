/**
 * The gateway's calls to its backend (worker/backend-call.ts) on the SDK's transport, and
 * forwarding's retry schedule on the one backoff (worker/forward.ts), with a fake fetch.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/backoff.ts';
import { callBackend, describeRedirect } from '../../worker/backend-call.ts';
import { BACKOFF_CAP_MS, forwardBackoff } from '../../worker/forward.ts';

const URL_ = 'https://platform.example/passto/limits';
const call = (fetch: typeof globalThis.fetch, readBody = true, timeoutMs = 1000) =>
  callBackend(fetch, URL_, { headers: { 'content-type': 'application/json' }, body: '{"a":1}' }, { timeoutMs, readBody });

describe('forwarding backoff', () => {
  it('waits between half and all of 30 s, 60 s, 120 s, ... up to the 6 h cap (equal jitter)', () => {
    const backoff = forwardBackoff(30_000);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, backoff, () => 0))).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, backoff, () => 1))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(BACKOFF_CAP_MS).toBe(6 * 3600_000);
    expect(backoffDelay(30, backoff, () => 0)).toBe(3 * 3600_000);
    expect(backoffDelay(30, backoff, () => 0.999)).toBeLessThan(6 * 3600_000);
    expect(backoffDelay(3, forwardBackoff(0), () => 0.5)).toBe(0);
  });
});

describe('callBackend', () => {
  it('POSTs once, the body and headers as given, redirect manual; reads the body only when asked', async () => {
    const seen: RequestInit[] = [];
    const fetch = (async (_input: unknown, init: RequestInit) => {
      seen.push(init);
      return new Response('{"x":1}', { status: 201 });
    }) as unknown as typeof globalThis.fetch;
    expect(await call(fetch)).toEqual({ kind: 'answered', status: 201, ok: true, body: '{"x":1}' });
    expect(await call(fetch, false)).toEqual({ kind: 'answered', status: 201, ok: true, body: '' });
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"a":1}', redirect: 'manual', headers: { 'content-type': 'application/json' } });
    const failing = (async () => new Response('no', { status: 500 })) as typeof globalThis.fetch;
    expect(await call(failing)).toEqual({ kind: 'answered', status: 500, ok: false, body: 'no' });
  });

  it('a body over 1 MiB is not read further: too-large', async () => {
    const big = (async () => new Response('x'.repeat(1024 * 1024 + 1))) as typeof globalThis.fetch;
    expect(await call(big)).toEqual({ kind: 'too-large', status: 200, limit: 1024 * 1024 });
    const exact = (async () => new Response('x'.repeat(1024 * 1024))) as typeof globalThis.fetch;
    expect(await call(exact)).toMatchObject({ kind: 'answered', status: 200 });
  });

  it('a redirect names its Location resolved against the URL called, cut at 300 characters', async () => {
    const to = (location: string | null) =>
      (async () => new Response(null, { status: 307, headers: location === null ? {} : { location } })) as typeof globalThis.fetch;
    const relative = await call(to('/elsewhere?q=1'));
    expect(relative).toEqual({ kind: 'redirect', status: 307, location: 'https://platform.example/elsewhere?q=1' });
    expect(describeRedirect(relative as { status: number; location: string | null })).toBe('HTTP 307 redirect to https://platform.example/elsewhere?q=1 (not followed)');
    expect(await call(to(null))).toEqual({ kind: 'redirect', status: 307, location: null });
    const long = (await call(to(`https://x.example/${'a'.repeat(400)}`))) as { location: string };
    expect(long.location).toHaveLength(301);
    expect(long.location.endsWith('…')).toBe(true);
  });

  it('a timeout is timeout; a network failure is unreachable with the runtime’s words', async () => {
    const hang = (() => new Promise<Response>(() => {})) as typeof globalThis.fetch;
    expect(await call(hang, true, 20)).toEqual({ kind: 'timeout' });
    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    }) as typeof globalThis.fetch;
    expect(await call(refused)).toEqual({ kind: 'unreachable', message: 'fetch failed: connect ECONNREFUSED 127.0.0.1:9' });
  });

  it('a header value fetch would refuse is unreachable, named without its value', async () => {
    const fetch = (async () => new Response('')) as typeof globalThis.fetch;
    const answer = await callBackend(fetch, URL_, { headers: { trace: 'SECRET\n' }, body: '' }, { timeoutMs: 1000, readBody: false });
    expect(answer).toEqual({ kind: 'unreachable', message: 'passto: the `trace` header value is not printable ASCII' });
  });
});
