/**
 * The sandbox under hostile input (issue 8, items 11 and 12), in the real Worker (Miniflare, D1)
 * and on the Node, Deno and Bun adapters: the cashier's form endpoint given a malformed multipart
 * body, a wrong content type, a body that is no form, or a huge field answers a 4xx page, never a
 * 500; the sandbox's identify/auth refuses an expired `token_expire` as PassTo would (400, PassTo's
 * envelope), and so does the gateway's `POST /v1/identify/auth`, which calls it through the SDK.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterProcess, startAdapter, stopAll } from '../adapters/adapter-process.ts';
import { devVars, type GatewayHarness, startGateway } from './harness.ts';

const SIGNATURE_KEY = 'sandbox-signature-key';
const AUTH_PATH = '/v1/platform/identify/auth';
const EVENTS = '/sandbox/oauth/events';
/** The gateway's body limit (worker/env.ts DEFAULTS.maxBodyBytes). */
const MAX_BODY_BYTES = 1024 * 1024;

type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

/** A signed identify/auth call to the sandbox; answers PassTo's envelope. */
async function auth(fetch: Fetch, overrides: Record<string, unknown> = {}): Promise<{ status: number; json: { code: number; msg: string; data: unknown } }> {
  const body = JSON.stringify({
    custom_no: 'C-1001',
    customer_token: 'tok_customer_0123456789abcdef',
    token_expire: Date.now() + 3_600_000,
    callback_url: 'https://platform.example/return',
    client_ip: '203.0.113.7',
    ...overrides,
  });
  const response = await fetch(`/sandbox/api${AUTH_PATH}?platId=sandbox-plat`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'api-key': 'sandbox-api-key',
      signature: createHmac('sha1', SIGNATURE_KEY).update(AUTH_PATH + body).digest('base64'),
      trace: 'hostile-test',
    },
    body,
  });
  return { status: response.status, json: (await response.json()) as { code: number; msg: string; data: unknown } };
}

/** A code whose cashier session is open (the first page view spends it). */
async function openSession(fetch: Fetch): Promise<string> {
  const { json } = await auth(fetch);
  const code = (json.data as { ident_code: string }).ident_code;
  expect((await fetch(`/sandbox/oauth?ident_code=${code}`)).status).toBe(200);
  return code;
}

