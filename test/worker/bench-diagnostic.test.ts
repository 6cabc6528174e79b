/**
 * The diagnostic Worker of `npm run bench:gateway` (adapters/cloudflare/bench-diagnostic.ts): its
 * rows only mean something if the in-memory store answers as D1 would (a first delivery stored, a
 * second a duplicate) and the bare route answers every POST 200.
 */
import { createHmac } from 'node:crypto';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosticScript } from '../../bench/gateway/workers.ts';

const KEY = 'diagnostic-signature-key';
const VARS = { GATEWAY_TOKEN: 'diagnostic-token-5c2a', PASSTO_API_KEY: 'diagnostic-api-key', PASSTO_SIGNATURE_KEY: KEY, PASSTO_PLAT_ID: 'diag-plat', SANDBOX: 'off' };

function delivery(eventId: string): RequestInit {
  const body = JSON.stringify({ type: 'PAY_SUCCESS', platform_id: 'diag-plat', retry: 0, event_id: eventId, data: { order_no: `ORD-${eventId}`, amount: '1.00' } });
  const signature = createHmac('sha1', KEY).update(`/v1/webhooks${body}`).digest('base64');
  return { method: 'POST', body, headers: { 'content-type': 'application/json', signature, token: 'tok-1', timestamp: String(Date.now()) } };
}

describe('bench:gateway diagnostic Worker', () => {
  let mf: Miniflare;
  beforeAll(async () => {
    mf = new Miniflare({ modules: true, script: await diagnosticScript(), compatibilityDate: '2026-04-01', bindings: VARS, d1Databases: { DB: 'unused' } });
    await mf.ready;
  }, 60_000);
  afterAll(() => mf?.dispose());

  it('stores a delivery in memory once, and answers its redelivery as a duplicate', async () => {
    const first = await mf.dispatchFetch('http://127.0.0.1/v1/webhooks', delivery('diag-1') as never);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ event_id: 'diag-1', duplicate: false });
    const again = await mf.dispatchFetch('http://127.0.0.1/v1/webhooks', delivery('diag-1') as never);
    expect(await again.json()).toMatchObject({ event_id: 'diag-1', duplicate: true });
  });

  it('answers concurrent deliveries (one many-row insert) as D1 would: each stored once, a repeat a duplicate', async () => {
    const ids = ['diag-c1', 'diag-c2', 'diag-c3', 'diag-c2'];
    const answers = await Promise.all(ids.map(async (id) => (await mf.dispatchFetch('http://127.0.0.1/v1/webhooks', delivery(id) as never)).json()));
    const duplicates = (answers as { event_id: string; duplicate: boolean }[]).map((a) => `${a.event_id} ${a.duplicate}`).sort();
    expect(duplicates).toEqual(['diag-c1 false', 'diag-c2 false', 'diag-c2 true', 'diag-c3 false']);
  });

  it('refuses a bad signature as the production Worker does', async () => {
    const forged = delivery('diag-2');
    const response = await mf.dispatchFetch('http://127.0.0.1/v1/webhooks', { ...forged, headers: { ...(forged.headers as Record<string, string>), signature: 'AAAA' } } as never);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: expect.any(String), trace: expect.any(String) });
  });

  it('answers the bare route 200 after reading the body', async () => {
    const response = await mf.dispatchFetch('http://127.0.0.1/bare', { method: 'POST', body: 'x'.repeat(400) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ code: 0, msg: 'success' });
  });
});
