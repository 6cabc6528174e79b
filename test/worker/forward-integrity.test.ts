/**
 * Issue 8, items 4 and 5b, on the Worker in workerd with a real local D1: no outbound call follows
 * a redirect (forwarding and the credit-limit call), and concurrent redeliveries of one event never
 * run two forwarding attempts side by side.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from './harness.ts';
import { until } from './poll.ts';
import { type ScriptedBackend, startScriptedBackend } from './scripted-backend.ts';
import { bearer, creditLimitCall, webhookDelivery } from './signed.ts';

type Row = { status: string; attempts: number; last_error: string | null };
const REDIRECTS = [301, 302, 303, 307, 308] as const;

describe('outbound calls on workerd', () => {
  let backend: ScriptedBackend;
  let target: ScriptedBackend;
  let gw: GatewayHarness;
  beforeAll(async () => {
    backend = await startScriptedBackend();
    target = await startScriptedBackend();
    gw = await startGateway({
      vars: {
        FORWARD_URL: `${backend.url}/passto/events`,
        FORWARD_SIGNATURE_KEY: 'forward-signature-key',
        FORWARD_BACKOFF_BASE_MS: '3600000', // one attempt per test: no retry falls due meanwhile
        CREDIT_LIMIT_URL: `${backend.url}/limits`,
      },
    });
  });
  afterAll(async () => {
    await gw?.dispose();
    await backend?.close();
    await target?.close();
  });
  beforeEach(() => {
    backend.requests.length = 0;
    target.requests.length = 0;
    backend.maxInFlight = 0;
    backend.answer = () => ({ status: 200, body: '{}' });
  });

  const row = async (id: string) => (await gw.sql<Row>('SELECT status, attempts, last_error FROM events WHERE event_id = ?', id))[0]!;

  it.each(REDIRECTS)('a %i from FORWARD_URL is a failed attempt naming the Location; the target gets nothing', async (status) => {
    backend.answer = () => ({ status, headers: { location: `${target.url}/elsewhere` } });
    const delivery = webhookDelivery();
    expect((await gw.fetch('/v1/webhooks', delivery)).status).toBe(200);
    const after = await until(() => row(delivery.event_id), (r) => r.last_error !== null);
    expect(after).toEqual({ status: 'pending', attempts: 1, last_error: `HTTP ${status} redirect to ${target.url}/elsewhere (not followed)` });
    expect(backend.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
  });

  it.each(REDIRECTS)('a %i from CREDIT_LIMIT_URL is a 502 upstream_error naming it; the target gets nothing', async (status) => {
    backend.answer = () => ({ status, headers: { location: `${target.url}/elsewhere` } });
    const res = await gw.fetch('/v1/credit-limit', creditLimitCall());
    expect(res.status).toBe(502);
    const body = (await res.json()) as { code: string; msg: string };
    expect(body.code).toBe('upstream_error');
    expect(body.msg).toContain(`HTTP ${status} redirect to ${target.url}/elsewhere (not followed)`);
    expect(target.requests).toHaveLength(0);
  });

  it('20 concurrent redeliveries of one event: never two attempts at once, and it ends delivered', async () => {
    const delivery = webhookDelivery();
    await gw.fetch('/v1/webhooks', delivery);
    await until(() => row(delivery.event_id), (r) => r.status === 'delivered');
    backend.requests.length = 0;

    backend.hold(); // every forward now stays in flight until open()
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => gw.fetch(`/v1/events/${delivery.event_id}/redeliver`, { method: 'POST', headers: bearer() })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(202));
    await until(async () => backend.requests.length, (n) => n >= 1);
    await gw.scheduled(); // the cron finds the event leased, not due
    expect(backend.maxInFlight).toBe(1);

    backend.open();
    expect(await until(() => row(delivery.event_id), (r) => r.status === 'delivered')).toMatchObject({ status: 'delivered', last_error: null });
    // The attempt in flight, then (when a redelivery came in during it) one more: one at a time.
    expect(backend.maxInFlight).toBe(1);
    expect(backend.requests.length).toBeGreaterThanOrEqual(1);
    expect(backend.requests.length).toBeLessThanOrEqual(2);
  });
});
