/** An in-memory `EventStore`: for tests, development and single-process receivers. */
import type { ClaimResult, EventStore } from './event-store.ts';

/**
 * The default lease of an in-flight claim: longer than any sane handler, shorter than PassTo's
 * 5-minute retry interval, so the retry after a hung handler is handled instead of refused.
 */
export const DEFAULT_LEASE_MS = 60_000;

/**
 * How long a handled `event_id` is remembered by default: 24 hours. PassTo's retries of one event
 * end after about 50 minutes (10 retries, 5 minutes apart: platform spec, "Delivery"), so a day
 * is ample margin while keeping memory bounded.
 */
export const DEFAULT_DONE_TTL_MS = 24 * 60 * 60 * 1000;

/** Options of `MemoryEventStore`. */
export interface MemoryEventStoreOptions {
  /**
   * How long an in-flight claim holds, in milliseconds (default 60 000). After that a new claim
   * answers `'new'`, so a handler that hung or crashed does not block the event forever.
   * `Infinity` keeps claims until `complete` or `release`.
   */
  leaseMs?: number | undefined;
  /**
   * How long a handled event is remembered, in milliseconds (default 24 h). After that its id is
   * forgotten and a (very) late redelivery would be handled again. `Infinity` remembers forever.
   */
  doneTtlMs?: number | undefined;
  /** The clock, for tests (default `Date.now`). */
  now?: (() => number) | undefined;
}

type Entry = { state: 'in_flight'; token: string; expires: number } | { state: 'done'; expires: number };

/**
 * Keeps claims in a `Map`. Atomic within one JavaScript realm (claims run synchronously). It does
 * not survive a restart and is not shared between processes or Worker isolates: use a durable
 * store (D1, SQLite, ...) in production. Expired entries (leases past `leaseMs`, handled ids past
 * `doneTtlMs`) are swept as claims come in, so memory stays bounded by the traffic of one TTL.
 * Made by `createMemoryEventStore`, the one public way to make it.
 */
export class MemoryEventStore implements EventStore {
  readonly #entries = new Map<string, Entry>();
  readonly #leaseMs: number;
  readonly #doneTtlMs: number;
  readonly #sweepEveryMs: number;
  readonly #now: () => number;
  #nextSweep: number;
  #lastToken = 0;

  constructor(options: MemoryEventStoreOptions = {}) {
    const { leaseMs = DEFAULT_LEASE_MS, doneTtlMs = DEFAULT_DONE_TTL_MS, now = Date.now } = options;
    if (typeof leaseMs !== 'number' || !(leaseMs > 0)) throw new RangeError('MemoryEventStore: leaseMs must be a positive number');
    if (typeof doneTtlMs !== 'number' || !(doneTtlMs > 0)) throw new RangeError('MemoryEventStore: doneTtlMs must be a positive number');
    if (typeof now !== 'function') throw new TypeError('MemoryEventStore: now must be a function');
    this.#leaseMs = leaseMs;
    this.#doneTtlMs = doneTtlMs;
    this.#now = now;
    // A full sweep at most once per the shorter lifetime: O(1) amortized per claim.
    this.#sweepEveryMs = Math.min(leaseMs, doneTtlMs);
    this.#nextSweep = now() + this.#sweepEveryMs;
  }

  /** How many event ids the store holds (in flight or handled), expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  async claim(eventId: string): Promise<ClaimResult> {
    const now = this.#now();
    if (now >= this.#nextSweep) this.#sweep(now);
    const entry = this.#entries.get(eventId);
    if (entry !== undefined && entry.expires > now) return entry.state === 'done' ? { status: 'done' } : { status: 'in_flight' };
    const token = String(++this.#lastToken);
    this.#entries.set(eventId, { state: 'in_flight', token, expires: now + this.#leaseMs });
    return { status: 'new', token };
  }

  async complete(eventId: string, token: string): Promise<void> {
    const entry = this.#entries.get(eventId);
    // A token from a claim that was since taken over (or finished) changes nothing. With no entry
    // (an expired lease already swept) nobody else holds the event: the caller handled it.
    if (entry === undefined || (entry.state === 'in_flight' && entry.token === token)) {
      this.#entries.delete(eventId); // re-inserted last, so the Map stays roughly in expiry order
      this.#entries.set(eventId, { state: 'done', expires: this.#now() + this.#doneTtlMs });
    }
  }

  async release(eventId: string, token: string): Promise<void> {
    const entry = this.#entries.get(eventId);
    if (entry?.state === 'in_flight' && entry.token === token) this.#entries.delete(eventId);
  }

  #sweep(now: number): void {
    for (const [eventId, entry] of this.#entries) if (entry.expires <= now) this.#entries.delete(eventId);
    this.#nextSweep = now + this.#sweepEveryMs;
  }
}

/**
 * Creates an in-memory `EventStore`: for tests, development and single-process receivers (see
 * `MemoryEventStore`). Throws a `RangeError` for a `leaseMs` or `doneTtlMs` that is not positive.
 *
 * @example
 * ```ts
 * import { createMemoryEventStore } from 'passto';
 * const store = createMemoryEventStore({ leaseMs: 30_000 });
 * const claim = await store.claim('evt_1'); // { status: 'new', token: '1' }
 * await store.claim('evt_1');               // { status: 'in_flight' }
 * if (claim.status === 'new') await store.complete('evt_1', claim.token);
 * await store.claim('evt_1');               // { status: 'done' }
 * ```
 */
export function createMemoryEventStore(options?: MemoryEventStoreOptions): MemoryEventStore {
  return new MemoryEventStore(options);
}
