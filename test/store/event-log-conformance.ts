/**
 * The event log's conformance suite, written once and run on every database behind the
 * gateway's `SqlDatabase` interface: Cloudflare D1 (Miniflare, in vitest) and SQLite
 * (`node:sqlite` on Node 22 and Deno, `bun:sqlite` on Bun, in a runner per runtime). It needs
 * nothing but the language (test/runtime/harness.ts), so it runs where vitest cannot.
 *
 * Semantics checked: insert once per event_id, claim leases, attempt transitions, listing with
 * cursors and filters, due events, requeue and retention, all through worker/store/event-log.ts.
 */
import {
  claimAttempt,
  decodeCursor,
  dueEvents,
  type EventRecord,
  type EventStatus,
  getEvent,
  insertEvent,
  listEvents,
  purgeEvents,
  recordAttempt,
  requeueEvent,
} from '../../worker/store/event-log.ts';
import { eventKeyOf } from '../../src/event-key.ts';
import { createSqlEventStore } from '../../src/sql-event-store.ts';
import type { SqlDatabase } from '../../worker/store/sql.ts';
import { assert, assertEqual, assertJsonEqual, type Case, group } from '../runtime/harness.ts';

/** Gives a database with the migrations applied and no events. */
export type FreshDatabase = () => Promise<SqlDatabase>;

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z, in ms
const LEASE = 70_000;

function event(id: string, overrides: { type?: string; status?: EventStatus; received_at?: number; payload?: string; trace?: string | null } = {}) {
  return {
    event_id: id,
    type: overrides.type ?? 'PAY_SUCCESS',
    trace: overrides.trace === undefined ? `trace-${id}` : overrides.trace,
    payload: overrides.payload ?? JSON.stringify({ type: overrides.type ?? 'PAY_SUCCESS', event_id: id, retry: 0, data: {} }),
    status: overrides.status ?? 'pending',
    received_at: overrides.received_at ?? T0,
  };
}

/** The event's current claim counter: what the latest claim's outcome presents. */
async function currentClaim(db: SqlDatabase, id: string): Promise<number> {
  const row = await db.first<{ claim: number }>('SELECT claim FROM events WHERE event_id = ?', [id]);
  assert(row !== null, `event ${id} should exist`);
  return row.claim;
}

async function mustGet(db: SqlDatabase, id: string): Promise<EventRecord> {
  const row = await getEvent(db, id);
  assert(row !== null, `event ${id} should exist`);
  return row;
}

/** Every page of a listing, following next_cursor, with a bound so a broken cursor cannot loop. */
async function allPages(db: SqlDatabase, query: { limit: number; type?: string; status?: EventStatus }): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await listEvents(db, { ...query, cursor });
    pages.push(page.events.map((e) => e.event_id));
    if (page.next_cursor === null) return pages;
    cursor = page.next_cursor;
  }
  throw new Error('listing did not end after 50 pages');
}

