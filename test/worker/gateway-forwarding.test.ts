/**
 * Forwarding to the platform backend: the first attempt right after the store commits, retries
 * by the cron trigger (scheduled()) with backoff, `failed` after FORWARD_MAX_ATTEMPTS, redelivery,
 * and retention. The backend is a real HTTP server on 127.0.0.1.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, startBackend } from './backend.ts';
import { type GatewayHarness, startGateway } from './harness.ts';
import { until } from './poll.ts';
import { bearer, webhookDelivery } from './signed.ts';

type Row = { status: string; attempts: number; last_error: string | null; next_attempt_at: number | null };
const FORWARD_KEY = 'forward-signature-key';

describe('forwarding state machine', () => {
  let backend: Backend;
  let gw: GatewayHarness;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startGateway({
      vars: {
        FORWARD_URL: `${backend.url}/passto/events`,
        FORWARD_SIGNATURE_KEY: FORWARD_KEY,
        FORWARD_MAX_ATTEMPTS: '3',
        FORWARD_BACKOFF_BASE_MS: '0', // retries are due at once, so scheduled() runs them
      },
    });
  });
  afterAll(async () => {
    await gw.dispose();
    await backend.close();
  });
  beforeEach(() => {
    backend.received.length = 0;
  });

  const row = async (id: string) => (await gw.sql<Row>('SELECT status, attempts, last_error, next_attempt_at FROM events WHERE event_id = ?', id))[0]!;

  it('forwards the exact payload, signed over the forward path, with event-id, trace and attempt', async () => {
    backend.respond = () => ({ status: 204 });
    const delivery = webhookDelivery({ type: 'PAY_SUCCESS' });
    expect((await gw.fetch('/v1/webhooks', delivery)).status).toBe(200);
    const final = await until(() => row(delivery.event_id), (r) => r.status === 'delivered');
    expect(final).toMatchObject({ status: 'delivered', attempts: 1, last_error: null, next_attempt_at: null });
    const [sent] = backend.received;
    expect(sent!.path).toBe('/passto/events');
    expect(sent!.body).toBe(delivery.body);
    expect(sent!.headers['event-id']).toBe(delivery.event_id);
    expect(sent!.headers.attempt).toBe('1');
    expect(sent!.headers.trace).toBe(`trace-${delivery.event_id}`);
    expect(sent!.headers.signature).toBe(createHmac('sha1', FORWARD_KEY).update(`/passto/events${delivery.body}`).digest('base64'));
  });

  it('retries a failing backend from the cron until it recovers', async () => {
    let calls = 0;
    backend.respond = () => (++calls <= 2 ? { status: 503 } : { status: 200 });
    const delivery = webhookDelivery({ type: 'REFUND' });
    expect((await gw.fetch('/v1/webhooks', delivery)).status).toBe(200);
    const afterFirst = await until(() => row(delivery.event_id), (r) => r.attempts === 1 && r.last_error !== null);
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 503' });
    const listed = (await (await gw.fetch('/v1/events?status=pending', { headers: bearer() })).json()) as { events: { event_id: string }[] };
    expect(listed.events.map((e) => e.event_id)).toContain(delivery.event_id);

    await gw.scheduled();
    expect(await row(delivery.event_id)).toMatchObject({ status: 'pending', attempts: 2, last_error: 'HTTP 503' });
    await gw.scheduled();
    expect(await row(delivery.event_id)).toMatchObject({ status: 'delivered', attempts: 3, last_error: null });
    expect(backend.received.map((r) => r.headers.attempt)).toEqual(['1', '2', '3']);
    expect(new Set(backend.received.map((r) => r.body))).toEqual(new Set([delivery.body]));
  });

  it('marks an event failed after FORWARD_MAX_ATTEMPTS, and redelivers it on request', async () => {
    backend.respond = () => ({ status: 500 });
    const delivery = webhookDelivery({ type: 'PAY_FAILED' });
    await gw.fetch('/v1/webhooks', delivery);
    await until(() => row(delivery.event_id), (r) => r.attempts === 1 && r.last_error !== null);
    await gw.scheduled();
    await gw.scheduled();
    expect(await row(delivery.event_id)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'HTTP 500', next_attempt_at: null });
    await gw.scheduled(); // a failed event is not retried by the cron
    expect(backend.received).toHaveLength(3);

    backend.respond = () => ({ status: 200 });
    const res = await gw.fetch(`/v1/events/${delivery.event_id}/redeliver`, { method: 'POST', headers: bearer() });
    expect(res.status).toBe(202);
    expect(await until(() => row(delivery.event_id), (r) => r.status === 'delivered')).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('retries an unreachable backend (network error) like a failing one', async () => {
    const down = await startGateway({ vars: { FORWARD_URL: 'http://127.0.0.1:9/nothing', FORWARD_SIGNATURE_KEY: FORWARD_KEY, FORWARD_BACKOFF_BASE_MS: '0' } });
    try {
      const delivery = webhookDelivery();
      expect((await down.fetch('/v1/webhooks', delivery)).status).toBe(200);
      const r = await until(
        async () => (await down.sql<Row>('SELECT status, attempts, last_error FROM events WHERE event_id = ?', delivery.event_id))[0]!,
        (x) => x.last_error !== null,
      );
      expect(r.status).toBe('pending');
      expect(r.last_error).toMatch(/^network|^timeout/);
    } finally {
      await down.dispose();
    }
  });

  it('a redelivery during a failing attempt wins: the late failure does not overwrite the delivery', async () => {
    const racing = await startGateway({
      vars: { FORWARD_URL: `${backend.url}/passto/events`, FORWARD_SIGNATURE_KEY: FORWARD_KEY, FORWARD_MAX_ATTEMPTS: '1' },
    });
    try {
      let calls = 0;
      backend.respond = () => (++calls === 1 ? { status: 500, delayMs: 1500 } : { status: 200 });
      const delivery = webhookDelivery();
      await racing.fetch('/v1/webhooks', delivery);
      await until(async () => calls, (n) => n === 1);
      expect((await racing.fetch(`/v1/events/${delivery.event_id}/redeliver`, { method: 'POST', headers: bearer() })).status).toBe(202);
      const read = async () => (await racing.sql<Row>('SELECT status, attempts, last_error FROM events WHERE event_id = ?', delivery.event_id))[0]!;
      await until(read, (r) => r.status === 'delivered');
      await new Promise((resolve) => setTimeout(resolve, 2000)); // the first attempt's 500 arrives and is recorded late
      expect(await read()).toMatchObject({ status: 'delivered', last_error: null });
    } finally {
      await racing.dispose();
    }
  });

  it('never forwards unsigned: without FORWARD_SIGNATURE_KEY the event stays pending with the reason', async () => {
    const unsigned = await startGateway({ vars: { FORWARD_URL: `${backend.url}/passto/events`, FORWARD_BACKOFF_BASE_MS: '0' } });
    try {
      const delivery = webhookDelivery();
      expect((await unsigned.fetch('/v1/webhooks', delivery)).status).toBe(200);
      const read = async () => (await unsigned.sql<Row>('SELECT status, attempts, last_error FROM events WHERE event_id = ?', delivery.event_id))[0]!;
      expect(await until(read, (r) => r.last_error !== null)).toMatchObject({ status: 'pending', last_error: 'not sent: FORWARD_SIGNATURE_KEY is not set' });
      expect(backend.received).toHaveLength(0);
    } finally {
      await unsigned.dispose();
    }
  });

  it('purges events older than EVENT_RETENTION_DAYS from the cron', async () => {
    backend.respond = () => ({ status: 200 });
    const delivery = webhookDelivery();
    await gw.fetch('/v1/webhooks', delivery);
    await until(() => row(delivery.event_id), (r) => r.status === 'delivered');
    await gw.sql('UPDATE events SET received_at = ? WHERE event_id = ?', Date.now() - 91 * 24 * 3600 * 1000, delivery.event_id);
    await gw.scheduled();
    expect(await gw.sql('SELECT 1 FROM events WHERE event_id = ?', delivery.event_id)).toHaveLength(0);
  });
});
