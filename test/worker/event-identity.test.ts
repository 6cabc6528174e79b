/**
 * Event identity on the Worker in workerd with a real local D1 (test/integrity/event-identity-suite.ts),
 * plus what only this harness can reach: retention purges a payload, its tombstone keeps a replay
 * of the same signed bytes from being stored and forwarded again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryWithId, eventIdentitySuite } from '../integrity/event-identity-suite.ts';
import { type Backend, startBackend } from './backend.ts';
import { type GatewayHarness, startGateway } from './harness.ts';
import { until } from './poll.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('event identity on workerd (D1)', () => {
  let backend: Backend;
  let gw: GatewayHarness;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startGateway({
      vars: { FORWARD_URL: `${backend.url}/passto/events`, FORWARD_SIGNATURE_KEY: 'identity-forward-key', FORWARD_BACKOFF_BASE_MS: '0' },
    });
  });
  afterAll(async () => {
    await gw?.dispose();
    await backend?.close();
  });

  eventIdentitySuite({ fetch: (path, init) => gw.fetch(path, init), backend: () => backend });

  it('a replay after retention purged the payload is a duplicate: not stored, not forwarded again', async () => {
    const delivery = deliveryWithId('"evt-replayed-after-purge"');
    expect((await gw.fetch('/v1/webhooks', delivery)).status).toBe(200);
    const status = async () => (await gw.sql<{ status: string }>('SELECT status FROM events WHERE event_id = ?', 'evt-replayed-after-purge'))[0]?.status;
    expect(await until(status, (s) => s === 'delivered')).toBe('delivered');
    const forwards = () => backend.received.filter((r) => r.headers['event-id'] === 'evt-replayed-after-purge').length;
    expect(forwards()).toBe(1);

    // Received 91 days ago: past the 90-day retention, well inside the 365-day tombstone.
    await gw.sql('UPDATE events SET received_at = ? WHERE event_id = ?', Date.now() - 91 * DAY_MS, 'evt-replayed-after-purge');
    await gw.scheduled();
    expect(await status()).toBeUndefined();
    expect(await gw.sql('SELECT event_id FROM event_tombstones WHERE event_id = ?', 'evt-replayed-after-purge')).toHaveLength(1);

    const replay = await gw.fetch('/v1/webhooks', deliveryWithId('"evt-replayed-after-purge"'));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ duplicate: true });
    await gw.scheduled();
    expect(await status()).toBeUndefined();
    expect(forwards()).toBe(1);

    // Past EVENT_TOMBSTONE_DAYS the tombstone goes too.
    await gw.sql('UPDATE event_tombstones SET received_at = ? WHERE event_id = ?', Date.now() - 366 * DAY_MS, 'evt-replayed-after-purge');
    await gw.scheduled();
    expect(await gw.sql('SELECT event_id FROM event_tombstones WHERE event_id = ?', 'evt-replayed-after-purge')).toHaveLength(0);
  });
});
