/**
 * Issue 8, items 4 and 5b, on the Node, Deno and Bun adapters (SQLite event log): no outbound
 * call follows a redirect, and concurrent redeliveries of one event never run two forwarding
 * attempts side by side. One adapter process per runtime.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { devVars } from '../worker/harness.ts';
import { until } from '../worker/poll.ts';
import { type ScriptedBackend, startScriptedBackend } from '../worker/scripted-backend.ts';
import { bearer, creditLimitCall, webhookDelivery } from '../worker/signed.ts';
import { type AdapterProcess, startAdapter, stopAll } from './adapter-process.ts';
import type { AdapterRuntime } from './runtimes.ts';

const RUNTIMES: AdapterRuntime[] = ['node', 'deno', 'bun'];
const REDIRECTS = [301, 302, 303, 307, 308] as const;
type Event = { status: string; attempts: number; last_error: string | null };

describe.each(RUNTIMES)('outbound calls on the %s adapter', (runtime) => {
  let dir: string;
  let backend: ScriptedBackend;
  let target: ScriptedBackend;
  let gateway: AdapterProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `passto-integrity-${runtime}-`));
    backend = await startScriptedBackend();
    target = await startScriptedBackend();
    gateway = await startAdapter(runtime, {
      ...devVars(),
      PASSTO_DB: join(dir, 'gateway.sqlite'),
      SCHEDULE_INTERVAL_MS: '250',
      FORWARD_URL: `${backend.url}/passto/events`,
      FORWARD_SIGNATURE_KEY: 'forward-signature-key',
      FORWARD_BACKOFF_BASE_MS: '3600000', // one attempt per test: no retry falls due meanwhile
      CREDIT_LIMIT_URL: `${backend.url}/limits`,
    });
  });
  afterAll(async () => {
    await stopAll();
    await backend?.close();
    await target?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    backend.requests.length = 0;
    target.requests.length = 0;
    backend.maxInFlight = 0;
    backend.answer = () => ({ status: 200, body: '{}' });
  });

  const event = async (id: string) => (await (await fetch(`${gateway.url}/v1/events/${id}`, { headers: bearer() })).json()) as Event;
  const post = (path: string, init: RequestInit) => fetch(`${gateway.url}${path}`, init);

  it.each(REDIRECTS)('a %i from FORWARD_URL is a failed attempt naming the Location; the target gets nothing', async (status) => {
    backend.answer = () => ({ status, headers: { location: `${target.url}/elsewhere` } });
    const delivery = webhookDelivery();
    expect((await post('/v1/webhooks', delivery)).status).toBe(200);
    const after = await until(() => event(delivery.event_id), (e) => e.last_error !== null);
    expect(after).toMatchObject({ status: 'pending', attempts: 1, last_error: `HTTP ${status} redirect to ${target.url}/elsewhere (not followed)` });
    expect(backend.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
  });

  it.each(REDIRECTS)('a %i from CREDIT_LIMIT_URL is a 502 upstream_error naming it; the target gets nothing', async (status) => {
    backend.answer = () => ({ status, headers: { location: `${target.url}/elsewhere` } });
    const res = await post('/v1/credit-limit', creditLimitCall());
    expect(res.status).toBe(502);
    const body = (await res.json()) as { code: string; msg: string };
    expect(body.code).toBe('upstream_error');
    expect(body.msg).toContain(`HTTP ${status} redirect to ${target.url}/elsewhere (not followed)`);
    expect(target.requests).toHaveLength(0);
  });

  it('20 concurrent redeliveries of one event: never two attempts at once, and it ends delivered', async () => {
    const delivery = webhookDelivery();
    await post('/v1/webhooks', delivery);
    await until(() => event(delivery.event_id), (e) => e.status === 'delivered');
    backend.requests.length = 0;

    backend.hold(); // every forward now stays in flight until open()
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(`/v1/events/${delivery.event_id}/redeliver`, { method: 'POST', headers: bearer() })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(202));
    // Give every redelivery's background attempt (and a few schedule ticks) the chance to send:
    // a bounded wait for a second concurrent forward, which must not come.
    await until(async () => backend.requests.length, (n) => n >= 2, 1500);
    expect(backend.maxInFlight).toBe(1);

    backend.open();
    expect(await until(() => event(delivery.event_id), (e) => e.status === 'delivered')).toMatchObject({ status: 'delivered', last_error: null });
    expect(backend.maxInFlight).toBe(1);
    expect(backend.requests.length).toBeLessThanOrEqual(2);
  });
});
