/** A fake PassTo behind an injected fetch, shared by the client tests: it records every call. */
import { afterEach, beforeEach, vi } from 'vitest';
import { type ClientOptions, createClient } from '../src/index.ts';

export const PLAT_ID = 'plat 42/ü';
export const API_KEY = 'ak_live_5f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const SIGNATURE_KEY = `sk_${'Zq9xW3'.repeat(16)}`; // about 100 characters, like real keys
export const CUSTOMER_TOKEN = 'ct_session_7e3b9a10c2d54f6e8a1b';
export const OPEN_TOKEN = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJpZGVudENvZGUiOiJ4In0.c2lnbmF0dXJlX3NlY3JldA';
export const IDENT_CODE = '0123456789abcdef0123456789abcdef';
export const CASHIER_URL = `https://cashier.passto.credit/h5/?ident_code=${IDENT_CODE}`;

/** A valid identify/auth body. */
export const authBody = () => ({
  custom_no: 'order-1001',
  customer_token: CUSTOMER_TOKEN,
  token_expire: 4_102_444_800_000,
  callback_url: 'https://shop.example/passto/callback',
  client_ip: '203.0.113.7',
});

export interface Call {
  url: string;
  method: string | undefined;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal | undefined;
  at: number;
}

type Answer = Response | Error | (() => Response | Promise<Response>);

/**
 * A fetch answering with `answers` in order (the last one repeats). An Error is thrown as a
 * fetch rejection; a function is called per request (e.g. to hang).
 */
export function fakeFetch(...answers: Answer[]) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({
      url: String(input),
      method: init?.method,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: String(init?.body),
      signal: init?.signal ?? undefined,
      at: Date.now(),
    });
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    return next.clone();
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** A fetch that fails the test if it is ever called. */
export const forbiddenFetch = (() => {
  throw new Error('fetch must not be called');
}) as unknown as typeof globalThis.fetch;

/** A PassTo envelope as JSON. */
export const envelope = (body: { code: number; msg?: string; data?: unknown; trace?: string }, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ msg: 'success', data: null, ...body }), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

export const authOk = (trace?: string) => envelope({ code: 0, data: { ident_code: IDENT_CODE, url: CASHIER_URL }, trace });
export const redirectOk = (trace?: string) => envelope({ code: 0, data: { open_token: OPEN_TOKEN }, trace });

/** A client on the fake, with the test keys. */
export function client(fetch: typeof globalThis.fetch, options: Partial<ClientOptions> = {}) {
  return createClient({ platId: PLAT_ID, apiKey: API_KEY, signatureKey: SIGNATURE_KEY, fetch, ...options });
}

/** A never-settling fetch response, as a hung connection gives. */
export const hang = () => new Promise<Response>(() => {});

/**
 * Fake timers that leave setImmediate real: WebCrypto signs on a worker thread, so a test on the
 * fake clock lets real time pass (`tick`) until the request is out.
 */
export const FAKE_TIMERS: Parameters<typeof vi.useFakeTimers>[0] = { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] };

/** One real turn of the event loop. */
export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Waits (in real time) until `calls` holds `count` requests. */
export async function untilCalled(calls: readonly unknown[], count = 1): Promise<void> {
  for (let i = 0; calls.length < count; i++) {
    if (i > 10_000) throw new Error(`fetch was called ${calls.length} times, expected ${count}`);
    await tick();
  }
}

/** Each test of the calling file runs on the fake clock (FAKE_TIMERS), from 2026-01-01. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers(FAKE_TIMERS);
    vi.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

/** Runs a call to its end on the fake clock and returns its outcome. */
export async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  let done = false;
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  void outcome.finally(() => {
    done = true;
  });
  // Real turns let WebCrypto finish signing; fake time runs the timers it then sets.
  while (!done) {
    await tick();
    await vi.runAllTimersAsync();
  }
  return outcome;
}
