/**
 * The sandbox's PassTo API in the real Worker (Miniflare, D1): identify/auth checked as PassTo
 * checks it, and identify/redirect exchanging a code exactly once.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spendCode } from '../../worker/sandbox/codes.ts';
import { type D1Like, d1Database } from '../../worker/store/d1.ts';
import { type GatewayHarness, startGateway } from './harness.ts';

const API_KEY = 'sandbox-api-key';
const SIGNATURE_KEY = 'sandbox-signature-key';
const PLAT_ID = 'sandbox-plat';
const AUTH_PATH = '/v1/platform/identify/auth';

function signature(path: string, body: string, key = SIGNATURE_KEY): string {
  return createHmac('sha1', key).update(path + body).digest('base64');
}

function authBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    custom_no: 'C-1001',
    customer_token: 'tok_customer_0123456789abcdef',
    token_expire: Date.now() + 3_600_000,
    callback_url: 'https://platform.example/return',
    client_ip: '203.0.113.7',
    ...overrides,
  };
}

interface Envelope {
  code: number;
  msg: string;
  data: { ident_code: string; url: string; open_token: string } | null;
  trace: string;
}

let gw: GatewayHarness;

/** identify/auth as a platform sends it; every part can be spoiled on purpose. */
async function auth(
  body: Record<string, unknown> | string = authBody(),
  options: { apiKey?: string | null; query?: string; sign?: (raw: string) => string | null; trace?: string | null; lang?: string } = {},
): Promise<{ status: number; json: Envelope; trace: string | null }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.trace !== null) headers.trace = options.trace ?? 'trace-test-1';
  const apiKey = options.apiKey === undefined ? API_KEY : options.apiKey;
  if (apiKey !== null) headers['api-key'] = apiKey;
  const sig = options.sign ? options.sign(raw) : signature(AUTH_PATH, raw);
  if (sig !== null) headers.signature = sig;
  if (options.lang) headers.lang = options.lang;
  const response = await gw.fetch(`/sandbox/api${AUTH_PATH}${options.query ?? `?platId=${PLAT_ID}`}`, { method: 'POST', headers, body: raw });
  return { status: response.status, json: (await response.json()) as Envelope, trace: response.headers.get('trace') };
}

async function redirect(identCode: unknown): Promise<{ status: number; json: Envelope }> {
  const response = await gw.fetch('/sandbox/api/v1/identify/redirect', {
    method: 'POST',
    headers: { 'content-type': 'application/json', trace: 'trace-redirect' },
    body: JSON.stringify({ ident_code: identCode }),
  });
  return { status: response.status, json: (await response.json()) as Envelope };
}

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.dispose();
});

