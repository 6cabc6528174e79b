/**
 * `POST /v1/webhooks`: PassTo's signed events. Verified over the raw body, stored once per
 * `event_id`, acknowledged with 200 only after the store committed (a failure answers 5xx, so
 * PassTo retries), then forwarded to the platform backend in the background.
 */
import { Hono } from 'hono';
import { verifyWebhook } from '../../src/index.ts';
import type { GatewayBindings } from '../app.ts';
import { background } from '../background.ts';
import { readConfig } from '../env.ts';
import { forwardEvent } from '../forward.ts';
import { insertEvent } from '../store/event-log.ts';
import { signedInboundPath } from '../upstream.ts';
import { passtoKeys } from './credit-limit.ts';

export const webhooks = new Hono<GatewayBindings>();

webhooks.post('/', async (c) => {
  const config = readConfig(c.env);
  // Only the envelope is checked: an event whose `data` drifted from the docs is still stored, never refused and lost.
  const delivery = await verifyWebhook(c.req.raw, { keys: passtoKeys(c), path: signedInboundPath(c), validateData: false });
  const forwarding = config.forward.url !== undefined;
  const { event_id } = delivery.event;
  const inserted = await insertEvent(c.env.DB, {
    event_id,
    type: String(delivery.event.type),
    trace: delivery.trace ?? null,
    payload: delivery.rawBody,
    status: forwarding ? 'pending' : 'stored',
    received_at: Date.now(),
  });
  if (inserted && forwarding) background(c, forwardEvent({ db: c.env.DB, config, fetch: c.var.fetch }, event_id));
  return c.json({ code: 0, msg: 'success', event_id, duplicate: !inserted });
});
