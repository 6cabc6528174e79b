/**
 * The sandbox's api-key check (worker/sandbox/api.ts, `sameSecret` over src/timing-safe-equal.ts)
 * in the real Worker: only the whole key passes. A comparison that looked only at the shorter
 * input would let an empty key, or any prefix of the real one, through.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from './harness.ts';

const API_KEY = 'sandbox-prefix-test-api-key-0123456789';
const SIGNATURE_KEY = 'sandbox-prefix-test-signature-key';
const PLAT_ID = 'sandbox-prefix-plat';
const AUTH_PATH = '/v1/platform/identify/auth';

let gw: GatewayHarness;

beforeAll(async () => {
  gw = await startGateway({ vars: { SANDBOX: 'on', SANDBOX_API_KEY: API_KEY, SANDBOX_SIGNATURE_KEY: SIGNATURE_KEY, SANDBOX_PLAT_ID: PLAT_ID } });
});
afterAll(async () => {
  await gw?.dispose();
});

/** identify/auth, correctly signed, with this api-key header (or none). */
async function authWith(apiKey: string | undefined): Promise<{ status: number; code: number; msg: string }> {
  const body = JSON.stringify({
    custom_no: 'C-1',
    customer_token: 'tok_prefix_test_0123456789',
    token_expire: Date.now() + 3_600_000,
    callback_url: 'https://platform.example/return',
    client_ip: '203.0.113.7',
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    trace: 'trace-prefix',
    signature: createHmac('sha1', SIGNATURE_KEY).update(AUTH_PATH + body).digest('base64'),
  };
  if (apiKey !== undefined) headers['api-key'] = apiKey;
  const response = await gw.fetch(`/sandbox/api${AUTH_PATH}?platId=${PLAT_ID}`, { method: 'POST', headers, body });
  const json = (await response.json()) as { code: number; msg: string };
  return { status: response.status, code: json.code, msg: json.msg };
}

describe('sandbox identify/auth: the api key must match whole', () => {
  it('accepts the real key', async () => {
    expect(await authWith(API_KEY)).toMatchObject({ status: 200, code: 0 });
  });

  it('refuses an empty key, every prefix of the real key, and the real key with more after it', async () => {
    const refused = ['', API_KEY.slice(0, 1), API_KEY.slice(0, 8), API_KEY.slice(0, -1), `${API_KEY}x`, API_KEY.toUpperCase()];
    for (const apiKey of refused) {
      expect(await authWith(apiKey), JSON.stringify(apiKey)).toEqual({ status: 401, code: 401, msg: 'api-key is missing or invalid' });
    }
    expect(await authWith(undefined)).toEqual({ status: 401, code: 401, msg: 'api-key is missing or invalid' });
  });
});