describe('identify/auth', () => {
  it('accepts a request signed over the path relative to the API base and issues a code and cashier url', async () => {
    const { status, json, trace } = await auth(authBody(), { trace: 'my-trace-42' });
    expect(status).toBe(200);
    expect(json.code).toBe(0);
    expect(json.msg).toBe('success');
    expect(json.trace).toBe('my-trace-42');
    expect(trace).toBe('my-trace-42');
    expect(json.data!.ident_code).toMatch(/^[0-9a-f]{32}$/);
    expect(json.data!.url).toBe(`http://127.0.0.1:8787/sandbox/oauth?ident_code=${json.data!.ident_code}`);
  });

  it('issues a different code for each request without session_sign', async () => {
    const a = await auth();
    const b = await auth();
    expect(a.json.data!.ident_code).not.toBe(b.json.data!.ident_code);
  });

  it('accepts plat_id as the query parameter, customer_no as the number field, and the optional fields', async () => {
    const { custom_no: _custom_no, ...rest } = authBody();
    const body = {
      ...rest,
      customer_no: 'C-2002',
      session_sign: 'sess-optional',
      credit_limit_tag: 'gold',
      credit_limit_available_cards: [
        { tag: 'basic', amount: '10.00', currency: 'CNY', icon: '', input: '' },
        { tag: 'gold', amount: '1234.56', currency: 'CNY', icon: 'https://platform.example/gold.png', input: '<b>Gold</b>' },
      ],
    };
    const { status, json } = await auth(body, { query: `?plat_id=${PLAT_ID}` });
    expect(status).toBe(200);
    expect(json.code).toBe(0);
    const rows = await gw.sql<{ custom_no: string; credit_limit_tag: string; credit_limit_cards: string }>(
      'SELECT custom_no, credit_limit_tag, credit_limit_cards FROM sandbox_codes WHERE ident_code = ?',
      json.data!.ident_code,
    );
    expect(rows[0]!.custom_no).toBe('C-2002');
    expect(rows[0]!.credit_limit_tag).toBe('gold');
    expect(JSON.parse(rows[0]!.credit_limit_cards)[1].amount).toBe('1234.56');
  });

  it('refuses a request without the required trace header with code 400', async () => {
    const { status, json, trace } = await auth(authBody(), { trace: null });
    expect(status).toBe(400);
    expect(json).toMatchObject({ code: 400, data: null });
    expect(json.msg).toMatch(/trace/);
    // The envelope still carries the trace the gateway gave the exchange.
    expect(json.trace).toBe(trace);
  });

  it('refuses a wrong or missing api-key with code 401 (HTTP 401)', async () => {
    for (const apiKey of ['wrong-key', null]) {
      const { status, json } = await auth(authBody(), { apiKey });
      expect(status).toBe(401);
      expect(json).toMatchObject({ code: 401, data: null, trace: 'trace-test-1' });
      expect(json.msg).toMatch(/api-key/);
      expect(JSON.stringify(json)).not.toContain(API_KEY);
    }
  });

  it('refuses an unknown platform with code 404 in an HTTP 200 envelope, and a missing one with 400', async () => {
    const unknown = await auth(authBody(), { query: '?platId=someone-else' });
    expect(unknown.status).toBe(200);
    expect(unknown.json).toMatchObject({ code: 404, msg: 'platform not found', data: null });
    const missing = await auth(authBody(), { query: '' });
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe(400);
    expect(missing.json.msg).toMatch(/platId/);
  });

  it('refuses a missing, wrong-key or malformed signature with code 401', async () => {
    for (const sign of [() => null, (raw: string) => signature(AUTH_PATH, raw, 'other-key'), () => 'not base64!']) {
      const { status, json } = await auth(authBody(), { sign });
      expect(status).toBe(401);
      expect(json.code).toBe(401);
      expect(json.data).toBeNull();
    }
  });

  it('refuses a signature over the full path /sandbox/api/v1/... (PassTo signs the path relative to its base)', async () => {
    const { status, json } = await auth(authBody(), { sign: (raw) => signature(`/sandbox/api${AUTH_PATH}`, raw) });
    expect(status).toBe(401);
    expect(json.code).toBe(401);
    expect(json.msg).toContain(AUTH_PATH);
  });

  it('refuses a signature over a re-serialized body rather than the bytes sent', async () => {
    const raw = JSON.stringify(authBody(), null, 1);
    const { json } = await auth(raw, { sign: () => signature(AUTH_PATH, JSON.stringify(JSON.parse(raw))) });
    expect(json.code).toBe(401);
  });

  it('refuses a bad body with code 400 naming every bad field, without echoing values', async () => {
    const body = authBody({ token_expire: 1_700_000_000, callback_url: 'javascript:alert(1)', client_ip: '999.1.1.1', customer_token: '' });
    delete body.custom_no;
    const { status, json } = await auth(body);
    expect(status).toBe(400);
    expect(json.code).toBe(400);
    expect(json.data).toBeNull();
    for (const field of ['custom_no', 'customer_token', 'token_expire', 'callback_url', 'client_ip']) expect(json.msg).toContain(field);
    expect(json.msg).not.toContain('javascript:');
  });

  it('refuses unknown fields, a body with both custom_no and customer_no, and non-JSON', async () => {
    const typo = await auth(authBody({ customer_tokn: 'x' }));
    expect(typo.json.code).toBe(400);
    expect(typo.json.msg).toContain('customer_tokn');
    const both = await auth(authBody({ customer_no: 'C-9' }));
    expect(both.json.code).toBe(400);
    expect(both.json.msg).toContain('customer_no');
    const notJson = await auth('{"custom_no":');
    expect(notJson.status).toBe(400);
    expect(notJson.json.msg).toMatch(/JSON/);
  });

  it('returns the earlier code for the same session_sign, and a new code for a new one', async () => {
    const first = await auth(authBody({ session_sign: 'sess-A' }));
    const again = await auth(authBody({ session_sign: 'sess-A' }));
    const other = await auth(authBody({ session_sign: 'sess-B' }));
    expect(again.json.data!.ident_code).toBe(first.json.data!.ident_code);
    expect(other.json.data!.ident_code).not.toBe(first.json.data!.ident_code);
  });

  it('issues a new code for a known session_sign once its code is spent', async () => {
    const first = await auth(authBody({ session_sign: 'sess-C' }));
    expect((await redirect(first.json.data!.ident_code)).json.code).toBe(0);
    const after = await auth(authBody({ session_sign: 'sess-C' }));
    expect(after.json.code).toBe(0);
    expect(after.json.data!.ident_code).not.toBe(first.json.data!.ident_code);
  });

  it('answers unknown API paths with a PassTo envelope', async () => {
    const response = await gw.fetch('/sandbox/api/v1/nothing', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 404, data: null });
  });
});

