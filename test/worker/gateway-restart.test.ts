/** Events survive a restart: Miniflare with persisted D1, disposed and created again. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startGateway } from './harness.ts';
import { bearer, webhookDelivery } from './signed.ts';

it('keeps stored events across a restart with the same D1 directory', async () => {
  const persistDir = mkdtempSync(join(tmpdir(), 'passto-restart-'));
  const delivery = webhookDelivery({ type: 'PAY_SUCCESS' });
  const first = await startGateway({ persistDir });
  expect((await first.fetch('/v1/webhooks', delivery)).status).toBe(200);
  await first.dispose();

  const second = await startGateway({ persistDir });
  try {
    const res = await second.fetch(`/v1/events/${delivery.event_id}`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { payload: string }).payload).toBe(delivery.body);
    // A redelivery of the same event after the restart is still recognised as a duplicate.
    expect(await (await second.fetch('/v1/webhooks', delivery)).json()).toMatchObject({ duplicate: true });
  } finally {
    await second.dispose();
  }
});
