/**
 * How the gateway shows an event's id: as PassTo sent it, in its original JSON form (a number
 * stays the number token it was, `9007199254740993` or `1.0`, which no JavaScript number can
 * carry), next to its `event_key`, the exact string the API's URLs and the `event-id` forward
 * header use. Responses that carry an id are therefore written as JSON text here.
 */
import type { Context } from 'hono';
import { eventIdJson } from 'passto/internal';

/**
 * JSON text of `{event_id: <the id as sent>, ...fields}` for the event whose key is `key`.
 *
 * @example
 * ```ts
 * withEventId('1.0', { duplicate: false }); // '{"event_id":1.0,"duplicate":false}'
 * ```
 */
export function withEventId(key: string, fields: Record<string, unknown>): string {
  const rest = JSON.stringify(fields);
  return `{"event_id":${eventIdJson(key)}${rest === '{}' ? '' : `,${rest.slice(1, -1)}`}}`;
}

/** An event row as JSON text: its stored key (`event_id` column) shown as `event_id` (original form) and `event_key`. */
export function eventJson(row: { event_id: string }): string {
  const { event_id: key, ...fields } = row;
  return withEventId(key, { event_key: key, ...fields });
}

/** Answers JSON text as it is. */
export function jsonResponse<S extends 200 | 202>(c: Context, text: string, status?: S): Response {
  return c.body(text, status ?? 200, { 'content-type': 'application/json' });
}

/**
 * The `type` column of an event: the type as sent when it is a string, '' when there is none,
 * and the JSON text of any other value (`null`, `42`, `{"a":1}`), so it is shown as sent.
 */
export function eventTypeText(event: { type?: unknown }): string {
  const { type } = event;
  return typeof type === 'string' ? type : type === undefined ? '' : JSON.stringify(type);
}