describe('identify/redirect', () => {
  it('exchanges a code once for a Bearer HS256 JWT with the documented claims', async () => {
    const code = (await auth(authBody({ custom_no: 'C-JWT' }))).json.data!.ident_code;
    const { status, json } = await redirect(code);
    expect(status).toBe(200);
    expect(json).toMatchObject({ code: 0, msg: 'success', trace: 'trace-redirect' });
    const openToken = json.data!.open_token!;
    expect(openToken).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const [header, payload, sig] = openToken.slice('Bearer '.length).split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ platformId: PLAT_ID, platformUserId: 'C-JWT', identCode: code, projectId: 'sandbox' });
    expect(claims.userId).toMatch(/^[0-9a-f]{16}$/);
    expect(claims.exp - claims.iat).toBe(3600);
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(60);
    // The key: HMAC-SHA256(sandbox signature key, label); the signature checks out with node:crypto.
    const key = createHmac('sha256', SIGNATURE_KEY).update('passto-sandbox-open-token').digest();
    expect(createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')).toBe(sig);

    const second = await redirect(code);
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ code: 409, msg: 'ident_code already used', data: null });
  });

  it('gives exactly one token when the same code is exchanged concurrently', async () => {
    const code = (await auth()).json.data!.ident_code;
    const results = await Promise.all(Array.from({ length: 8 }, () => redirect(code)));
    expect(results.filter((r) => r.json.code === 0)).toHaveLength(1);
    expect(results.filter((r) => r.json.code === 409)).toHaveLength(7);
    const rows = await gw.sql<{ open_token: string }>('SELECT open_token FROM sandbox_codes WHERE ident_code = ?', code);
    expect(rows[0]!.open_token).toBe(results.find((r) => r.json.code === 0)!.json.data!.open_token);
  });

  it('spends a code in one guarded UPDATE: a second spend changes nothing, even past the read check', async () => {
    const code = (await auth()).json.data!.ident_code;
    const db = d1Database((await gw.mf.getD1Database('DB')) as unknown as D1Like);
    const now = Date.now();
    expect(await spendCode(db, code, { now, openToken: 'Bearer first', sessionExpiresAt: now + 1000 })).toBe(true);
    expect(await spendCode(db, code, { now, openToken: 'Bearer second', sessionExpiresAt: now + 1000 })).toBe(false);
    const rows = await gw.sql<{ open_token: string }>('SELECT open_token FROM sandbox_codes WHERE ident_code = ?', code);
    expect(rows[0]!.open_token).toBe('Bearer first');
    await gw.sql('UPDATE sandbox_codes SET used_at = NULL, expires_at = ? WHERE ident_code = ?', now - 1, code);
    expect(await spendCode(db, code, { now, openToken: 'Bearer late', sessionExpiresAt: now + 1000 })).toBe(false);
  });

  it('refuses an expired code with code 410', async () => {
    const code = 'e'.repeat(32);
    await gw.sql(
      `INSERT INTO sandbox_codes (ident_code, plat_id, custom_no, customer_token, token_expire, callback_url, client_ip, lang, created_at, expires_at)
       VALUES (?, ?, 'C-OLD', 'tok_old_0123456789', 1700000000000, 'https://platform.example/return', '203.0.113.7', 'en-US', ?, ?)`,
      code,
      PLAT_ID,
      Date.now() - 20 * 60_000,
      Date.now() - 10 * 60_000,
    );
    const { status, json } = await redirect(code);
    expect(status).toBe(200);
    expect(json).toMatchObject({ code: 410, msg: 'ident_code expired', data: null });
  });

  it('refuses an unknown code with code 404 and a bad body with 400', async () => {
    expect((await redirect('0'.repeat(32))).json).toMatchObject({ code: 404, data: null });
    const bad = await redirect(42);
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe(400);
    expect(bad.json.msg).toContain('ident_code');
  });
});

