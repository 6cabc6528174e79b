/** The platform's view of the event log: list, read one, queue for redelivery. Bearer-protected. */
import type { MiddlewareHandler } from 'hono';
import type { GatewayBindings } from '../bindings.ts';
import { background } from '../background.ts';
import { readConfig } from '../env.ts';
import { forwardEvent } from '../forward.ts';
import { GatewayError } from '../http-error.ts';
import { eventJson, jsonResponse } from '../event-json.ts';
import { EventKeyParamsSchema, EventsQuerySchema } from '../schemas.ts';
import { decodeCursor, getEvent, listEvents, requeueEvent } from '../store/event-log.ts';
import { parseOrThrow } from '../validate.ts';

/** `GET /v1/events`: a page of stored events, newest first. */
export const listStoredEvents: readonly MiddlewareHandler<GatewayBindings>[] = [
  async function listStoredEventsHandler(c) {
    const query = parseOrThrow(EventsQuerySchema, c.req.query(), 'query');
    if (query.cursor !== undefined && decodeCursor(query.cursor) === undefined) {
      throw new GatewayError(400, 'invalid_request', 'Invalid query: cursor: not a cursor this gateway issued', {
        fields: [{ path: 'cursor', message: 'not a cursor this gateway issued' }],
      });
    }
    const { events: page, next_cursor } = await listEvents(c.env.DB, query);
    return jsonResponse(c, `{"events":[${page.map(eventJson).join(',')}],"next_cursor":${JSON.stringify(next_cursor)}}`);
  },
];

/** `GET /v1/events/{event_id}`: one stored event. */
export const getStoredEvent: readonly MiddlewareHandler<GatewayBindings>[] = [
  async function getStoredEventHandler(c) {
    // The path names the event key (percent-encoded in the URL), exactly as listed in `event_key`.
    const { event_id } = parseOrThrow(EventKeyParamsSchema, c.req.param(), 'path');
    const event = await getEvent(c.env.DB, event_id);
    if (!event) throw new GatewayError(404, 'not_found', 'No such event');
    return jsonResponse(c, eventJson(event));
  },
];

/** `POST /v1/events/{event_id}/redeliver`: queues a stored event for forwarding again. */
export const redeliverStoredEvent: readonly MiddlewareHandler<GatewayBindings>[] = [
  async function redeliverStoredEventHandler(c) {
    const config = readConfig(c.env);
    if (!config.forward.url) throw new GatewayError(409, 'forwarding_disabled', 'FORWARD_URL is not set: there is nowhere to deliver to');
    const eventId = parseOrThrow(EventKeyParamsSchema, c.req.param(), 'path').event_id;
    if (!(await requeueEvent(c.env.DB, eventId, Date.now()))) throw new GatewayError(404, 'not_found', 'No such event');
    background(c, forwardEvent({ db: c.env.DB, config, fetch: c.var.fetch }, eventId));
    return jsonResponse(c, eventJson((await getEvent(c.env.DB, eventId))!), 202);
  },
];
