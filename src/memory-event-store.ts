/** An in-memory `EventStore`: for tests, development and single-process receivers. */
import type { ClaimResult, EventStore } from './event-store.ts';

/**
 * The default lease of an in-flight claim: longer than any sane handler, shorter than PassTo's
 * 5-minute retry interval, so the retry after a hung handler is handled instead of refused.
 */
export const DEFAULT_LEASE_MS = 60_000;

/** Options of `MemoryEventStore`. */
export interface MemoryEventStoreOptions {
  /**
   * How long an in-flight claim holds, in milliseconds (default 60 000). After that a new claim
   * answers `'new'`, so a handler that hung or crashed does not block the event forever.
   * `Infinity` keeps claims until `complete` or `release`.
   */
  leaseMs?: number | undefined;
  /** The clock, for tests (default `Date.now`). */
  now?: (() => number) | undefined;
}

/**
 * Keeps claims in a `Map`. Atomic within one JavaScript realm (claims run synchronously). It does
 * not survive a restart and is not shared between processes or Worker isolates: use a durable
 * store (D1, SQLite, ...) in production. Handled ids are kept for the store's lifetime.
 *
 * @example
 * ```ts
 * import { MemoryEventStore } from 'passto';
 * const store = new MemoryEventStore({ leaseMs: 30_000 });
 * await store.claim('evt_1'); // 'new'
 * await store.claim('evt_1'); // 'in_flight'
 * await store.complete('evt_1');
 * await store.claim('evt_1'); // 'done'
 * ```
 */
export class MemoryEventStore implements EventStore {
  readonly #entries = new Map<string, { done: true } | { done: false; expires: number }>();
  readonly #leaseMs: number;
  readonly #now: () => number;

  constructor(options: MemoryEventStoreOptions = {}) {
    const { leaseMs = DEFAULT_LEASE_MS, now = Date.now } = options;
    if (typeof leaseMs !== 'number' || !(leaseMs > 0)) throw new RangeError('MemoryEventStore: leaseMs must be a positive number');
    if (typeof now !== 'function') throw new TypeError('MemoryEventStore: now must be a function');
    this.#leaseMs = leaseMs;
    this.#now = now;
  }

  async claim(eventId: string): Promise<ClaimResult> {
    const entry = this.#entries.get(eventId);
    if (entry?.done) return 'done';
    const now = this.#now();
    if (entry !== undefined && entry.expires > now) return 'in_flight';
    this.#entries.set(eventId, { done: false, expires: now + this.#leaseMs });
    return 'new';
  }

  async complete(eventId: string): Promise<void> {
    this.#entries.set(eventId, { done: true });
  }

  async release(eventId: string): Promise<void> {
    if (this.#entries.get(eventId)?.done === false) this.#entries.delete(eventId);
  }
}

/**
 * Creates a `MemoryEventStore`.
 *
 * @example
 * ```ts
 * import { createMemoryEventStore } from 'passto';
 * const store = createMemoryEventStore();
 * ```
 */
export function createMemoryEventStore(options?: MemoryEventStoreOptions): EventStore {
  return new MemoryEventStore(options);
}
