/**
 * Group commit on D1 (worker/store/d1-group-commit.ts), on a scripted D1: concurrent writes go as
 * one batch and settle only when it returned; a failed batch runs each write alone, so a failing
 * statement fails only itself; a write queued while a batch is in flight goes in the next one;
 * consecutive event inserts go as many-row statements whose RETURNING says which were stored.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type D1Batching, groupCommitD1 } from '../../worker/store/d1.ts';
import { POLL_MS, STALL_MS, WRITE_DEADLINE_MS } from '../../worker/store/d1-group-commit.ts';
import { EVENT_INSERT } from '../../worker/store/event-log.ts';
import { startGateway } from './harness.ts';
import { webhookDelivery } from './signed.ts';

type Bound = { sql: string; params: unknown[] };

/** A D1 whose calls are logged and held until the test releases them. */
function scriptedD1(options: { batchFails?: boolean; failing?: (params: unknown[]) => boolean; returning?: (sql: string, params: unknown[]) => unknown[] | undefined } = {}) {
  const log: string[] = [];
  const held: (() => void)[] = [];
  const hold = <T>(value: () => T) =>
    new Promise<T>((resolve, reject) =>
      held.push(() => {
        try {
          resolve(value());
        } catch (error) {
          reject(error);
        }
      }),
    );
  const statement = (sql: string, params: unknown[]) => {
    const bound: Bound = { sql, params };
    return Object.assign(bound, {
      all: async () => ({ results: [] }),
      first: async () => null,
      run: () => {
        log.push(`run ${params.join(',')}`);
        return hold(() => {
          if (options.failing?.(params)) throw new Error(`constraint failed on ${params.join(',')}`);
          return { meta: { changes: 1 } };
        });
      },
    });
  };
  const d1 = {
    prepare: (sql: string) => ({ bind: (...params: unknown[]) => statement(sql, params) }),
    batch: (statements: Bound[]) => {
      log.push(`batch ${statements.map((s) => s.params.join(',')).join(' ')}`);
      return hold(() => {
        if (options.batchFails) throw new Error('batch rolled back');
        return statements.map((s) => ({ results: options.returning?.(s.sql, s.params) ?? [], meta: { changes: 1 } }));
      });
    },
  } as unknown as D1Batching;
  /** Lets every held call answer, then the writes they settle see it (each on its own POLL_MS timer). */
  const release = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const answer of held.splice(0)) answer();
    await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
  };
  return { d1, log, held, release };
}

