/**
 * Group commit (adapters/sqlite/group-commit.ts) on a scripted SQLite: no write settles before
 * the COMMIT that holds it, a failed statement fails alone, and a failed BEGIN, COMMIT or
 * savepoint rollback fails every write of the group. Then the gateway on it: a failed commit
 * answers every concurrent delivery 5xx, never 200.
 */
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../adapters/sqlite/group-commit.ts';
import { sqliteDatabase } from '../../adapters/sqlite/sqlite-database.ts';
import type { SyncSqlite } from '../../adapters/sqlite/sync-sqlite.ts';
import { createGateway } from '../../worker/app.ts';
import { hmac } from '../worker/signed.ts';

/** A SQLite that logs what it is asked and throws where `fail` says. */
function scriptedSqlite(fail: (sql: string) => boolean = () => false) {
  const log: string[] = [];
  const exec = (sql: string) => {
    log.push(sql);
    if (fail(sql)) throw new Error(`${sql} failed`);
  };
  return { log, exec };
}

/** A deferred flush the test runs by hand, so a group is exactly what was queued before it. */
function manualTurn() {
  const flushes: (() => void)[] = [];
  return {
    defer: (flush: () => void) => {
      flushes.push(flush);
    },
    run: () => {
      for (const flush of flushes.splice(0)) flush();
    },
  };
}

describe('groupCommit', () => {
  it('runs the writes queued in one turn in one transaction, each in a savepoint, and resolves them only after COMMIT', async () => {
    const db = scriptedSqlite();
    const turn = manualTurn();
    const commit = groupCommit(db, turn.defer);
    const settledAt: number[] = [];
    const writes = [1, 2, 3].map((n) =>
      commit(() => {
        db.log.push(`write ${n}`);
        return n;
      }).then((value) => {
        settledAt.push(db.log.length);
        return value;
      }),
    );
    await Promise.resolve();
    expect(db.log).toEqual([]); // nothing runs before the turn ends
    turn.run();
    expect(await Promise.all(writes)).toEqual([1, 2, 3]);
    expect(db.log).toEqual([
      'BEGIN IMMEDIATE',
      ...[1, 2, 3].flatMap((n) => ['SAVEPOINT passto_write', `write ${n}`, 'RELEASE passto_write']),
      'COMMIT',
    ]);
    // Every write settled with COMMIT already in the log: a 200 never precedes its commit.
    expect(settledAt.every((at) => at >= db.log.indexOf('COMMIT') + 1)).toBe(true);
  });

  it('starts a new group for the writes of a later turn', async () => {
    const db = scriptedSqlite();
    const turn = manualTurn();
    const commit = groupCommit(db, turn.defer);
    const first = commit(() => 'a');
    turn.run();
    const second = commit(() => 'b');
    turn.run();
    expect([await first, await second]).toEqual(['a', 'b']);
    expect(db.log.filter((sql) => sql === 'BEGIN IMMEDIATE' || sql === 'COMMIT')).toEqual(['BEGIN IMMEDIATE', 'COMMIT', 'BEGIN IMMEDIATE', 'COMMIT']);
  });

  it('rejects every write of the group when COMMIT fails, and rolls back', async () => {
    const db = scriptedSqlite((sql) => sql === 'COMMIT');
    const turn = manualTurn();
    const commit = groupCommit(db, turn.defer);
    const writes = [1, 2, 3].map((n) => commit(() => n));
    turn.run();
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(db.log.at(-1)).toBe('ROLLBACK');
  });

  it('rejects every write when BEGIN fails (another process holds the lock past the busy timeout)', async () => {
    const db = scriptedSqlite((sql) => sql === 'BEGIN IMMEDIATE');
    const turn = manualTurn();
    const commit = groupCommit(db, turn.defer);
    let ran = false;
    const writes = [1, 2].map(() =>
      commit(() => {
        ran = true;
      }),
    );
    turn.run();
    expect((await Promise.allSettled(writes)).map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(ran).toBe(false);
  });

  it('rejects a failing statement alone: its neighbours commit with their own results', async () => {
    const db = scriptedSqlite();
    const turn = manualTurn();
    const commit = groupCommit(db, turn.defer);
    const writes = [
      commit(() => ({ changes: 1 })),
      commit(() => {
        throw new Error('UNIQUE constraint failed');
      }),
      commit(() => ({ changes: 0 })),
    ];
    turn.run();
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: { changes: 1 } });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { message: 'UNIQUE constraint failed' } });
    expect(outcomes[2]).toEqual({ status: 'fulfilled', value: { changes: 0 } });
    expect(db.log).toEqual([
      'BEGIN IMMEDIATE',
      'SAVEPOINT passto_write',
      'RELEASE passto_write',
      'SAVEPOINT passto_write',
      'ROLLBACK TO passto_write',
      'RELEASE passto_write',
      'SAVEPOINT passto_write',
      'RELEASE passto_write',
      'COMMIT',
    ]);
  });

  it('rejects the whole group, earlier writes too, when SQLite already rolled the transaction back (the savepoint is gone)', async () => {
    const db = scriptedSqlite((sql) => sql === 'ROLLBACK TO passto_write');
    const turn = manualTurn();
    const commit = groupCommit(db, turn.defer);
    let third = false;
    const writes = [
      commit(() => 1),
      commit(() => {
        throw new Error('database or disk is full');
      }),
      commit(() => {
        third = true;
      }),
    ];
    turn.run();
    expect((await Promise.allSettled(writes)).map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(third).toBe(false);
    expect(db.log).not.toContain('COMMIT');
  });
});

/** Production values that pass every configuration rule. */
const KEY = 'group-commit-signature-key';
const VARS = { GATEWAY_TOKEN: 'token-3f9a1c', PASSTO_API_KEY: 'api-key', PASSTO_SIGNATURE_KEY: KEY, PASSTO_PLAT_ID: 'plat-1', SANDBOX: 'off' };

/** A SyncSqlite whose INSERTs succeed and whose COMMIT throws (or not). */
function fakeSqlite(commitFails: boolean): SyncSqlite & { committed: number } {
  const fake = {
    committed: 0,
    prepare: () => ({ all: () => [], get: () => undefined, run: () => ({ changes: 1 }) }),
    exec: (sql: string) => {
      if (sql !== 'COMMIT') return;
      if (commitFails) throw new Error('disk I/O error');
      fake.committed++;
    },
    close: () => {},
  };
  return fake;
}

function delivery(eventId: string): RequestInit {
  const body = JSON.stringify({ type: 'PAY_SUCCESS', platform_id: 'plat-1', retry: 0, event_id: eventId, data: {} });
  return { method: 'POST', body, headers: { 'content-type': 'application/json', signature: hmac(KEY, '/v1/webhooks', body) } };
}

describe('the gateway on a group-committed SQLite', () => {
  it.each([
    [false, 200],
    [true, 500],
  ])('with the commit failing: %s, answers every concurrent delivery %s', async (commitFails, status) => {
    const sqlite = fakeSqlite(commitFails);
    const app = createGateway();
    const env = { ...VARS, DB: sqliteDatabase(sqlite) };
    const responses = await Promise.all(['e1', 'e2', 'e3', 'e4'].map((id) => app.fetch(new Request('http://gw.test/v1/webhooks', delivery(id)), env)));
    expect(responses.map((r) => r.status)).toEqual([status, status, status, status]);
    if (commitFails) {
      const body = (await responses[0]!.json()) as { code: string };
      expect(body).toMatchObject({ code: 'internal_error' });
    } else {
      // The four arrived in one turn: one commit for all of them.
      expect(sqlite.committed).toBe(1);
    }
  });
});
