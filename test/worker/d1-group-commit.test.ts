/**
 * Group commit on D1 (worker/store/d1-group-commit.ts), on a scripted D1: concurrent writes go as
 * one batch and settle only when it returned; a failed batch runs each write alone, so a failing
 * statement fails only itself; a write queued while a batch is in flight goes in the next one.
 */
import { describe, expect, it } from 'vitest';
import { type D1Batching, groupCommitD1 } from '../../worker/store/d1.ts';
import { startGateway } from './harness.ts';
import { webhookDelivery } from './signed.ts';

type Bound = { sql: string; params: unknown[] };

/** A D1 whose calls are logged and held until the test releases them. */
function scriptedD1(options: { batchFails?: boolean; failing?: (params: unknown[]) => boolean } = {}) {
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
        return statements.map(() => ({ meta: { changes: 1 } }));
      });
    },
  } as unknown as D1Batching;
  /** Lets every held call answer, then the promises they settle run. */
  const release = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const answer of held.splice(0)) answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { d1, log, release };
}

describe('groupCommitD1', () => {
  it('sends the first write alone, the writes queued while it is in flight as one batch, and settles none before its call returned', async () => {
    const { d1, log, release } = scriptedD1();
    const db = groupCommitD1(d1);
    const settled: string[] = [];
    const first = db.run('INSERT', ['a']).then(() => settled.push('a'));
    const rest = ['b', 'c', 'd'].map((id) =>
      db.run('INSERT', [id]).then((result) => {
        settled.push(id);
        return result;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['run a']);
    expect(settled).toEqual([]);
    await release(); // `a` answers; the leader of b, c, d sends them
    expect(settled).toEqual(['a']);
    expect(log).toEqual(['run a', 'batch b c d']);
    await release();
    await first;
    expect(await Promise.all(rest)).toEqual([{ changes: 1 }, { changes: 1 }, { changes: 1 }]);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs each write of a failed batch alone: a failing statement fails only its own write', async () => {
    const { d1, log, release } = scriptedD1({ batchFails: true, failing: (params) => params[0] === 'c' });
    const db = groupCommitD1(d1);
    const settled = Promise.allSettled(['a', 'b', 'c', 'd'].map((id) => db.run('INSERT', [id])));
    for (let i = 0; i < 4; i++) await release();
    const outcomes = await settled;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['run a', 'batch b c d', 'run b', 'run c', 'run d']);
  });

  it('fails every write when D1 fails them all (each answers 5xx, none 200)', async () => {
    const { d1, release } = scriptedD1({ batchFails: true, failing: () => true });
    const db = groupCommitD1(d1);
    const settled = Promise.allSettled(['a', 'b', 'c'].map((id) => db.run('INSERT', [id])));
    for (let i = 0; i < 4; i++) await release();
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
});
