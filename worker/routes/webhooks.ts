/**
 * `POST /v1/webhooks`: PassTo's signed events. Verified over the raw body, stored once per
 * `event_id`, acknowledged with 200 only after the store committed (a failure answers 5xx, so
 * PassTo retries), then forwarded to the platform backend in the background.
 */
import { Hono } from 'hono';
import { readInbound } from '../../src/inbound.ts';
import type { GatewayBindings } from '../app.ts';
import { background } from '../background.ts';
import { readConfig } from '../env.ts';
import { forwardEvent } from '../forward.ts';
import { StoredEventSchema } from '../schemas.ts';
import { insertEvent } from '../store/event-log.ts';
import { passtoKeys, signedInboundPath } from '../upstream.ts';

export const webhooks = new Hono<GatewayBindings>();

webhooks.post('/', async (c) => {
  const config = readConfig(c.env);
  // Signature over path + raw bytes, then only an event_id is required (StoredEventSchema).
  const delivery = await readInbound(c.req.raw, { keys: passtoKeys(c), path: signedInboundPath(c) }, StoredEventSchema, {
    where: 'POST /v1/webhooks',
    what: 'webhook delivery',
  });
  const forwarding = config.forward.url !== undefined;
  const { event_id, type } = delivery.body;
  const inserted = await insertEvent(c.env.DB, {
    event_id,
    type,
    trace: delivery.trace ?? null,
    payload: delivery.rawBody,
    status: forwarding ? 'pending' : 'stored',
    received_at: Date.now(),
  });
  if (inserted && forwarding) background(c, forwardEvent({ db: c.env.DB, config, fetch: c.var.fetch }, event_id));
  return c.json({ code: 0, msg: 'success', event_id, duplicate: !inserted });
});
