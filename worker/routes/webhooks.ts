/**
 * `POST /v1/webhooks`: PassTo's signed events. Verified over the raw body through the SDK's own
 * `verifyWebhook`, stored once per event key (the `event_id` exactly as sent), acknowledged with
 * 200 only after the store committed (a failure answers 5xx, so PassTo retries), then forwarded
 * to the platform backend in the background.
 */
import { Hono } from 'hono';
import { verifyWebhook } from 'passto';
import type { GatewayBindings } from '../bindings.ts';
import { background } from '../background.ts';
import { readConfig } from '../env.ts';
import { eventTypeText, jsonResponse, withEventId } from '../event-json.ts';
import { forwardEvent } from '../forward.ts';
import { insertEvent } from '../store/event-log.ts';
import { passtoKeys, signedInboundPath } from '../upstream.ts';

export const webhooks = new Hono<GatewayBindings>();

webhooks.post('/', async (c) => {
  const config = readConfig(c.env);
  // Signature over path + raw bytes; then only an event_id (string or number) is required, so no
  // signed event is refused, and so lost, because its envelope or data drifted.
  const delivery = await verifyWebhook(c.req.raw, { keys: passtoKeys(c), path: signedInboundPath(c), validateData: false });
  const forwarding = config.forward.url !== undefined;
  const key = delivery.eventKey;
  const inserted = await insertEvent(c.env.DB, {
    event_id: key,
    type: eventTypeText(delivery.event),
    trace: delivery.trace ?? null,
    payload: delivery.rawBody,
    status: forwarding ? 'pending' : 'stored',
    received_at: Date.now(),
  });
  if (inserted && forwarding) background(c, forwardEvent({ db: c.env.DB, config, fetch: c.var.fetch }, key));
  return jsonResponse(c, withEventId(key, { code: 0, msg: 'success', event_key: key, duplicate: !inserted }));
});
