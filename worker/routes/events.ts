/** The platform's view of the event log: list, read one, queue for redelivery. Bearer-protected. */
import { Hono } from 'hono';
import type { GatewayBindings } from '../bindings.ts';
import { background } from '../background.ts';
import { readConfig } from '../env.ts';
import { forwardEvent } from '../forward.ts';
import { GatewayError } from '../http-error.ts';
import { eventJson, jsonResponse } from '../event-json.ts';
import { EventsQuerySchema } from '../schemas.ts';
import { decodeCursor, getEvent, listEvents, requeueEvent } from '../store/event-log.ts';
import { parseOrThrow } from '../validate.ts';

export const events = new Hono<GatewayBindings>();

events.get('/', async (c) => {
  const query = parseOrThrow(EventsQuerySchema, c.req.query(), 'query');
  if (query.cursor !== undefined && decodeCursor(query.cursor) === undefined) {
    throw new GatewayError(400, 'invalid_request', 'Invalid query: cursor: not a cursor this gateway issued', {
      fields: [{ path: 'cursor', message: 'not a cursor this gateway issued' }],
    });
  }
  const { events: page, next_cursor } = await listEvents(c.env.DB, query);
  return jsonResponse(c, `{"events":[${page.map(eventJson).join(',')}],"next_cursor":${JSON.stringify(next_cursor)}}`);
});

events.get('/:event_id', async (c) => {
  // The path names the event key (percent-encoded in the URL), exactly as listed in `event_key`.
  const event = await getEvent(c.env.DB, c.req.param('event_id'));
  if (!event) throw new GatewayError(404, 'not_found', 'No such event');
  return jsonResponse(c, eventJson(event));
});

events.post('/:event_id/redeliver', async (c) => {
  const config = readConfig(c.env);
  if (!config.forward.url) throw new GatewayError(409, 'forwarding_disabled', 'FORWARD_URL is not set: there is nowhere to deliver to');
  const eventId = c.req.param('event_id');
  if (!(await requeueEvent(c.env.DB, eventId, Date.now()))) throw new GatewayError(404, 'not_found', 'No such event');
  background(c, forwardEvent({ db: c.env.DB, config, fetch: c.var.fetch }, eventId));
  return jsonResponse(c, eventJson((await getEvent(c.env.DB, eventId))!), 202);
});
