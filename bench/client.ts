/**
 * The client's own cost: `createClient().identify.auth` against a minimal hand-written call
 * (JSON.stringify + a cached `createSigner` + the same stub fetch + `response.json()`). Both use
 * one stub fetch that answers a documented success at once, so only CPU work is timed.
 */
import { createClient, createSigner } from '../src/index.ts';
import { check, type Measured, measure, type Row } from './harness.ts';
import { AUTH_PATH, authInput, KEY } from './fixtures.ts';

export const CLIENT_BASELINE = 'minimal call (stringify + createSigner + fetch + json)';
export const CLIENT_ROW = 'passto createClient().identify.auth';
export const CLIENT_CHUNKED_ROW = 'passto identify.auth, answer chunked (read as a stream)';
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
  return { passto, passtoChunked, minimal };
}

export async function clientRows(): Promise<Measured[]> {
  const { passto, passtoChunked, minimal } = clientCalls();
  check((await passto()) === 32 && (await passtoChunked()) === 32 && (await minimal()) === 32, 'every call returns the ident_code');
  const loop = (f: () => Promise<number>) => async (n: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += await f();
    return sum;
  };
  const rows: Row[] = [
    { name: CLIENT_ROW, baseline: CLIENT_BASELINE, run: loop(passto) },
    { name: CLIENT_CHUNKED_ROW, baseline: CLIENT_BASELINE, run: loop(passtoChunked) },
    { name: CLIENT_BASELINE, run: loop(minimal) },
  ];
  return measure('client', rows);
}