/** The suite, bound to a database factory; each case gets a fresh database. */
export function eventLogCases(fresh: FreshDatabase): Case[] {
  const on = (name: string, run: (db: SqlDatabase) => Promise<void>): Case => ({ name, run: async () => run(await fresh()) });
  return group('event log', [
    on('insertEvent stores an event once per event_id; a duplicate answers false and changes nothing', async (db) => {
      const payload = '{"type":"PAY_SUCCESS", "event_id":"e1", "data":{"merchant_name":"%E6%B2%99","note":"沙盒 ✓"}}\n';
      assertEqual(await insertEvent(db, event('e1', { payload })), true, 'first insert');
      assertEqual(await insertEvent(db, event('e1', { payload: '{"other":true}', type: 'REFUND', status: 'stored', received_at: T0 + 5 })), false, 'duplicate insert');
      const row = await mustGet(db, 'e1');
      assertEqual(row.payload, payload, 'payload exactly as first received');
      assertEqual(row.type, 'PAY_SUCCESS', 'type of the first delivery');
      assertEqual(row.received_at, T0, 'received_at of the first delivery');
      assertEqual((await listEvents(db, { limit: 10 })).events.length, 1, 'rows after the duplicate');
    }),

    on('a pending event is due at once; a stored one is never due', async (db) => {
      await insertEvent(db, event('p', { status: 'pending' }));
      await insertEvent(db, event('s', { status: 'stored', trace: null }));
      const p = await mustGet(db, 'p');
      assertJsonEqual(
        [p.status, p.attempts, p.next_attempt_at, p.last_error, p.delivered_at, p.trace],
        ['pending', 0, T0, null, null, 'trace-p'],
        'pending row',
      );
      const s = await mustGet(db, 's');
      assertJsonEqual([s.status, s.attempts, s.next_attempt_at, s.trace], ['stored', 0, null, null], 'stored row');
      assertJsonEqual(await dueEvents(db, T0 + 1e9, 10), ['p'], 'due events');
      assertEqual(await claimAttempt(db, 's', T0 + 1e9, T0 + 2e9), null, 'claim of a stored event');
    }),

    on('getEvent answers null for an unknown id', async (db) => {
      await insertEvent(db, event('known'));
      assertEqual(await getEvent(db, 'unknown'), null, 'unknown event');
    }),

    on('claimAttempt counts the attempt and leases the event; a second claim during the lease gets nothing', async (db) => {
      await insertEvent(db, event('c1'));
      const claim = await claimAttempt(db, 'c1', T0, T0 + LEASE);
      assertJsonEqual(claim && { ...claim }, { attempts: 1, claim: 1, payload: event('c1').payload, trace: 'trace-c1' }, 'first claim');
      const row = await mustGet(db, 'c1');
      assertJsonEqual([row.status, row.attempts, row.next_attempt_at], ['pending', 1, T0 + LEASE], 'row under lease');
      assertEqual(await claimAttempt(db, 'c1', T0 + LEASE - 1, T0 + 2 * LEASE), null, 'claim during the lease');
      assertJsonEqual(await dueEvents(db, T0 + LEASE - 1, 10), [], 'due during the lease');
    }),

    on('an attempt that dies unrecorded is taken again once its lease runs out', async (db) => {
      await insertEvent(db, event('c2'));
      await claimAttempt(db, 'c2', T0, T0 + LEASE);
      assertJsonEqual(await dueEvents(db, T0 + LEASE, 10), ['c2'], 'due when the lease ends');
      const again = await claimAttempt(db, 'c2', T0 + LEASE, T0 + 2 * LEASE);
      assertEqual(again?.attempts, 2, 'attempts of the second claim');
    }),

    on('claimAttempt gets nothing before the event is due, or for an unknown event', async (db) => {
      await insertEvent(db, event('later', { received_at: T0 + 1000 }));
      assertEqual(await claimAttempt(db, 'later', T0 + 999, T0 + LEASE), null, 'claim before due');
      assertEqual(await claimAttempt(db, 'nope', T0 + 1e9, T0 + 2e9), null, 'claim of an unknown event');
      assertEqual((await mustGet(db, 'later')).attempts, 0, 'attempts untouched');
    }),

    on('concurrent claims of one due event: exactly one wins', async (db) => {
      await insertEvent(db, event('race'));
      const claims = await Promise.all([1, 2, 3, 4].map(() => claimAttempt(db, 'race', T0, T0 + LEASE)));
      assertEqual(claims.filter((c) => c !== null).length, 1, 'winning claims');
      assertEqual((await mustGet(db, 'race')).attempts, 1, 'attempts counted');
    }),

    on("recordAttempt 'delivered' ends forwarding: delivered_at set, nothing due, no further claim", async (db) => {
      await insertEvent(db, event('d'));
      await claimAttempt(db, 'd', T0, T0 + LEASE);
      await recordAttempt(db, 'd', await currentClaim(db, 'd'), { status: 'pending', error: 'HTTP 500', retryAt: T0 + 10 });
      await claimAttempt(db, 'd', T0 + 10, T0 + LEASE);
      await recordAttempt(db, 'd', await currentClaim(db, 'd'), { status: 'delivered', at: T0 + 20 });
      const row = await mustGet(db, 'd');
      assertJsonEqual(
        [row.status, row.attempts, row.delivered_at, row.next_attempt_at, row.last_error],
        ['delivered', 2, T0 + 20, null, null],
        'delivered row',
      );
      assertJsonEqual(await dueEvents(db, T0 + 1e9, 10), [], 'due after delivery');
      assertEqual(await claimAttempt(db, 'd', T0 + 1e9, T0 + 2e9), null, 'claim after delivery');
    }),

    on("recordAttempt 'pending' schedules the retry with the error; due exactly at retryAt", async (db) => {
      await insertEvent(db, event('r'));
      await claimAttempt(db, 'r', T0, T0 + LEASE);
      await recordAttempt(db, 'r', await currentClaim(db, 'r'), { status: 'pending', error: 'timeout after 10000 ms', retryAt: T0 + 30_000 });
      const row = await mustGet(db, 'r');
      assertJsonEqual([row.status, row.attempts, row.next_attempt_at, row.last_error], ['pending', 1, T0 + 30_000, 'timeout after 10000 ms'], 'retry row');
      assertJsonEqual(await dueEvents(db, T0 + 29_999, 10), [], 'due before retryAt');
      assertJsonEqual(await dueEvents(db, T0 + 30_000, 10), ['r'], 'due at retryAt');
    }),

    on("recordAttempt 'pending' does not bring back an event that is no longer pending", async (db) => {
      await insertEvent(db, event('x'));
      await claimAttempt(db, 'x', T0, T0 + LEASE);
      await recordAttempt(db, 'x', await currentClaim(db, 'x'), { status: 'failed', error: 'HTTP 410' });
      await recordAttempt(db, 'x', await currentClaim(db, 'x'), { status: 'pending', error: 'late', retryAt: T0 + 1 });
      const row = await mustGet(db, 'x');
      assertJsonEqual([row.status, row.next_attempt_at, row.last_error], ['failed', null, 'HTTP 410'], 'row after a late retry record');
    }),

    on('a redelivery during an attempt voids its outcome but keeps its lease; the redelivery follows it', async (db) => {
      await insertEvent(db, event('stale'));
      const first = await claimAttempt(db, 'stale', T0, T0 + LEASE);
      assertEqual(await requeueEvent(db, 'stale', T0 + 1), true, 'redelivery during the attempt');
      assertEqual(await claimAttempt(db, 'stale', T0 + 1, T0 + 2 * LEASE), null, 'no second attempt beside the one in flight');
      assertEqual(await recordAttempt(db, 'stale', first!.claim, { status: 'failed', error: 'HTTP 500' }), false, 'voided outcome not recorded');
      const second = await claimAttempt(db, 'stale', T0 + 2, T0 + 2 * LEASE);
      assert(second !== null, 'claimable once the voided attempt ended (its lease released)');
      assertEqual(await recordAttempt(db, 'stale', second.claim, { status: 'delivered', at: T0 + 3 }), true, 'current outcome recorded');
      assertEqual(await recordAttempt(db, 'stale', first!.claim, { status: 'pending', error: 'late', retryAt: T0 + 4 }), false, 'late outcome');
      const row = await mustGet(db, 'stale');
      assertJsonEqual([row.status, row.delivered_at, row.last_error], ['delivered', T0 + 3, null], 'row after a stale failure');
    }),

    on('a redelivery during an attempt that dies unrecorded is sent once the lease runs out', async (db) => {
      await insertEvent(db, event('dies'));
      await claimAttempt(db, 'dies', T0, T0 + LEASE);
      await requeueEvent(db, 'dies', T0 + 1);
      assertJsonEqual(await dueEvents(db, T0 + LEASE - 1, 10), [], 'not due during the lease');
      assertJsonEqual(await dueEvents(db, T0 + LEASE, 10), ['dies'], 'due when the lease ends');
      assert((await claimAttempt(db, 'dies', T0 + LEASE, T0 + 2 * LEASE)) !== null, 'claimed after the lease');
    }),

    on("recordAttempt 'failed' gives up: status failed, last_error kept, nothing due", async (db) => {
      await insertEvent(db, event('f'));
      await claimAttempt(db, 'f', T0, T0 + LEASE);
      await recordAttempt(db, 'f', await currentClaim(db, 'f'), { status: 'failed', error: 'HTTP 503' });
      const row = await mustGet(db, 'f');
      assertJsonEqual([row.status, row.attempts, row.next_attempt_at, row.last_error], ['failed', 1, null, 'HTTP 503'], 'failed row');
      assertJsonEqual(await dueEvents(db, T0 + 1e9, 10), [], 'due after failure');
    }),

    on('dueEvents lists due pending events by next attempt time, then arrival, up to the limit', async (db) => {
      await insertEvent(db, event('a', { received_at: T0 + 300 }));
      await insertEvent(db, event('b', { received_at: T0 + 100 }));
      await insertEvent(db, event('c', { received_at: T0 + 100 })); // same time as b, inserted after
      await insertEvent(db, event('d', { received_at: T0 + 200 }));
      await insertEvent(db, event('future', { received_at: T0 + 10_000 }));
      await insertEvent(db, event('kept', { status: 'stored', received_at: T0 }));
      assertJsonEqual(await dueEvents(db, T0 + 1000, 10), ['b', 'c', 'd', 'a'], 'due order');
      assertJsonEqual(await dueEvents(db, T0 + 1000, 2), ['b', 'c'], 'due with a limit');
      assertJsonEqual(await dueEvents(db, T0 + 99, 10), [], 'none due yet');
    }),

    on('requeueEvent gives a failed or delivered event a fresh attempt budget, due now', async (db) => {
      await insertEvent(db, event('q'));
      await claimAttempt(db, 'q', T0, T0 + LEASE);
      await recordAttempt(db, 'q', await currentClaim(db, 'q'), { status: 'failed', error: 'HTTP 500' });
      assertEqual(await requeueEvent(db, 'q', T0 + 500), true, 'requeue of a known event');
      const row = await mustGet(db, 'q');
      assertJsonEqual([row.status, row.attempts, row.next_attempt_at, row.last_error], ['pending', 0, T0 + 500, null], 'requeued row');
      assertEqual((await claimAttempt(db, 'q', T0 + 500, T0 + LEASE))?.attempts, 1, 'claim after requeue');
      await insertEvent(db, event('kept', { status: 'stored' }));
      assertEqual(await requeueEvent(db, 'kept', T0 + 600), true, 'requeue of a stored event');
      assertJsonEqual(await dueEvents(db, T0 + 600, 10), ['kept'], 'a requeued stored event is due');
      assertEqual(await requeueEvent(db, 'unknown', T0), false, 'requeue of an unknown event');
    }),

    on('listEvents pages newest first through opaque cursors, without gaps or repeats', async (db) => {
      const ids = Array.from({ length: 7 }, (_, i) => `L${i}`);
      for (const [i, id] of ids.entries()) await insertEvent(db, event(id, { received_at: T0 + i }));
      const pages = await allPages(db, { limit: 3 });
      assertJsonEqual(pages, [['L6', 'L5', 'L4'], ['L3', 'L2', 'L1'], ['L0']], 'pages');
      const exact = await listEvents(db, { limit: 7 });
      assertEqual(exact.next_cursor, null, 'no cursor when the page holds the rest');
      const first = (await listEvents(db, { limit: 1 })).events[0];
      assertJsonEqual(
        first && Object.keys(first).sort(),
        ['attempts', 'event_id', 'last_error', 'next_attempt_at', 'received_at', 'status', 'type'],
        'summary fields (no payload)',
      );
      const cursor = (await listEvents(db, { limit: 3 })).next_cursor;
      assert(cursor !== null && /^[A-Za-z0-9_-]+$/.test(cursor), `cursor is url-safe: ${cursor}`);
      assertEqual(decodeCursor('not a cursor'), undefined, 'a foreign cursor is refused');
    }),

    on('listEvents filters by type and status, and pages within the filter', async (db) => {
      for (let i = 0; i < 6; i++) {
        await insertEvent(db, event(`t${i}`, { type: i % 2 === 0 ? 'PAY_SUCCESS' : 'REFUND', status: i < 3 ? 'pending' : 'stored', received_at: T0 + i }));
      }
      assertJsonEqual(await allPages(db, { limit: 2, type: 'PAY_SUCCESS' }), [['t4', 't2'], ['t0']], 'type filter');
      assertJsonEqual(await allPages(db, { limit: 2, status: 'stored' }), [['t5', 't4'], ['t3']], 'status filter');
      assertJsonEqual(await allPages(db, { limit: 5, type: 'REFUND', status: 'pending' }), [['t1']], 'both filters');
      assertJsonEqual(await allPages(db, { limit: 5, type: 'NO_SUCH_TYPE' }), [[]], 'no match');
    }),

    on('purgeEvents deletes events received before the cutoff whose forwarding is over, never a pending one', async (db) => {
      await insertEvent(db, event('old1', { received_at: T0 - 3, status: 'stored' }));
      await insertEvent(db, event('old2', { received_at: T0 - 2, status: 'pending' }));
      await claimAttempt(db, 'old2', T0, T0 + LEASE);
      await recordAttempt(db, 'old2', await currentClaim(db, 'old2'), { status: 'delivered', at: T0 });
      await insertEvent(db, event('old-pending', { received_at: T0 - 1, status: 'pending' }));
      await insertEvent(db, event('edge', { received_at: T0 }));
      await insertEvent(db, event('new', { received_at: T0 + 1 }));
      assertEqual(await purgeEvents(db, T0, T0 - 1000), 2, 'purged');
      assertJsonEqual((await listEvents(db, { limit: 10 })).events.map((e) => e.event_id), ['new', 'edge', 'old-pending'], 'kept');
      assertEqual(await purgeEvents(db, T0, T0 - 1000), 0, 'purged again');
      assertEqual(await getEvent(db, 'old1'), null, 'the payload is gone');
    }),

    on('a purged event leaves a tombstone: a replay of it is a duplicate until the tombstone expires', async (db) => {
      await insertEvent(db, event('replayed', { received_at: T0 - 10, status: 'stored' }));
      assertEqual(await purgeEvents(db, T0, T0 - 1000), 1, 'payload purged');
      assertEqual(await insertEvent(db, event('replayed', { received_at: T0 + 5 })), false, 'the replay is a duplicate');
      assertEqual(await getEvent(db, 'replayed'), null, 'and nothing was stored');
      assertEqual(await purgeEvents(db, T0, T0 - 11), 0, 'a tombstone younger than the cutoff stays');
      assertEqual(await insertEvent(db, event('replayed', { received_at: T0 + 6 })), false, 'still a duplicate');
      await purgeEvents(db, T0, T0 - 9);
      assertEqual(await insertEvent(db, event('replayed', { received_at: T0 + 7 })), true, 'stored again once the tombstone expired');
    }),

    on('event keys survive the database exactly: numbers as written, lone surrogates, NUL, quotes, unicode', async (db) => {
      const bodies = [
        '{"event_id":9007199254740993}',
        '{"event_id":9007199254740992}',
        '{"event_id":1.0}',
        '{"event_id":1}',
        '{"event_id":-0}',
        '{"event_id":0}',
        '{"event_id":"42"}',
        '{"event_id":42}',
        '{"event_id":1e21}',
        '{"event_id":1000000000000000000000}',
        '{"event_id":"id-\\ud800"}',
        '{"event_id":"id-\\udbff"}',
        '{"event_id":"a\\u0000b"}',
        '{"event_id":"a\\u0000c"}',
        '{"event_id":"订单-1"}',
        '{"event_id":"😀\\t"}',
        '{"event_id":""}',
      ];
      const keys = bodies.map((body) => eventKeyOf(body)!);
      assertEqual(new Set(keys).size, bodies.length, 'distinct ids, distinct keys');
      for (const [i, key] of keys.entries()) assertEqual(await insertEvent(db, event(key, { payload: bodies[i] })), true, `stored ${bodies[i]}`);
      for (const [i, key] of keys.entries()) {
        assertEqual((await mustGet(db, key)).payload, bodies[i], `read back by its key: ${bodies[i]}`);
        assertEqual(await insertEvent(db, event(key)), false, `a duplicate of ${bodies[i]}`);
      }
      const listed = (await listEvents(db, { limit: 100 })).events.map((e) => e.event_id);
      assertJsonEqual([...listed].sort(), [...keys].sort(), 'listed with the same keys');
    }),

    on('createSqlEventStore: claim is new once; a duplicate is in_flight, then done after complete', async (db) => {
      const store = createSqlEventStore(db);
      const first = await store.claim('h1');
      assertEqual(first.status, 'new', 'first claim');
      assertEqual((await store.claim('h1')).status, 'in_flight', 'duplicate during handling');
      await store.complete('h1', (first as { token: string }).token);
      assertEqual((await store.claim('h1')).status, 'done', 'duplicate after handling');
      assertEqual((await createSqlEventStore(db).claim('h1')).status, 'done', 'another store on the same database (a restart)');
    }),

    on('createSqlEventStore: release gives the event back; a wrong token changes nothing', async (db) => {
      const store = createSqlEventStore(db);
      const claim = (await store.claim('h2')) as { status: string; token: string };
      await store.release('h2', 'not-the-token');
      await store.complete('h2', 'not-the-token');
      assertEqual((await store.claim('h2')).status, 'in_flight', 'after a wrong token');
      await store.release('h2', claim.token);
      assertEqual((await store.claim('h2')).status, 'new', 'after the release');
    }),

    on('createSqlEventStore: an expired lease is taken over, and the first owner can no longer finish it', async (db) => {
      let now = T0;
      const store = createSqlEventStore(db, { leaseMs: 1000, now: () => now });
      const a = (await store.claim('h3')) as { status: string; token: string };
      now += 999;
      assertEqual((await store.claim('h3')).status, 'in_flight', 'during the lease');
      now += 1;
      const b = (await store.claim('h3')) as { status: string; token: string };
      assertEqual(b.status, 'new', 'after the lease');
      assert(a.token !== b.token, 'a new token');
      await store.release('h3', a.token); // the first owner failed late
      assertEqual((await store.claim('h3')).status, 'in_flight', 'the late release freed nothing');
      await store.complete('h3', a.token);
      await store.complete('h3', b.token);
      assertEqual((await store.claim('h3')).status, 'done', 'done by the owner');
    }),

    on('createSqlEventStore: concurrent claims of one event, exactly one new; purge forgets old handled ids', async (db) => {
      let now = T0;
      const store = createSqlEventStore(db, { doneTtlMs: 5000, now: () => now });
      const claims = await Promise.all([1, 2, 3, 4, 5].map(() => store.claim('h4')));
      assertEqual(claims.filter((c) => c.status === 'new').length, 1, 'new claims');
      await store.complete('h4', (claims.find((c) => c.status === 'new') as { token: string }).token);
      now += 5001;
      assertEqual(await store.purge(), 1, 'purged');
      assertEqual((await store.claim('h4')).status, 'new', 'forgotten after the TTL');
    }),

    on('purgeEvents deletes in batches: more rows than one batch all go', async (db) => {
      // 1203 stored events in one statement (a row-by-row insert would dominate the suite's time).
      await db.run(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1202)
         INSERT INTO events (event_id, type, payload, status, received_at) SELECT 'bulk' || i, 'PAY_START', '{}', 'stored', ? FROM n`,
        [T0 - 10],
      );
      assertEqual(await purgeEvents(db, T0, T0 - 1000), 1203, 'purged');
      assertEqual((await db.first<{ n: number }>('SELECT count(*) AS n FROM event_tombstones'))?.n, 1203, 'each left a tombstone');
      assertJsonEqual((await listEvents(db, { limit: 10 })).events, [], 'nothing left');
    }),
  ]);
}
