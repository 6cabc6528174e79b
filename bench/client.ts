/**
 * The client's own cost: `createClient().identify.auth` against a minimal hand-written call
 * (JSON.stringify + a cached `createSigner` + the same stub fetch + `response.json()`). Both use
 * one stub fetch that answers a documented success at once, so only CPU work is timed. Two rows
 * between them show where the difference goes: the minimal call with the client's input and
 * answer checks, then with its per-call timeout as well.
 */
import { createClient, createSigner } from '../src/index.ts';
import { deadlineTimer } from '../src/deadline.ts';
import { identifyAuthInputFast, isIdentifyAuthData } from '../src/schemas/identify-auth-fast-path.ts';
import { check, type Measured, measure, type Row } from './harness.ts';
import { AUTH_PATH, authInput, KEY } from './fixtures.ts';

export const CLIENT_BASELINE = 'minimal call (stringify + createSigner + fetch + json)';
export const CLIENT_ROW = 'passto createClient().identify.auth';
export const CLIENT_CHUNKED_ROW = 'passto identify.auth, answer chunked (read as a stream)';
/** Where the client's extra cost goes: the minimal call with one more part of the client each (each row adds to the one before). */
export const CLIENT_CHECKED_ROW = 'minimal call + input and answer checks (the fast paths)';
export const CLIENT_TIMED_ROW = 'minimal call + checks + a timeout (AbortController, timer)';
const ANSWER = JSON.stringify({
  code: 0,
  msg: 'success',
  trace: 'resp-trace-1',
  data: { ident_code: '0123456789abcdef0123456789abcdef', url: 'https://cashier.passto.credit/cashier?code=0123456789abcdef' },
});
const BASE = 'https://cashier.passto.credit/api';

const ANSWER_HEADERS = { 'content-type': 'application/json', 'content-length': String(new TextEncoder().encode(ANSWER).length) };

/**
 * The stub fetch: reads nothing, answers at once, with the headers a server sends with a
 * fixed-length JSON body (`Content-Length`). Shared by both rows (and by bench/workerd.ts).
 */
export const stubFetch = async (_url: string | URL | Request, _init?: RequestInit): Promise<Response> =>
  new Response(ANSWER, { status: 200, headers: ANSWER_HEADERS });

/** The same answer sent chunked (no `Content-Length`), which the client reads as a stream. */
export const chunkedStubFetch = async (_url: string | URL | Request, _init?: RequestInit): Promise<Response> =>
  new Response(ANSWER, { status: 200, headers: { 'content-type': 'application/json' } });

/** The two calls compared: the client's and the minimal hand-written one. */
export function clientCalls() {
  const input = authInput();
  const client = createClient({ platId: 'plat-1', apiKey: 'api-key-0123456789', signatureKey: KEY, fetch: stubFetch as typeof fetch, retry: 0 });
  const chunkedClient = createClient({ platId: 'plat-1', apiKey: 'api-key-0123456789', signatureKey: KEY, fetch: chunkedStubFetch as typeof fetch, retry: 0 });
  const signer = createSigner(KEY);
  const passto = async () => (await client.identify.auth(input)).ident_code.length;
  const passtoChunked = async () => (await chunkedClient.identify.auth(input)).ident_code.length;
  const minimal = async () => {
    const body = JSON.stringify(input);
    const response = await stubFetch(`${BASE}${AUTH_PATH}?platId=plat-1`, {
      method: 'POST',
      headers: { trace: crypto.randomUUID(), 'api-key': 'api-key-0123456789', signature: signer(AUTH_PATH, body), lang: 'en-US', 'Content-Type': 'application/json' },
      body,
    });
    return ((await response.json()) as { data: { ident_code: string } }).data.ident_code.length;
  };
  const minimalWith = (timed: boolean) => async () => {
    const checked = identifyAuthInputFast(input);
    const body = JSON.stringify(checked);
    const controller = timed ? new AbortController() : undefined;
    const timer = timed ? deadlineTimer(10_000, () => controller!.abort()) : undefined;
    const response = await stubFetch(`${BASE}${AUTH_PATH}?platId=plat-1`, {
      method: 'POST',
      headers: { trace: crypto.randomUUID(), 'api-key': 'api-key-0123456789', signature: signer(AUTH_PATH, body), lang: 'en-US', 'Content-Type': 'application/json' },
      body,
      signal: controller?.signal,
    });
    const answer = (await response.json()) as { data: { ident_code: string } };
    clearTimeout(timer);
    return isIdentifyAuthData(answer.data) ? answer.data.ident_code.length : 0;
  };
  return { passto, passtoChunked, minimal, checked: minimalWith(false), timed: minimalWith(true) };
}

export async function clientRows(): Promise<Measured[]> {
  const { passto, passtoChunked, minimal, checked, timed } = clientCalls();
  for (const call of [passto, passtoChunked, minimal, checked, timed]) check((await call()) === 32, 'every call returns the ident_code');
  const loop = (f: () => Promise<number>) => async (n: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += await f();
    return sum;
  };
  const rows: Row[] = [
    { name: CLIENT_ROW, baseline: CLIENT_BASELINE, run: loop(passto) },
    { name: CLIENT_CHUNKED_ROW, baseline: CLIENT_BASELINE, run: loop(passtoChunked) },
    { name: CLIENT_CHECKED_ROW, baseline: CLIENT_BASELINE, run: loop(checked) },
    { name: CLIENT_TIMED_ROW, baseline: CLIENT_BASELINE, run: loop(timed) },
    { name: CLIENT_BASELINE, run: loop(minimal) },
  ];
  return measure('client', rows);
}
