/**
 * Group commit for a synchronous SQLite: the writes queued during one turn of the event loop run
 * in one transaction, each in its own SAVEPOINT, and are settled only after its COMMIT returned.
 * With `synchronous = FULL` a commit is one fsync, so N concurrent deliveries cost one fsync
 * instead of N, and the event loop is blocked once per turn instead of once per request.
 *
 * - No write is resolved before the COMMIT that holds it returned: a 200 still means committed.
 * - A failed statement rolls back to its savepoint and rejects that write only; its neighbours
 *   go on (the per-statement result is the one it would have had alone).
 * - A failed BEGIN or COMMIT (or a failed rollback to a savepoint, when SQLite has already
 *   rolled back the whole transaction, as it does on SQLITE_FULL or an I/O error) rejects every
 *   write of the group: none of them is answered 200, so PassTo redelivers each.
 *
 * The transaction never spans two turns (it is begun and committed in one synchronous call), so a
 * read between turns only ever sees committed rows.
 */
import type { SyncSqlite } from './sync-sqlite.ts';

interface Pending<T> {
  write: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** Runs `flush` after the I/O callbacks of this turn (setImmediate where the runtime has it). */
type Defer = (flush: () => void) => void;

const nextTurn: Defer = (flush) => {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (immediate) immediate(flush);
  else setTimeout(flush, 0);
};

/**
 * Queues `write` (one statement on `db`) into the current group; resolves with its result once
 * the group committed.
 *
 * @example
 * ```ts
 * const commit = groupCommit(sqlite);
 * const { changes } = await commit(() => statement.run(id));
 * ```
 */
export function groupCommit(db: Pick<SyncSqlite, 'exec'>, defer: Defer = nextTurn): <T>(write: () => T) => Promise<T> {
  let queue: Pending<unknown>[] = [];

  const flush = () => {
    const group = queue;
    queue = [];
    const done: { member: Pending<unknown>; value: unknown }[] = [];
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const member of group) member.reject(error);
      return;
    }
    try {
      for (const member of group) {
        db.exec('SAVEPOINT passto_write');
        let value: unknown;
        try {
          value = member.write();
        } catch (error) {
          // Undo this statement only; if the transaction itself is gone, this throws: abort the group.
          db.exec('ROLLBACK TO passto_write');
          db.exec('RELEASE passto_write');
          member.reject(error);
          continue;
        }
        db.exec('RELEASE passto_write');
        done.push({ member, value });
      }
      db.exec('COMMIT');
    } catch (error) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // Already rolled back by SQLite; the group fails either way.
      }
      // Nothing of the group committed: every member fails (one already rejected stays as it was).
      for (const member of group) member.reject(error);
      return;
    }
    for (const { member, value } of done) member.resolve(value);
  };

  return <T>(write: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) defer(flush);
      queue.push({ write, resolve, reject } as Pending<unknown>);
    });
}
