/**
 * An expired `token_expire` (issue 8, item 11): the SDK refuses one more than 60 s in the past
 * (the clock skew tolerated) with a ValidationError naming the field and not its value, reading
 * the clock at each call; the CLI says so as a usage error before any request. The gateway and
 * the sandbox are covered in test/worker/sandbox-hostile.test.ts.
 */
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../src/index.ts';
import { IdentifyAuthInputSchema, TOKEN_EXPIRE_SKEW_MS } from '../src/schemas/identify-auth.ts';
import { authBody, authOk, client, fakeFetch } from './client-fake.ts';
import { buildCli, type Reply, runCli, startServer } from './cli-run.ts';

/** The fake clock's now: 2030-01-01T00:00:00Z. */
const NOW = Date.UTC(2030, 0, 1);

/** Calls identify/auth with `token_expire`; answers what the client did: sent, or refused with which issues. */
async function authWith(tokenExpire: number): Promise<{ sent: number; error?: ValidationError }> {
  const fake = fakeFetch(authOk());
  try {
    await client(fake.fetch).identify.auth({ ...authBody(), token_expire: tokenExpire });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { sent: fake.calls.length, error };
  }
  return { sent: fake.calls.length };
}

describe('the SDK and token_expire, on a fake clock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('allows 60 s of clock skew', () => {
    expect(TOKEN_EXPIRE_SKEW_MS).toBe(60_000);
  });

  it('sends a token_expire exactly 60 s in the past, now, or in the future', async () => {
    for (const expire of [NOW - 60_000, NOW - 1, NOW, NOW + 1, NOW + 3_600_000, 1e13 - 1]) {
      expect(await authWith(expire), String(expire)).toEqual({ sent: 1 });
    }
  });

  it('refuses one 60 001 ms in the past, or older, naming token_expire and not the value, sending nothing', async () => {
    for (const expire of [NOW - 60_001, NOW - 3_600_000, 1e12]) {
      const { sent, error } = await authWith(expire);
      expect(sent).toBe(0);
      expect(error?.issues).toEqual([{ path: 'token_expire', message: 'expired: must not be more than 60 s in the past' }]);
      expect(error?.message).toContain('token_expire: expired');
      expect(JSON.stringify(error)).not.toContain(String(expire));
      expect(error?.message).not.toContain(String(expire));
    }
  });

  it('reads the clock at each call: a long-lived client refuses what it accepted an hour ago', async () => {
    const fake = fakeFetch(authOk());
    const passto = client(fake.fetch);
    const body = { ...authBody(), token_expire: NOW + 1_000 };
    await passto.identify.auth(body);
    vi.setSystemTime(NOW + 61_001);
    await expect(passto.identify.auth(body)).rejects.toBeInstanceOf(ValidationError);
    expect(fake.calls).toHaveLength(1);
  });

  it('gives a malformed token_expire the format message alone', async () => {
    for (const expire of [12, 1_767_225_600, 1_767_225_600_000.5]) {
      const { error } = await authWith(expire);
      expect(error?.issues).toEqual([{ path: 'token_expire', message: 'a 13-digit millisecond timestamp' }]);
    }
  });

  it('is the exported schema that refuses it, so the gateway and the sandbox refuse it too', () => {
    const expired = v.safeParse(IdentifyAuthInputSchema, { ...authBody(), token_expire: NOW - 60_001 });
    expect(expired.success).toBe(false);
    expect(v.safeParse(IdentifyAuthInputSchema, { ...authBody(), token_expire: NOW - 60_000 }).success).toBe(true);
  });
});

describe('passto auth --token-expire', () => {
  let reply: () => Reply = () => ({});
  let server: Awaited<ReturnType<typeof startServer>>;
  const env = () => ({ PASSTO_API_KEY: 'ak-expire', PASSTO_SIGNATURE_KEY: 'sk-expire-0123456789', PASSTO_PLAT_ID: 'plat-7', PASSTO_BASE_URL: `${server.origin}/api` });
  const args = ['auth', '--custom-no', 'u1', '--customer-token', 'ct-expire-token-0123', '--callback-url', 'https://shop.example/cb', '--client-ip', '127.0.0.1'];

  beforeAll(async () => {
    await buildCli();
    server = await startServer(() => reply());
  });
  afterAll(() => server.close());

  it('refuses an expiry an hour in the past with a usage error, before any request', async () => {
    const past = String(Date.now() - 3_600_000);
    const count = server.requests.length;
    const run = await runCli([...args, '--token-expire', past], { env: env(), secrets: ['ct-expire-token-0123', 'sk-expire-0123456789'] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --token-expire is more than 60 s in the past/);
    expect(run.stderr).not.toContain(past);
    expect(server.requests.length).toBe(count);
  });

  it('sends an expiry in the future', async () => {
    reply = () => ({ body: { code: 0, msg: 'success', data: { ident_code: '0123456789abcdef0123456789abcdef', url: 'https://cashier.example/x' } } });
    const future = Date.now() + 3_600_000;
    const run = await runCli([...args, '--token-expire', String(future)], { env: env() });
    expect(run.code).toBe(0);
    expect(JSON.parse(server.requests.at(-1)!.body.toString('utf8')).token_expire).toBe(future);
  });
});
