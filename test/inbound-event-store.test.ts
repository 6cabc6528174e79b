import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, MemoryEventStore } from '../src/index.ts';

describe('MemoryEventStore', () => {
  it('claims once, then reports in_flight, then done after complete', async () => {
    const store = new MemoryEventStore();
    expect(await store.claim('e1')).toBe('new');
    expect(await store.claim('e1')).toBe('in_flight');
    expect(await store.claim('e2')).toBe('new');
    await store.complete('e1');
    expect(await store.claim('e1')).toBe('done');
    expect(await store.claim('e2')).toBe('in_flight');
  });

  it('gives a released claim back, but never un-does a completed one', async () => {
    const store = createMemoryEventStore();
    expect(await store.claim('e1')).toBe('new');
    await store.release('e1');
    expect(await store.claim('e1')).toBe('new');
    await store.complete('e1');
    await store.release('e1');
    expect(await store.claim('e1')).toBe('done');
  });

  it('of many concurrent claims of one id, exactly one gets new', async () => {
    const store = new MemoryEventStore();
    const results = await Promise.all(Array.from({ length: 50 }, () => store.claim('same')));
    expect(results.filter((r) => r === 'new')).toHaveLength(1);
    expect(results.filter((r) => r === 'in_flight')).toHaveLength(49);
  });

  it('lets an expired lease be claimed again', async () => {
    let now = 1_000;
    const store = new MemoryEventStore({ leaseMs: 500, now: () => now });
    expect(await store.claim('e1')).toBe('new');
    now += 499;
    expect(await store.claim('e1')).toBe('in_flight');
    now += 1;
    expect(await store.claim('e1')).toBe('new');
    now += 10_000;
    await store.complete('e1');
    expect(await store.claim('e1')).toBe('done');
  });

  it('defaults to a lease shorter than PassTo\'s 5-minute retry interval', async () => {
    let now = 0;
    const store = new MemoryEventStore({ now: () => now });
    await store.claim('e1');
    now = 5 * 60_000;
    expect(await store.claim('e1')).toBe('new');
  });

  it('refuses a bad leaseMs', () => {
    expect(() => new MemoryEventStore({ leaseMs: 0 })).toThrow(RangeError);
    expect(() => new MemoryEventStore({ leaseMs: Number.NaN })).toThrow(RangeError);
  });
});
