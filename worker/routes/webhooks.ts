/**
 * `POST /v1/webhooks`: PassTo's signed events. Verified over the raw body by the SDK's
 * `passtoVerifyWebhook` (which keeps events that drifted from the docs: the SDK's drift policy),
 * stored once per event key (the `event_id` exactly as sent), acknowledged with
 * 200 only after the store committed (a failure answers 5xx, so PassTo retries), then forwarded
 * to the platform backend in the background.
 */
import type { MiddlewareHandler } from 'hono';
import { passtoVerifyWebhook } from 'passto/hono';
import type { GatewayBindings } from '../bindings.ts';
import { background } from '../background.ts';
import { readConfig } from '../env.ts';
import { eventTypeText, jsonResponse, withEventId } from '../event-json.ts';
import { forwardEvent } from '../forward.ts';
import { errorResponse } from '../http-error.ts';
import { insertEvent } from '../store/event-log.ts';
import { passtoKeys, signedInboundPath } from '../upstream.ts';

/**
 * The route's handlers, the last one answering; mounted by the route table (worker/routes.ts):
 * the SDK's verification (refusals and `GatewayError`s answered by the app's error handler, as
 * `{code, msg, trace}` with the operator's hints), then the gateway's store-and-forward.
 */
export const receiveWebhook: readonly MiddlewareHandler<GatewayBindings>[] = [
  passtoVerifyWebhook<GatewayBindings>({
    keys: passtoKeys,
    path: signedInboundPath,
    respond: (error, c) => errorResponse(c, error),
    // errorResponse logs an unexpected error (500) by name; nothing more to report.
    onError: () => {},
  }),
  async function storeAndForward(c) {
    const config = readConfig(c.env);
    // Signature over path + raw bytes, and an event_id (string or number): nothing else is
    // required, checked or not (`delivery.checked`), so no signed event is lost to drift.
    const delivery = c.get('passtoDelivery');
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
  },
];