describe('groupCommitD1', () => {
  it('sends a write alone when no other came within its first POLL_MS, the writes queued while it is in flight as one batch, and settles none before its call returned', async () => {
    const { d1, log, release } = scriptedD1();
    const db = groupCommitD1(d1);
    const settled: string[] = [];
    const first = db.run('INSERT', ['a']).then(() => settled.push('a'));
    await new Promise((resolve) => setTimeout(resolve, 2 * POLL_MS)); // a's first poll sends a alone
    const rest = ['b', 'c', 'd'].map((id) =>
      db.run('INSERT', [id]).then((result) => {
        settled.push(id);
        return result;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['run a']);
    expect(settled).toEqual([]);
    await release(); // `a` answers; b, c, d see it done on their next poll; the first to poll sends them
    expect(settled).toEqual(['a']);
    expect(log).toEqual(['run a', 'batch b c d']);
    await release();
    await first;
    expect(await Promise.all(rest)).toEqual([{ changes: 1 }, { changes: 1 }, { changes: 1 }]);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
  });

  it('waits POLL_MS before sending: the writes made meanwhile share the first batch', async () => {
    const { d1, log, release } = scriptedD1();
    const db = groupCommitD1(d1);
    const writes = ['a', 'b', 'c'].map((id) => db.run('INSERT', [id]));
    await release();
    expect(log).toEqual(['batch a b c']);
    expect(await Promise.all(writes)).toEqual([{ changes: 1 }, { changes: 1 }, { changes: 1 }]);
  });

  it('runs each write of a failed batch alone: a failing statement fails only its own write', async () => {
    const { d1, log, release } = scriptedD1({ batchFails: true, failing: (params) => params[0] === 'c' });
    const db = groupCommitD1(d1);
    const settled = Promise.allSettled(['a', 'b', 'c', 'd'].map((id) => db.run('INSERT', [id])));
    for (let i = 0; i < 4; i++) await release();
    const outcomes = await settled;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['batch a b c d', 'run a', 'run b', 'run c', 'run d']);
  });

  it('settles each write on its own timer, never in the call that settled its batch (workerd: another request)', async () => {
    const { d1, held } = scriptedD1();
    const db = groupCommitD1(d1);
    const settled: string[] = [];
    const writes = ['a', 'b'].map((id) => db.run('INSERT', [id]).then(() => settled.push(id)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const answer of held.splice(0)) answer();
    for (let i = 0; i < 20; i++) await Promise.resolve(); // every continuation of the answer, no timer
    expect(settled).toEqual([]);
    await Promise.all(writes); // the writes' own timers
    expect(settled).toEqual(['a', 'b']);
  });

  it('settles no write of a failed batch, its sender included, before every write run alone is back', async () => {
    const { d1, log, held } = scriptedD1({ batchFails: true });
    const db = groupCommitD1(d1);
    const settled: string[] = [];
    const writes = ['a', 'b', 'c'].map((id) => db.run('INSERT', [id]).then(() => settled.push(id)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    held.splice(0)[0]!(); // the batch fails
    await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
    expect(log).toEqual(['batch a b c', 'run a', 'run b', 'run c']);
    const [a, b, c] = held.splice(0);
    a!(); // the sender's own write is back: settling it could end its request, cancelling b and c
    b!();
    await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
    expect(settled).toEqual([]);
    c!();
    await Promise.all(writes);
    expect(settled).toEqual(['a', 'b', 'c']);
  });

  it('fails every write of a group at once when building its batch throws (a bug), not at the deadline', async () => {
    const { d1 } = scriptedD1();
    const broken = { sql: 'INSERT', width: 1, many: () => 'INSERT many', row: () => { throw new Error('row bug'); }, key: 'id' };
    const db = groupCommitD1(d1, [broken]);
    const outcomes = await Promise.allSettled(['a', 'b'].map((id) => db.run('INSERT', [id])));
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual(['Error: row bug', 'Error: row bug']);
  });

  describe('a batch that never returns (its sender\'s request cancelled)', () => {
    afterEach(() => void vi.useRealTimers());

    it('holds later writes back for STALL_MS at most: they go as the next batch beside it, and its own writes fail at WRITE_DEADLINE_MS', async () => {
      vi.useFakeTimers();
      const { d1, log, held } = scriptedD1();
      const db = groupCommitD1(d1);
      let settled = false;
      const lost = Promise.allSettled(['a', 'b'].map((id) => db.run('INSERT', [id]))).finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(10);
      expect(log).toEqual(['batch a b']);
      const later = db.run('INSERT', ['c']);
      await vi.advanceTimersByTimeAsync(STALL_MS - 20);
      expect(log).toEqual(['batch a b']); // the batch in flight may just be slow: c waits to join the next one
      await vi.advanceTimersByTimeAsync(20 + 2 * POLL_MS);
      expect(log).toEqual(['batch a b', 'run c']);
      held.at(-1)!();
      await vi.advanceTimersByTimeAsync(10);
      expect(await later).toEqual({ changes: 1 }); // answered long before the lost batch's deadline
      await vi.advanceTimersByTimeAsync(WRITE_DEADLINE_MS - STALL_MS - 60);
      expect(settled).toBe(false); // a and b may still come back until their deadline
      await vi.advanceTimersByTimeAsync(60);
      const outcomes = await lost;
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect(String((outcomes[0] as PromiseRejectedResult).reason)).toContain('did not return within');
    });

    it('keeps the batch sent beside a slow one as the one that holds the queue, when the slow one comes back first', async () => {
      vi.useFakeTimers();
      const { d1, log, held } = scriptedD1();
      const db = groupCommitD1(d1);
      const slow = Promise.all(['a', 'b'].map((id) => db.run('INSERT', [id])));
      await vi.advanceTimersByTimeAsync(10);
      const beside = db.run('INSERT', ['c']);
      await vi.advanceTimersByTimeAsync(STALL_MS + 2 * POLL_MS);
      expect(log).toEqual(['batch a b', 'run c']);
      held[0]!(); // the slow batch returns while c's is in flight
      await vi.advanceTimersByTimeAsync(10);
      expect(await slow).toEqual([{ changes: 1 }, { changes: 1 }]);
      const next = db.run('INSERT', ['d']);
      await vi.advanceTimersByTimeAsync(10);
      expect(log).toEqual(['batch a b', 'run c']); // d waits for c's batch, as any write waits for the one in flight
      held[1]!();
      await vi.advanceTimersByTimeAsync(10);
      expect(await beside).toEqual({ changes: 1 });
      expect(log).toEqual(['batch a b', 'run c', 'run d']);
      held[2]!();
      await vi.advanceTimersByTimeAsync(10);
      expect(await next).toEqual({ changes: 1 });
    });

    it('lets a batch back after STALL_MS settle its writes as usual', async () => {
      vi.useFakeTimers();
      const { d1, log, held } = scriptedD1();
      const db = groupCommitD1(d1);
      const slow = Promise.all(['a', 'b'].map((id) => db.run('INSERT', [id])));
      await vi.advanceTimersByTimeAsync(STALL_MS + 10);
      held.at(-1)!();
      await vi.advanceTimersByTimeAsync(10);
      expect(await slow).toEqual([{ changes: 1 }, { changes: 1 }]);
      expect(log).toEqual(['batch a b']);
    });
  });

  it('fails every write when D1 fails them all (each answers 5xx, none 200)', async () => {
    const { d1, release } = scriptedD1({ batchFails: true, failing: () => true });
    const db = groupCommitD1(d1);
    const settled = Promise.allSettled(['a', 'b', 'c'].map((id) => db.run('INSERT', [id])));
    for (let i = 0; i < 4; i++) await release();
    expect((await settled).map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});

/** insertEvent's parameters for an event `id` (worker/store/event-log.ts). */
const eventParams = (id: string) => [id, 'PAY_SUCCESS', null, `{"event_id":"${id}"}`, 'stored', 1, null, id];
/** Every row of a many-row insert's values comes back stored, but those `skip` names. */
const storedBut =
  (...skip: string[]) =>
  (sql: string, params: unknown[]) =>
    sql.includes('RETURNING') ? params.filter((_, i) => i % EVENT_INSERT.width === 0 && !skip.includes(params[i] as string)).map((id) => ({ event_id: id })) : undefined;

describe('groupCommitD1, merging event inserts', () => {
  it('sends consecutive event inserts as one many-row statement, and answers each by its RETURNING row', async () => {
    const { d1, log, release } = scriptedD1({ returning: storedBut('c') });
    const db = groupCommitD1(d1);
    const writes = ['a', 'b', 'c', 'd'].map((id) => db.run(EVENT_INSERT.sql, eventParams(id)));
    for (let i = 0; i < 3; i++) await release();
    // One statement of four rows, seven values each (no repeated id).
    expect(log).toEqual([`batch ${['a', 'b', 'c', 'd'].flatMap((id) => eventParams(id).slice(0, 7)).join(',')}`]);
    expect(await Promise.all(writes)).toEqual([{ changes: 1 }, { changes: 1 }, { changes: 0 }, { changes: 1 }]);
  });

  it('answers a key repeated in one group as the duplicate it is, without a second row', async () => {
    const statements: string[] = [];
    const returning = (sql: string, params: unknown[]) => {
      statements.push(params.filter((_, i) => i % EVENT_INSERT.width === 0).join(' '));
      return storedBut()(sql, params);
    };
    const { d1, release } = scriptedD1({ returning });
    const db = groupCommitD1(d1);
    const writes = ['a', 'b', 'x', 'c', 'x'].map((id) => db.run(EVENT_INSERT.sql, eventParams(id)));
    for (let i = 0; i < 3; i++) await release();
    expect(statements).toEqual(['a b x c']);
    expect(await Promise.all(writes)).toEqual([{ changes: 1 }, { changes: 1 }, { changes: 1 }, { changes: 1 }, { changes: 0 }]);
  });

  it('keeps D1 under 100 bound values a statement, and other writes in their place', async () => {
    const sqls: string[] = [];
    const returning = (sql: string, params: unknown[]) => {
      sqls.push(sql === EVENT_INSERT.sql ? 'one' : sql.includes('RETURNING') ? `many ${params.length}` : sql);
      return storedBut()(sql, params);
    };
    const { d1, release } = scriptedD1({ returning });
    const db = groupCommitD1(d1);
    const first = db.run(EVENT_INSERT.sql, eventParams('lead'));
    const ids = Array.from({ length: 31 }, (_, i) => `e${i}`);
    const writes = [...ids.slice(0, 30).map((id) => db.run(EVENT_INSERT.sql, eventParams(id))), db.run('UPDATE events SET x = ?', [1]), db.run(EVENT_INSERT.sql, eventParams(ids[30]!))];
    for (let i = 0; i < 3; i++) await release();
    await first;
    // 31 rows: 14 + 14 + 3 (98 values at most); the UPDATE where it was queued; the last insert alone.
    expect(sqls).toEqual(['many 98', 'many 98', 'many 21', 'UPDATE events SET x = ?', 'one']);
    expect(await Promise.all(writes)).toEqual(Array(32).fill({ changes: 1 }));
  });

  it('runs each insert of a failed batch alone, in its one-row form', async () => {
    const { d1, log, release } = scriptedD1({ batchFails: true, failing: (params) => params[0] === 'c' });
    const db = groupCommitD1(d1);
    const settled = Promise.allSettled(['a', 'b', 'c', 'd'].map((id) => db.run(EVENT_INSERT.sql, eventParams(id))));
    for (let i = 0; i < 4; i++) await release();
    expect((await settled).map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(log.slice(1)).toEqual(['a', 'b', 'c', 'd'].map((id) => `run ${eventParams(id).join(',')}`));
  });

  it('fails the writes of a many-row statement D1 answered without its rows, never taking them for duplicates', async () => {
    const { d1, release } = scriptedD1({ returning: () => undefined });
    const noRows = { ...d1, batch: async (statements: never[]) => (await d1.batch(statements)).map(({ meta }) => ({ meta })) } as D1Batching;
    const db = groupCommitD1(noRows);
    const settled = Promise.allSettled(['a', 'b', 'c'].map((id) => db.run(EVENT_INSERT.sql, eventParams(id))));
    for (let i = 0; i < 3; i++) await release();
    expect((await settled).map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});

describe('the Worker in workerd, with concurrent deliveries sharing batches', () => {
  // workerd cancels a request waiting on a promise only another request settles (as "hung"),
  // unless it has something of its own pending, and refuses a D1 statement prepared by another
  // request: every member must still be answered 200.
  it('answers every one 200 and stores every one', async () => {
    const gw = await startGateway();
    try {
      // Over HTTP, as PassTo calls it: each delivery its own request context in workerd.
      const origin = (await gw.mf.ready).origin;
      const deliveries = Array.from({ length: 60 }, () => webhookDelivery());
      const responses = await Promise.all(deliveries.map(({ event_id: _id, ...init }) => fetch(`${origin}/v1/webhooks`, init)));
      expect(await Promise.all(responses.map(async (r) => `${r.status} ${((await r.json()) as { code: unknown }).code}`))).toEqual(deliveries.map(() => '200 0'));
      const stored = await gw.sql<{ event_id: string }>('SELECT event_id FROM events');
      expect(stored.map((row) => row.event_id).sort()).toEqual(deliveries.map((d) => d.event_id).sort());
    } finally {
      await gw.dispose();
    }
  }, 60_000);

  it('has a many-row insert that D1 runs: RETURNING names only the rows stored, tombstoned and known ids skipped', async () => {
    const gw = await startGateway({ entry: 'production' });
    try {
      await gw.sql('INSERT INTO event_tombstones (event_id, received_at) VALUES (?, ?)', 'purged', 1);
      await gw.sql(EVENT_INSERT.sql, ...eventParams('known'));
      const rows = ['new-1', 'purged', 'known', 'new-2'].map((id) => EVENT_INSERT.row(eventParams(id)));
      const returned = await gw.sql<{ event_id: string }>(EVENT_INSERT.many(rows.length), ...rows.flat());
      expect(returned.map((row) => row.event_id).sort()).toEqual(['new-1', 'new-2']);
      const stored = await gw.sql('SELECT event_id, type, trace, payload, status, attempts, received_at, next_attempt_at FROM events ORDER BY seq');
      expect(stored).toEqual(
        ['known', 'new-1', 'new-2'].map((id) => ({ event_id: id, type: 'PAY_SUCCESS', trace: null, payload: `{"event_id":"${id}"}`, status: 'stored', attempts: 0, received_at: 1, next_attempt_at: null })),
      );
    } finally {
      await gw.dispose();
    }
  }, 60_000);

  // The many-row insert on real D1 (SQLite): a repeated id stored once, with the body of the one
  // answered `duplicate: false`; a purged id (its tombstone) stored never.
  it('stores each event once when concurrent deliveries repeat ids or replay a purged one', async () => {
    const gw = await startGateway();
    try {
      await gw.sql('INSERT INTO event_tombstones (event_id, received_at) VALUES (?, ?)', 'purged-1', Date.now());
      const origin = (await gw.mf.ready).origin;
      const fresh = Array.from({ length: 30 }, (_, i) => `fresh-${i}`);
      const deliveries = [
        ...fresh.map((event_id) => webhookDelivery({ event_id })),
        ...fresh.slice(0, 10).map((event_id) => webhookDelivery({ event_id, retry: 1 })),
        webhookDelivery({ event_id: 'purged-1' }),
      ];
      const answers = await Promise.all(
        deliveries.map(async ({ event_id: _id, ...init }) => {
          const response = await fetch(`${origin}/v1/webhooks`, init);
          return { status: response.status, ...((await response.json()) as { event_id: string; duplicate: boolean }), body: init.body };
        }),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.filter((a) => !a.duplicate).map((a) => a.event_id).sort()).toEqual([...fresh].sort());
      const stored = await gw.sql<{ event_id: string; payload: string }>('SELECT event_id, payload FROM events');
      expect(stored.map((row) => row.event_id).sort()).toEqual([...fresh].sort());
      const storedBody = new Map(stored.map((row) => [row.event_id, row.payload]));
      for (const answer of answers.filter((a) => !a.duplicate)) expect(storedBody.get(answer.event_id)).toBe(answer.body);
    } finally {
      await gw.dispose();
    }
  }, 60_000);
});
