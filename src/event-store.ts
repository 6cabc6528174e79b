/**
 * Exactly-once handling of webhook events (platform spec, "Inbound: webhook events", Delivery):
 * PassTo retries until it gets a 200, duplicates may arrive concurrently, so a receiver claims
 * each `event_id` before handling it.
 */

/**
 * What `claim` answers:
 * - `{status: 'new', token}`: the caller now owns the event and must `complete` or `release` it
 *   with this `token`;
 * - `{status: 'in_flight'}`: someone else is handling it: answer non-200 so PassTo retries later;
 * - `{status: 'done'}`: already handled: answer 200 without handling it again.
 */
export type ClaimResult = { status: 'new'; token: string } | { status: 'in_flight' } | { status: 'done' };

/**
 * Remembers which events were handled, by event key (`delivery.eventKey`, see `eventKeyOf`): the
 * id exactly as sent, so two different events never share an entry. The key holds no NUL, control
 * character or lone surrogate, so any store keeps it exactly. All methods are async so that stores on D1, SQLite,
 * Redis or KV fit the same interface.
 *
 * The contract:
 * - `claim` is atomic: of two concurrent claims of one `event_id`, at most one gets `'new'`.
 * - A claim may expire (a lease), so that a crashed handler does not block its event forever.
 *   A later claim then gets `'new'` with a fresh token.
 * - `complete` and `release` act only when `token` is the event's current claim: a handler whose
 *   lease expired and was claimed again must not free or finish the new owner's claim (which
 *   could let a third delivery run concurrently). A stale token does nothing.
 *
 * @example
 * ```ts
 * const { event, eventKey } = await verifyWebhook(request, { keys });
 * const claim = await store.claim(eventKey);
 * if (claim.status === 'new') {
 *   try { await handle(event); await store.complete(eventKey, claim.token); }
 *   catch (error) { await store.release(eventKey, claim.token); throw error; }
 * }
 * ```
 */
export interface EventStore {
  /** Atomically claims `eventId`; see `ClaimResult`. */
  claim(eventId: string): Promise<ClaimResult>;
  /** Marks the event handled if `token` is its current claim: later claims answer `'done'`. */
  complete(eventId: string, token: string): Promise<void>;
  /** Gives the event back after a failure if `token` is its current claim: the next claim answers `'new'`. */
  release(eventId: string, token: string): Promise<void>;
}
