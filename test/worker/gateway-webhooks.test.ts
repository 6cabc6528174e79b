/** POST /v1/webhooks and the event log API, inside workerd with a real local D1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from './harness.ts';
import { bearer, webhookDelivery } from './signed.ts';

type Summary = { event_id: string; type: string; status: string; attempts: number; received_at: number; last_error: string | null; next_attempt_at: number | null };

describe('webhooks, stored exactly once (no forwarding configured)', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.dispose());

  it('verifies, stores the payload exactly as sent, and answers 200', async () => {
    // Pretty-printed, as a sender might: the signature covers these exact bytes.
    const body = `{\n  "type": "PAY_SUCCESS",\n  "platform_id": "sandbox-plat",\n  "retry": 0,\n  "event_id": "evt-pretty-1",\n  "data": {"amount": "1.50", "extra_field": [1, 2]}\n}`;
    const delivery = webhookDelivery({}, { body });
    const res = await gw.fetch('/v1/webhooks', delivery);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: 0, event_id: 'evt-pretty-1', duplicate: false });
    const stored = (await (await gw.fetch('/v1/events/evt-pretty-1', { headers: bearer() })).json()) as Summary & { payload: string };
    expect(stored.payload).toBe(body);
    expect(stored).toMatchObject({ type: 'PAY_SUCCESS', status: 'stored', attempts: 0, last_error: null, next_attempt_at: null });
  });

  it('stores a signed event whose envelope drifted from the docs (only event_id is required)', async () => {
    for (const body of [
      JSON.stringify({ type: 'PAY_SUCCESS', retry: '0', event_id: 'evt-drift-1', data: { remark: null } }),
      JSON.stringify({ event_id: 4242, type: 'PAY_START' }),
      JSON.stringify({ event_id: 'evt-drift-3' }),
    ]) {
      const res = await gw.fetch('/v1/webhooks', webhookDelivery({}, { body }));
      expect(res.status, body).toBe(200);
    }
    const stored = (await (await gw.fetch('/v1/events/4242', { headers: bearer() })).json()) as { type: string; payload: string };
    expect(stored).toMatchObject({ type: 'PAY_START', payload: JSON.stringify({ event_id: 4242, type: 'PAY_START' }) });
  });

  it('answers 503 not_configured, never 500, when PUBLIC_URL is not a URL', async () => {
    const misconfigured = await startGateway({ vars: { PUBLIC_URL: 'not a url' } });
    try {
      const res = await misconfigured.fetch('/v1/webhooks', webhookDelivery());
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'not_configured' });
    } finally {
      await misconfigured.dispose();
    }
  });

  it('keeps unknown event types', async () => {
    const delivery = webhookDelivery({ type: 'SOMETHING_NEW', data: { x: 1 } });
    expect((await gw.fetch('/v1/webhooks', delivery)).status).toBe(200);
    const list = (await (await gw.fetch('/v1/events?type=SOMETHING_NEW', { headers: bearer() })).json()) as { events: Summary[] };
    expect(list.events.map((e) => e.event_id)).toEqual([delivery.event_id]);
  });

  it('stores concurrent duplicates once, and answers each of them 200', async () => {
    const delivery = webhookDelivery({ type: 'REFUND' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => gw.fetch('/v1/webhooks', delivery)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { duplicate: boolean }[];
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(await gw.sql('SELECT event_id FROM events WHERE event_id = ?', delivery.event_id)).toHaveLength(1);
  });

  it.each([
    ['a wrong key', webhookDelivery({}, { key: 'other-key' })],
    ['a signature over another path', webhookDelivery({}, { path: '/api/v1/webhooks' })],
  ])('refuses %s with 401 bad_signature and stores nothing', async (_name, delivery) => {
    const res = await gw.fetch('/v1/webhooks', delivery);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('bad_signature');
    expect(await gw.sql('SELECT 1 FROM events WHERE event_id = ?', delivery.event_id)).toHaveLength(0);
  });

  it('refuses a missing signature and a tampered body with 401', async () => {
    const delivery = webhookDelivery();
    const headers = { ...(delivery.headers as Record<string, string>) };
    const { signature: _dropped, ...unsigned } = headers;
    expect((await gw.fetch('/v1/webhooks', { ...delivery, headers: unsigned })).status).toBe(401);
    expect((await gw.fetch('/v1/webhooks', { ...delivery, body: delivery.body.replace('12.34', '99.34') })).status).toBe(401);
  });

  it('answers a signed body that is not an envelope with 400 naming the fields', async () => {
    const delivery = webhookDelivery({}, { body: JSON.stringify({ type: 'PAY_SUCCESS', data: {} }) });
    const res = await gw.fetch('/v1/webhooks', delivery);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; msg: string };
    expect(body.code).toBe('invalid_request');
    expect(body.msg).toContain('event_id');
  });

  it('answers 413 above 1 MB', async () => {
    const delivery = webhookDelivery({ data: { blob: 'x'.repeat(1024 * 1024) } });
    expect((await gw.fetch('/v1/webhooks', delivery)).status).toBe(413);
  });
});

describe('signature key rotation', () => {
  it('accepts deliveries signed with PASSTO_SIGNATURE_KEY or PASSTO_SIGNATURE_KEY_PREVIOUS, and no other', async () => {
    const gw = await startGateway({ vars: { PASSTO_SIGNATURE_KEY: 'new-key', PASSTO_SIGNATURE_KEY_PREVIOUS: 'sandbox-signature-key' } });
    try {
      expect((await gw.fetch('/v1/webhooks', webhookDelivery({}, { key: 'new-key' }))).status).toBe(200);
      expect((await gw.fetch('/v1/webhooks', webhookDelivery({}, { key: 'sandbox-signature-key' }))).status).toBe(200);
      expect((await gw.fetch('/v1/webhooks', webhookDelivery({}, { key: 'older-key' }))).status).toBe(401);
    } finally {
      await gw.dispose();
    }
  });
});

describe('GET /v1/events', () => {
  let gw: GatewayHarness;
  const ids: string[] = [];
  beforeAll(async () => {
    gw = await startGateway();
    for (let i = 0; i < 7; i++) {
      const delivery = webhookDelivery({ type: i % 2 ? 'PAY_START' : 'PAY_SUCCESS', event_id: `evt-${i}` });
      ids.push(delivery.event_id);
      expect((await gw.fetch('/v1/webhooks', delivery)).status).toBe(200);
    }
  });
  afterAll(() => gw.dispose());

  const list = async (query: string) => {
    const res = await gw.fetch(`/v1/events${query}`, { headers: bearer() });
    return { status: res.status, body: (await res.json()) as { events: Summary[]; next_cursor: string | null; code?: string } };
  };

  it('pages newest first with an opaque cursor, null at the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body } = await list(`?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...body.events.map((e) => e.event_id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('lists each event with exactly the documented fields', async () => {
    const { body } = await list('?limit=1');
    expect(Object.keys(body.events[0]!).sort()).toEqual(['attempts', 'event_id', 'event_key', 'last_error', 'next_attempt_at', 'received_at', 'status', 'type']);
  });

  it('filters by type and status', async () => {
    expect((await list('?type=PAY_START')).body.events.map((e) => e.event_id)).toEqual(['evt-5', 'evt-3', 'evt-1']);
    expect((await list('?status=stored&limit=100')).body.events).toHaveLength(7);
    expect((await list('?status=failed')).body.events).toHaveLength(0);
  });

  it.each([['?limit=0'], ['?limit=101'], ['?limit=abc'], ['?status=lost'], ['?cursor=not-a-cursor']])('answers 400 for %s', async (query) => {
    const { status, body } = await list(query);
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_request');
  });

  it('needs the bearer token', async () => {
    expect((await gw.fetch('/v1/events')).status).toBe(401);
    expect((await gw.fetch(`/v1/events/${ids[0]}`)).status).toBe(401);
    expect((await gw.fetch(`/v1/events/${ids[0]}/redeliver`, { method: 'POST' })).status).toBe(401);
  });

  it('answers 404 for an unknown event', async () => {
    const res = await gw.fetch('/v1/events/nope', { headers: bearer() });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('not_found');
  });

  it('refuses a redelivery with 409 when no FORWARD_URL is set', async () => {
    const res = await gw.fetch(`/v1/events/${ids[0]}/redeliver`, { method: 'POST', headers: bearer() });
    expect(res.status).toBe(409);
  });
});
