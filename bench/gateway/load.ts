/**
 * The load of `npm run bench:gateway`: autocannon at 50 connections, each request a PassTo
 * delivery signed over path + body with a new event_id, and the ids answered 200 recorded.
 */
import { createHmac, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

/** The signature key the benchmark's gateways are configured with (not a secret). */
export const BENCH_KEY = 'bench-signature-key';
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
/**
 * Deliveries signed before a run starts, per second of it: more than any target here answers.
 * Signing in the load generator, which shares the machine's cores with the server under test,
 * would otherwise take CPU from the server, and from the gateway rows more than from a GET `/health`.
 */
const PRESIGNED_PER_SECOND = 12_000;
/** ... up to this many per phase (~1 KB each), so a long run does not hold hundreds of MB. */
const PRESIGNED_MAX = 150_000;

/** One signed PassTo delivery of a PAY_SUCCESS event with a new event_id (the body is ~400 bytes). */
export function signedDelivery(eventId: string, path = '/v1/webhooks'): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    type: 'PAY_SUCCESS',
    platform_id: 'bench-plat',
    retry: 0,
    event_id: eventId,
    data: { tag: 'default', token: 'tok-user-1', amount: '12.34', currency: 'CNY', real_ip: '203.0.113.9', order_no: `ORD-${eventId}`, trade_time: 1767225600000, merchant_name: 'bench', result: 'success', remark: '' },
  });
  const signature = createHmac('sha1', BENCH_KEY).update(path + body).digest('base64');
  return { body, headers: { 'content-type': 'application/json', signature, token: 'tok-user-1', timestamp: String(Date.now()) } };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  other: number;
  /** The event ids answered 200, and those sent whose answer the end of the run cut off. */
  acked: Set<string>;
  cut: Set<string>;
  /** The measured events' id prefix. */
  prefix: string;
}

/**
 * Drives `seconds` of load at CONNECTIONS over `urls` (split evenly), each request a new signed
 * event, after a short warm-up. `signed: false` sends a GET (the Worker's `/health`);
 * `presign: false` signs each delivery as it is sent, as the first version of this benchmark did.
 */
export async function load(urls: string[], path: string, seconds: number, signed = true, presign = true): Promise<LoadResult> {
  const run = randomUUID().slice(0, 8);
  // Warm-up events are stored too, under another prefix: only the measured ones are counted.
  const idOf = (i: number, record: boolean) => `${record ? 'bench' : 'warmup'}-${run}-${i}`;
  // Each phase's deliveries signed ahead, handed out in order; past the end, signed on the fly.
  const signAhead = (count: number, record: boolean) => (signed && presign ? Array.from({ length: Math.min(count, PRESIGNED_MAX) }, (_, i) => signedDelivery(idOf(i, record), path)) : []);
  const phases: Record<'warmup' | 'measured', { next: number; ahead: (ReturnType<typeof signedDelivery> | undefined)[] }> = { warmup: { next: 0, ahead: signAhead(PRESIGNED_PER_SECOND * WARMUP_SECONDS, false) }, measured: { next: 0, ahead: signAhead(PRESIGNED_PER_SECOND * seconds, true) } };
  const acked = new Set<string>();
  const sent = new Set<string>();
  const statuses = new Map<number, number>();
  const one = (url: string, connections: number, secs: number, record: boolean) =>
    autocannon({
      url: `${url}${path}`,
      connections,
      duration: secs,
      requests: [
        signed
          ? {
              method: 'POST',
              setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
                const phase = record ? phases.measured : phases.warmup;
                const i = phase.next++;
                const id = idOf(i, record);
                context.id = id;
                if (record) sent.add(id);
                const delivery = phase.ahead[i] ?? signedDelivery(id, path);
                phase.ahead[i] = undefined; // sent: let it go
                return { ...request, path, ...delivery };
              },
              onResponse: (status: number, body: string, context: Record<string, unknown>) => {
                if (status === 200 && record) acked.add(context.id as string);
                if (status !== 200 && record) {
                  statuses.set(status, (statuses.get(status) ?? 0) + 1);
                  if ((statuses.get(status) ?? 0) <= 2) console.error(`bench: HTTP ${status}: ${body.slice(0, 300)}`);
                }
              },
            }
          : { method: 'GET' },
      ],
    });
  const split = (total: number) => urls.map((_, i) => Math.floor(total / urls.length) + (i < total % urls.length ? 1 : 0));
  await Promise.all(urls.map((url, i) => one(url, split(CONNECTIONS)[i]!, WARMUP_SECONDS, false)));
  const results = await Promise.all(urls.map((url, i) => one(url, split(CONNECTIONS)[i]!, seconds, true)));
  const ok = results.reduce((sum, r) => sum + r['2xx'], 0);
  const other = results.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
  if (other > 0) {
    const errors = results.reduce((sum, r) => sum + r.errors, 0);
    const timeouts = results.reduce((sum, r) => sum + r.timeouts, 0);
    console.error(`bench: not 200: ${[...statuses].map(([s, n]) => `HTTP ${s} x${n}`).join(', ') || 'no HTTP status'}; connection errors ${errors} (timeouts ${timeouts})`);
  }
  // Latency percentiles of the busiest instance (one URL but with --processes).
  const main = results.reduce((a, b) => (a.requests.total >= b.requests.total ? a : b));
  const cut = new Set([...sent].filter((id) => !acked.has(id)));
  return { rps: ok / seconds, p50: main.latency.p50, p99: main.latency.p99, ok, other, acked, cut, prefix: `bench-${run}-` };
}

/** PassTo's retry: the deliveries whose answer the end of the run cut off are sent again, so each is answered (200 stored, or 200 duplicate). */
export async function redeliver(url: string, path: string, ids: Set<string>, acked: Set<string>): Promise<void> {
  for (const id of ids) {
    const { body, headers } = signedDelivery(id, path);
    const response = await fetch(`${url}${path}`, { method: 'POST', body, headers });
    await response.text();
    if (response.status === 200) acked.add(id);
  }
}