describe('through the gateway', () => {
  it("POST /v1/identify/auth reaches the sandbox in-process, signed by the gateway's client", async () => {
    const response = await gw.fetch('/v1/identify/auth', {
      method: 'POST',
      headers: { authorization: 'Bearer dev-token', 'content-type': 'application/json', trace: 'gw-trace' },
      body: JSON.stringify(authBody({ custom_no: 'C-GW', session_sign: 'gw-session' })),
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { ident_code: string; url: string; trace: string };
    expect(json.ident_code).toMatch(/^[0-9a-f]{32}$/);
    expect(json.url).toBe(`http://127.0.0.1:8787/sandbox/oauth?ident_code=${json.ident_code}`);
    const rows = await gw.sql<{ custom_no: string; session_sign: string }>('SELECT custom_no, session_sign FROM sandbox_codes WHERE ident_code = ?', json.ident_code);
    expect(rows[0]).toEqual({ custom_no: 'C-GW', session_sign: 'gw-session' });
  });
});

describe('sandbox off (production)', () => {
  it('answers 404 not_found on every sandbox route', async () => {
    const off = await startGateway({ vars: { SANDBOX: 'off', GATEWAY_TOKEN: 'prod-token', PASSTO_SIGNATURE_KEY: 'prod-signature-key' } });
    try {
      for (const [path, method] of [
        [`/sandbox/api${AUTH_PATH}?platId=${PLAT_ID}`, 'POST'],
        ['/sandbox/api/v1/identify/redirect', 'POST'],
        [`/sandbox/oauth?ident_code=${'a'.repeat(32)}`, 'GET'],
        ['/sandbox/oauth/events', 'POST'],
      ] as const) {
        const response = await off.fetch(path, { method, headers: { trace: 'off-trace' } });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ code: 'not_found', trace: 'off-trace' });
      }
      expect(await off.sql("SELECT name FROM sqlite_master WHERE name = 'sandbox_codes'")).toHaveLength(1);
      expect(await off.sql('SELECT * FROM sandbox_codes')).toHaveLength(0);
    } finally {
      await off.dispose();
    }
  });
});

describe('sandbox housekeeping', () => {
  it('the cron deletes sandbox codes and finished deliveries older than a day, and keeps recent ones', async () => {
    const gw = await startGateway();
    try {
      const old = Date.now() - 2 * 24 * 3600 * 1000;
      const row = (code: string, createdAt: number) =>
        gw.sql(
          `INSERT INTO sandbox_codes (ident_code, plat_id, custom_no, customer_token, token_expire, callback_url, client_ip, lang, created_at, expires_at)
           VALUES (?, 'sandbox-plat', 'n', 't', 1, 'https://x', '127.0.0.1', 'en-US', ?, ?)`,
          code,
          createdAt,
          createdAt + 600_000,
        );
      await row('a'.repeat(32), old);
      await row('b'.repeat(32), Date.now());
      await gw.scheduled();
      const left = await gw.sql<{ ident_code: string }>('SELECT ident_code FROM sandbox_codes');
      expect(left.map((r) => r.ident_code)).toEqual(['b'.repeat(32)]);
    } finally {
      await gw.dispose();
    }
  });
});
