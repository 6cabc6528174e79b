/** The `EventStore` contract: a claim's token exists only when new; both stores fulfil it. */
import { describe, expectTypeOf, it } from 'vitest';
import { type ClaimResult, createMemoryEventStore, createSqlEventStore, type EventStore, type SqlDatabase } from '../../src/index.ts';

declare const db: SqlDatabase;

describe('EventStore', () => {
  it('claims, completes and releases by event key and token, all async', () => {
    expectTypeOf<EventStore['claim']>().toEqualTypeOf<(eventId: string) => Promise<ClaimResult>>();
    expectTypeOf<EventStore['complete']>().toEqualTypeOf<(eventId: string, token: string) => Promise<void>>();
    expectTypeOf<EventStore['release']>().toEqualTypeOf<(eventId: string, token: string) => Promise<void>>();
  });

  it('answers new (with the token to finish with), in_flight or done', async () => {
    expectTypeOf<ClaimResult['status']>().toEqualTypeOf<'new' | 'in_flight' | 'done'>();
    const claim = await createMemoryEventStore().claim('evt_1');
    // @ts-expect-error the token exists only once the claim is known to be new
    claim.token;
    if (claim.status === 'new') expectTypeOf(claim.token).toEqualTypeOf<string>();
  });

  it('is what both stores make', () => {
    expectTypeOf(createMemoryEventStore()).toMatchTypeOf<EventStore>();
    expectTypeOf(createSqlEventStore(db)).toMatchTypeOf<EventStore>();
    expectTypeOf(createSqlEventStore(db).purge).toEqualTypeOf<() => Promise<number>>();
  });
});
