/**
 * The gateway's HTTP answers on the Node, Deno and Bun adapters, as on workerd
 * (test/worker/gateway-http.test.ts, test/worker/credit-limit-privacy.test.ts): 405 with `Allow`,
 * 401 with `WWW-Authenticate`, an operator-facing signature message, and a credit-limit answer
 * that does not tell a known customer token from an unknown one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedBackend, startScriptedBackend } from '../worker/scripted-backend.ts';
import { creditLimitCall, webhookDelivery } from '../worker/signed.ts';
import { type AdapterProcess, startAdapter } from './adapter-process.ts';
import type { AdapterRuntime } from './runtimes.ts';

const KNOWN = 'tok-user-1';
const LIMIT = { tag: 'vip', inputs: [{ tag: 'vip', amount: '100', currency: 'CNY', icon: '', input: '<b>Credit</b>' }] };

function callWithToken(token: string): RequestInit {
  const call = creditLimitCall({ tag: 'vip' });
  return { ...call, headers: { ...(call.headers as Record<string, string>), token } };
}

describe.each<AdapterRuntime>(['node', 'deno', 'bun'])('HTTP details on the %s adapter', (runtime) => {
  let dir: string;
  let backend: ScriptedBackend;
  let gateway: AdapterProcess;
  const call = (path: string, init?: RequestInit) => fetch(`${gateway.url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `passto-http-${runtime}-`));
    backend = await startScriptedBackend();
    backend.answer = (request) =>
      (JSON.parse(request.body) as { customer_token: string }).customer_token === KNOWN
        ? { status: 200, body: JSON.stringify(LIMIT) }
        : { status: 404, body: '{}' };
    gateway = await startAdapter(runtime, {
      PASSTO_DB: join(dir, 'gateway.sqlite'),
      CREDIT_LIMIT_URL: `${backend.url}/limits`,
      FORWARD_SIGNATURE_KEY: 'http-details-forward-key',
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a wrong method with 405 and Allow, an unknown path with 404', async () => {
    const wrong = await call('/v1/webhooks');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await wrong.json()).toMatchObject({ code: 'method_not_allowed' });
    expect((await call('/v1/no-such-route')).status).toBe(404);
  });

  it('answers a missing bearer token with 401 and WWW-Authenticate', async () => {
    const res = await call('/v1/events');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="passto"/);
  });

  it('points an operator at PASSTO_SIGNATURE_KEY when a webhook signature does not match', async () => {
    const res = await call('/v1/webhooks', webhookDelivery({}, { key: 'not-the-key' }));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { msg: string }).msg).toContain('PASSTO_SIGNATURE_KEY');
  });

  it('answers a known and an unknown customer token alike: 200, the same shape, no inputs for the unknown one', async () => {
    const known = await call('/v1/credit-limit', callWithToken(KNOWN));
    const unknown = await call('/v1/credit-limit', callWithToken('tok-guessed'));
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect((await known.json()) as unknown).toMatchObject({ data: { tag: 'vip', inputs: [{ amount: '100.00' }] } });
    expect(await unknown.json()).toEqual({ data: { tag: 'vip', inputs: [] } });
  });
});
