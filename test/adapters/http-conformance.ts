/**
 * The gateway's HTTP conformance suite, written once and run against every long-running adapter
 * (Node 22, Deno, Bun) on its real runtime: auth through the sandbox, a signed webhook stored
 * with its exact payload, redelivery by the schedule timer, and the event log surviving a
 * restart on the same SQLite file. Requests are signed here with node:crypto (test/worker/signed.ts).
 */
import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Backend } from '../worker/backend.ts';
import { until } from '../worker/poll.ts';
import { authBody, bearer, webhookDelivery } from '../worker/signed.ts';

/** The key the adapters' gateway signs its forwards with, in these tests. */
export const FORWARD_SIGNATURE_KEY = 'adapter-forward-key';

/** A gateway under test. */
export interface GatewayTarget {
  /** Its base URL, e.g. `http://127.0.0.1:40123` (it may change across a restart). */
  baseUrl(): string;
  /** Stops it (gracefully: it must exit 0) and starts it again on the same database. */
  restart(): Promise<void>;
  /** What it printed since it last started. */
  output(): string;
  /** The platform backend it forwards events to (its `FORWARD_URL`). */
  backend(): Backend;
}

const TIMEOUT_MS = 10_000;

async function call(target: GatewayTarget, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${target.baseUrl()}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
}

async function getEvent(target: GatewayTarget, id: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await call(target, `/v1/events/${id}`, { headers: bearer() });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The curl command the banner printed, taken apart: URL, headers and body. */
function printedCurl(output: string): { url: string; headers: Record<string, string>; body: string } {
  const line = output.split('\n').find((l) => l.startsWith('curl '));
  if (!line) throw new Error(`no curl line in:\n${output}`);
  const url = /-X POST (\S+)/.exec(line)?.[1];
  const headers = Object.fromEntries([...line.matchAll(/-H '([^:']+): ([^']*)'/g)].map((m) => [m[1]!, m[2]!]));
  const body = /-d '([^']*)'/.exec(line)?.[1];
  if (!url || !body) throw new Error(`unexpected curl line: ${line}`);
  return { url, headers, body };
}

/** Defines the suite's tests (in order; the restart comes last) against `target`. */
export function httpConformance(target: GatewayTarget): void {
  const stored: { event_id: string; body: string }[] = [];

  it('answers /health', async () => {
    const res = await call(target, '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('gets an ident_code through the sandbox (POST /v1/identify/auth)', async () => {
    const res = await call(target, '/v1/identify/auth', {
      method: 'POST',
      body: JSON.stringify(authBody()),
      headers: { 'content-type': 'application/json', ...bearer() },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body.ident_code).toMatch(/^[0-9a-f]{32}$/);
    expect(body.url).toBe(`${target.baseUrl()}/sandbox/oauth?ident_code=${body.ident_code}`);
  });

  it('prints a curl that works as printed, and no secret', async () => {
    const curl = printedCurl(target.output());
    expect(curl.url).toBe(`${target.baseUrl()}/v1/identify/auth`);
    expect(curl.headers.Authorization).toBe('Bearer dev-token');
    const res = await fetch(curl.url, { method: 'POST', headers: curl.headers, body: curl.body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ident_code: string }).ident_code).toMatch(/^[0-9a-f]{32}$/);
    for (const secret of ['sandbox-api-key', 'sandbox-signature-key']) expect(target.output()).not.toContain(secret);
  });

  it('refuses a wrong bearer token with 401', async () => {
    const res = await call(target, '/v1/identify/auth', { method: 'POST', body: JSON.stringify(authBody()), headers: bearer('nope') });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('unauthorized');
  });

  it('stores a signed webhook once, with its exact payload', async () => {
    const delivery = webhookDelivery({ type: 'PAY_SUCCESS' });
    const res = await call(target, '/v1/webhooks', delivery);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: 0, event_id: delivery.event_id, duplicate: false });
    const event = await getEvent(target, delivery.event_id);
    expect(event.status).toBe(200);
    expect(event.body.payload).toBe(delivery.body);
    expect(event.body.type).toBe('PAY_SUCCESS');
    const again = await call(target, '/v1/webhooks', delivery);
    expect(await again.json()).toMatchObject({ duplicate: true });
    stored.push(delivery);
  });

  it('refuses a webhook signed with another key (401) and stores nothing', async () => {
    const forged = webhookDelivery({}, { key: 'not-the-key' });
    const res = await call(target, '/v1/webhooks', forged);
    expect(res.status).toBe(401);
    expect((await getEvent(target, forged.event_id)).status).toBe(404);
  });

  it('retries a failed forward from the schedule timer until the backend takes it', async () => {
    const backend = target.backend();
    const delivery = webhookDelivery();
    // The first attempt (right after the store) fails; only the timer can make the second.
    backend.respond = (r) => (r.headers['event-id'] === delivery.event_id && r.headers.attempt === '1' ? { status: 500 } : { status: 200 });
    expect((await call(target, '/v1/webhooks', delivery)).status).toBe(200);
    const event = await until(
      () => getEvent(target, delivery.event_id),
      (e) => e.body.status === 'delivered',
      TIMEOUT_MS,
    );
    expect(event.body).toMatchObject({ status: 'delivered', attempts: 2 });
    const attempts = backend.received.filter((r) => r.headers['event-id'] === delivery.event_id);
    expect(attempts.map((r) => r.headers.attempt)).toEqual(['1', '2']);
    expect(attempts.every((r) => r.body === delivery.body)).toBe(true);
    // Signed over the forward URL's path + the payload, as the backend verifies it.
    const expected = createHmac('sha1', FORWARD_SIGNATURE_KEY).update(`/passto/events${delivery.body}`).digest('base64');
    expect(attempts.every((r) => r.headers.signature === expected)).toBe(true);
  });

  it('keeps stored events across a restart on the same database file', async () => {
    expect(stored.length).toBeGreaterThan(0);
    await target.restart();
    for (const delivery of stored) {
      const event = await getEvent(target, delivery.event_id);
      expect(event.status).toBe(200);
      expect(event.body.payload).toBe(delivery.body);
      expect(await (await call(target, '/v1/webhooks', delivery)).json()).toMatchObject({ duplicate: true });
    }
    // Migrations ran once: the second start applied none.
    expect(target.output()).not.toContain('applied migrations');
  });
}
