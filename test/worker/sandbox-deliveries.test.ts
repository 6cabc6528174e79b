/**
 * The sandbox's deliveries on the SDK's transport and the one backoff (worker/sandbox/deliveries.ts),
 * with a fake database and a fake clock: a hung gateway handler is a failed try after the delivery
 * timeout (it no longer holds the delivery), and retries wait 5 s, 10 s, 20 s, ... without jitter.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { GatewayConfig } from '../../worker/env.ts';
import { attemptDelivery, type SandboxDelivery } from '../../worker/sandbox/deliveries.ts';
import type { SqlDatabase, SqlValue } from '../../worker/store/sql.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

/** A database holding one due delivery that has had `attempts - 1` tries; records the final update. */
function oneDelivery(attempts: number) {
  const updates: (readonly SqlValue[])[] = [];
  const row: SandboxDelivery = {
    id: 1,
    event_id: 'evt-1',
    ident_code: 'code',
    type: 'PAY_SUCCESS',
    url: 'http://gateway.test/v1/webhooks',
    path: '/v1/webhooks',
    body: '{"type":"PAY_SUCCESS","retry":0,"event_id":"evt-1","data":{}}',
    token: 'tok',
    attempts,
    status: 'pending',
    next_attempt_at: 0,
    last_status: null,
    created_at: 0,
  };
  const db: SqlDatabase = {
    all: async () => [],
    first: async <Row>() => row as Row,
    run: async (_sql: string, params: readonly SqlValue[] = []) => {
      updates.push(params);
      return { changes: 1 };
    },
  };
  return { db, updates };
}
const config = { sandbox: { signatureKey: 'sandbox-key' } } as GatewayConfig;

it('a handler that never answers is a failed try after 30 s, retried 5 s later', async () => {
  const { db, updates } = oneDelivery(1);
  const dispatch = vi.fn(() => new Promise<Response>(() => {}));
  const start = Date.now();
  const outcome = attemptDelivery({ db, config, dispatch, now: Date.now }, 'evt-1');
  await vi.advanceTimersByTimeAsync(30_000);
  await new Promise((resolve) => setImmediate(resolve)); // the timer's I/O turn
  expect(await outcome).toEqual({ status: null, state: 'pending', attempts: 1 });
  expect(dispatch).toHaveBeenCalledTimes(1);
  expect(updates.at(-1)).toEqual(['pending', start + 30_000 + 5000, null, 1]);
});

it('waits 5 s doubling per try, exactly; signs the body with retry set, sends it in-process', async () => {
  for (const [attempts, wait] of [
    [2, 10_000],
    [4, 40_000],
    [9, 1_280_000],
  ] as const) {
    const { db, updates } = oneDelivery(attempts);
    const requests: Request[] = [];
    const dispatch = async (request: Request) => {
      requests.push(request);
      return new Response('no', { status: 500 });
    };
    expect(await attemptDelivery({ db, config, dispatch, now: Date.now }, 'evt-1')).toEqual({ status: 500, state: 'pending', attempts });
    expect(updates.at(-1)).toEqual(['pending', Date.now() + wait, 500, 1]);
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.headers.get('token')).toBe('tok');
    expect(JSON.parse(await requests[0]!.text())).toMatchObject({ retry: attempts - 1 });
  }
});