const BOUNDARY = '----passto-hostile';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** Bodies no form parser should turn into a 500: [case, content-type or null, body for a code]. */
const HOSTILE_BODIES: [string, string | null, (code: string) => BodyInit][] = [
  ['multipart without a boundary parameter', 'multipart/form-data', (code) => `${part('ident_code', code)}--${BOUNDARY}--\r\n`],
  ['multipart whose body never names the boundary', MULTIPART, () => 'ident_code=x&action=pay'],
  ['multipart cut off inside a part', MULTIPART, (code) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="ident_code"\r\n\r\n${code}`],
  ['multipart with a part that has no headers', MULTIPART, (code) => `--${BOUNDARY}\r\n\r\n${code}\r\n--${BOUNDARY}--\r\n`],
  ['multipart with a part header that is not a header', MULTIPART, () => `--${BOUNDARY}\r\nnot a header\r\n\r\nx\r\n--${BOUNDARY}--\r\n`],
  ['multipart given binary bytes', MULTIPART, () => new Uint8Array([0xff, 0xfe, 0x00, 0x2d, 0x2d, 0x0d, 0x0a, 0x80])],
  ['JSON sent as multipart', MULTIPART, (code) => JSON.stringify({ ident_code: code, action: 'pay' })],
  ['a JSON body', 'application/json', (code) => JSON.stringify({ ident_code: code, action: 'pay' })],
  ['plain text', 'text/plain', (code) => `ident_code=${code}&action=pay`],
  ['no content type', null, () => new Uint8Array([1, 2, 3])],
  ['a form with bytes that are not UTF-8', 'application/x-www-form-urlencoded', () => new Uint8Array([0x69, 0x64, 0x3d, 0xff, 0xc3, 0x28, 0x25, 0x7a])],
  ['a form with broken percent escapes', 'application/x-www-form-urlencoded', () => `ident_code=%zz%&action=%E0%A4%A&${'%'.repeat(10)}`],
];

function part(name: string, value: string): string {
  return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
}

/**
 * A well-formed multipart body, serialized here: Miniflare's dispatchFetch loses a FormData body
 * given as is, so the bytes and their content type are what every target is sent.
 */
async function multipart(fields: Record<string, string>): Promise<RequestInit> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const request = new Request('http://127.0.0.1/', { method: 'POST', body: form });
  return { method: 'POST', headers: { 'content-type': request.headers.get('content-type')! }, body: await request.text(), redirect: 'manual' };
}

/** The same cases, against one gateway (workerd or an adapter). */
function hostileSandbox(target: () => Fetch): void {
  let code: string;
  beforeAll(async () => {
    code = await openSession(target());
  });

  it.each(HOSTILE_BODIES)('answers POST /sandbox/oauth/events with %s by a 4xx page, never a 500', async (_name, type, body) => {
    const headers: Record<string, string> = type === null ? {} : { 'content-type': type };
    const response = await target()(EVENTS, { method: 'POST', headers, body: body(code), redirect: 'manual' });
    const text = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    // The cashier's own shape: an HTML page saying what is wrong, not the gateway's JSON.
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(text).toContain('PassTo cashier');
  });

  it('refuses a wrong content type with 415, a malformed multipart body with 400', async () => {
    const json = await target()(EVENTS, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ident_code: code, action: 'pay' }),
      redirect: 'manual',
    });
    expect(json.status).toBe(415);
    expect(await json.text()).toContain('Unsupported form');
    const cut = await target()(EVENTS, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: part('ident_code', code), redirect: 'manual' });
    expect(cut.status).toBe(400);
    expect(await cut.text()).toContain('Invalid form');
  });

  // A body over the limit is the gateway's 413 for every route, before the sandbox sees it.
  it('refuses a huge field just under the body limit with a 400 page, in either encoding', async () => {
    const huge = 'x'.repeat(MAX_BODY_BYTES - 4096);
    const form = await target()(EVENTS, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ident_code: code, action: 'pay', tag: huge }).toString(),
      redirect: 'manual',
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('Invalid form');
    const response = await target()(EVENTS, await multipart({ ident_code: code, action: 'pay', amount: huge }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Invalid amount');
  });

  it('still takes a well-formed form in either encoding (what a browser may send)', async () => {
    const response = await target()(EVENTS, await multipart({ ident_code: code, action: 'PAY_TIMEOUT', amount: '1.00', currency: 'CNY' }));
    expect(response.status).toBe(303);
    const urlencoded = await target()(EVENTS, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams({ ident_code: code, action: 'PAY_TIMEOUT' }).toString(),
      redirect: 'manual',
    });
    expect(urlencoded.status).toBe(303);
  });

  it('answers the cashier page with a malformed query by a 4xx page', async () => {
    for (const query of ['ident_code=%zz', 'ident_code=%E0%A4%A', `ident_code=${'%'.repeat(3)}`]) {
      const response = await target()(`/sandbox/oauth?${query}`);
      expect(response.status, query).toBeGreaterThanOrEqual(400);
      expect(response.status, query).toBeLessThan(500);
    }
  });

  it('refuses identify/auth with a token_expire more than 60 s in the past: 400, code 400, the field named, not its value', async () => {
    const expired = Date.now() - 120_000;
    const { status, json } = await auth(target(), { token_expire: expired });
    expect(status).toBe(400);
    expect(json.code).toBe(400);
    expect(json.data).toBeNull();
    expect(json.msg).toContain('token_expire: expired');
    expect(json.msg).not.toContain(String(expired));
    // Within the allowed clock skew it is still taken.
    expect((await auth(target(), { token_expire: Date.now() - 1_000 })).json.code).toBe(0);
  });

  it("answers the gateway's POST /v1/identify/auth with an expired token_expire by 400 invalid_request naming the field", async () => {
    const expired = Date.now() - 120_000;
    const response = await target()('/v1/identify/auth', {
      method: 'POST',
      headers: { authorization: 'Bearer dev-token', 'content-type': 'application/json' },
      body: JSON.stringify({ custom_no: 'order-1', customer_token: 'tok-user-expired', token_expire: expired, callback_url: 'https://platform.example/cb', client_ip: '192.0.2.10' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; msg: string; fields: { path: string; message: string }[] };
    expect(body.code).toBe('invalid_request');
    expect(body.fields).toEqual([{ path: 'token_expire', message: expect.stringContaining('expired') }]);
    expect(JSON.stringify(body)).not.toContain(String(expired));
    expect(JSON.stringify(body)).not.toContain('tok-user-expired');
  });
}

describe('the sandbox in workerd (real local D1)', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.dispose();
  });
  hostileSandbox(() => gw.fetch);
});

describe.each(['node', 'deno', 'bun'] as const)('the sandbox on the %s adapter', (runtime) => {
  let dir: string;
  let gateway: AdapterProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `passto-sandbox-hostile-${runtime}-`));
    // Every variable the sandbox needs is given explicitly, not left to a .dev.vars file.
    gateway = await startAdapter(runtime, { ...devVars(), SANDBOX: 'on', PASSTO_DB: join(dir, 'gateway.sqlite') });
  });
  afterAll(async () => {
    await stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  hostileSandbox(() => (path, init) => fetch(gateway.url + path, init));
});
