import { describe, expect, it } from 'vitest';
import { type ClaimResult, createMemoryEventStore } from '../src/index.ts';
import { DEFAULT_DONE_TTL_MS, MemoryEventStore } from '../src/memory-event-store.ts';

/** The token of a claim that must be new. */
function tokenOf(claim: ClaimResult): string {
  expect(claim.status).toBe('new');
  if (claim.status !== 'new') throw new Error('unreachable');
  return claim.token;
}

describe('MemoryEventStore', () => {
  it('claims once, then reports in_flight, then done after complete', async () => {
    const store = new MemoryEventStore();
    const t1 = tokenOf(await store.claim('e1'));
    expect(await store.claim('e1')).toStrictEqual({ status: 'in_flight' });
    tokenOf(await store.claim('e2'));
    await store.complete('e1', t1);
    expect(await store.claim('e1')).toStrictEqual({ status: 'done' });
    expect(await store.claim('e2')).toStrictEqual({ status: 'in_flight' });
  });

  it('gives a released claim back, but never un-does a completed one', async () => {
    const store = createMemoryEventStore();
    const first = tokenOf(await store.claim('e1'));
    await store.release('e1', first);
    const second = tokenOf(await store.claim('e1'));
    expect(second).not.toBe(first);
    await store.complete('e1', second);
    await store.release('e1', second);
    expect(await store.claim('e1')).toStrictEqual({ status: 'done' });
  });

  it('of many concurrent claims of one id, exactly one gets new', async () => {
    const store = new MemoryEventStore();
    const results = await Promise.all(Array.from({ length: 50 }, () => store.claim('same')));
    expect(results.filter((r) => r.status === 'new')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'in_flight')).toHaveLength(49);
  });

  it('lets an expired lease be claimed again', async () => {
    let now = 1_000;
    const store = new MemoryEventStore({ leaseMs: 500, now: () => now });
    tokenOf(await store.claim('e1'));
    now += 499;
    expect(await store.claim('e1')).toStrictEqual({ status: 'in_flight' });
    now += 1;
    const second = tokenOf(await store.claim('e1'));
    now += 10_000;
    await store.complete('e1', second); // its lease ran out, but nobody took over: still its event
    expect(await store.claim('e1')).toStrictEqual({ status: 'done' });
  });

  it('ignores a late release or complete from a claim whose lease expired and was taken over', async () => {
    let now = 0;
    const store = new MemoryEventStore({ leaseMs: 1_000, now: () => now });
    const a = tokenOf(await store.claim('e'));
    now = 2_000;
    const b = tokenOf(await store.claim('e')); // A hung; B now owns the event
    await store.release('e', a); // A fails late: must not free B's claim
    expect(await store.claim('e')).toStrictEqual({ status: 'in_flight' });
    await store.complete('e', a); // or A succeeds late: must not finish B's claim
    expect(await store.claim('e')).toStrictEqual({ status: 'in_flight' });
    await store.release('e', b);
    const c = tokenOf(await store.claim('e'));
    await store.complete('e', b); // B's token is stale now too
    expect(await store.claim('e')).toStrictEqual({ status: 'in_flight' });
    await store.complete('e', c);
    expect(await store.claim('e')).toStrictEqual({ status: 'done' });
  });

  it('defaults to a lease shorter than PassTo\'s 5-minute retry interval', async () => {
    let now = 0;
    const store = new MemoryEventStore({ now: () => now });
    await store.claim('e1');
    now = 5 * 60_000;
    expect((await store.claim('e1')).status).toBe('new');
  });

  it('remembers handled ids for 24 hours by default (PassTo retries for about 50 minutes), then forgets them', async () => {
    expect(DEFAULT_DONE_TTL_MS).toBe(24 * 60 * 60 * 1000);
    let now = 0;
    const store = new MemoryEventStore({ now: () => now });
    await store.complete('e1', tokenOf(await store.claim('e1')));
    now = 60 * 60_000;
    expect(await store.claim('e1')).toStrictEqual({ status: 'done' });
    now = DEFAULT_DONE_TTL_MS + 1;
    expect((await store.claim('e1')).status).toBe('new');
  });

  it('sweeps expired entries, in flight and done, so memory does not grow forever', async () => {
    let now = 0;
    const store = new MemoryEventStore({ leaseMs: 1_000, doneTtlMs: 10_000, now: () => now });
    for (let i = 0; i < 100; i++) {
      const claim = await store.claim(`done-${i}`);
      if (i % 2 === 0) await store.complete(`done-${i}`, tokenOf(claim)); // the others hang in flight
    }
    expect(store.size).toBe(100);
    now = 2_000; // the hung leases expired
    await store.claim('fresh');
    expect(store.size).toBe(51);
    now = 20_000; // the handled ids expired too
    await store.claim('fresh-2');
    expect(store.size).toBe(1);
  });

  it('refuses a bad leaseMs or doneTtlMs', () => {
    expect(() => new MemoryEventStore({ leaseMs: 0 })).toThrow(RangeError);
    expect(() => new MemoryEventStore({ leaseMs: Number.NaN })).toThrow(RangeError);
    expect(() => new MemoryEventStore({ doneTtlMs: -1 })).toThrow(/doneTtlMs/);
  });
});
