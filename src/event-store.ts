/**
 * Exactly-once handling of webhook events (platform spec, "Inbound: webhook events", Delivery):
 * PassTo retries until it gets a 200, duplicates may arrive concurrently, so a receiver claims
 * each `event_id` before handling it.
 */

/**
 * What `claim` answers: `'new'` (the caller now owns the event and must `complete` or `release`
 * it), `'in_flight'` (someone else is handling it: answer non-200 so PassTo retries later) or
 * `'done'` (already handled: answer 200 without handling it again).
 */
export type ClaimResult = 'new' | 'in_flight' | 'done';

/**
 * Remembers which events were handled. All methods are async so that stores on D1, SQLite,
 * Redis or KV fit the same interface. `claim` must be atomic: of two concurrent claims of one
 * `event_id`, exactly one gets `'new'`.
 *
 * @example
 * ```ts
 * const claim = await store.claim(event.event_id);
 * if (claim === 'new') {
 *   try { await handle(event); await store.complete(event.event_id); }
 *   catch (error) { await store.release(event.event_id); throw error; }
 * }
 * ```
 */
export interface EventStore {
  /** Atomically claims `eventId`; see `ClaimResult`. */
  claim(eventId: string): Promise<ClaimResult>;
  /** Marks a claimed event as handled: later claims answer `'done'`. */
  complete(eventId: string): Promise<void>;
  /** Gives a claimed event back after a failure: the next claim answers `'new'`. */
  release(eventId: string): Promise<void>;
}
