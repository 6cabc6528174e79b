/**
 * Group commit on D1: the writes (`run`) of concurrent requests in one isolate go to D1 as one
 * `batch()`, one round trip and one transaction, instead of one round trip each. In workerd with a
 * local D1 a round trip costs as much as a batch of twenty-five inserts (issue 12, target 4).
 *
 * - Every waiting write looks at its state on its own timer, every POLL_MS, never by awaiting a
 *   promise another request settles: workerd has to move such a continuation into the request
 *   that made the promise, and under sustained load (a member's keep-alive timer, cleared from the
 *   sender's request, was never cleared) it answered HTTP 500 "Cannot perform I/O on behalf of a
 *   different request" instead. The timer also keeps the request alive while it waits (workerd
 *   cancels a request with nothing pending of its own).
 * - A write still queued that finds no batch in flight sends the queue, its own write included,
 *   from its own request: the I/O then belongs to a request that waits for it (workerd refuses a
 *   statement prepared by another request, and cancels the I/O of a request that ended). Writes
 *   made during the first one's POLL_MS share its batch.
 * - Any waiting request can send: one whose request was cancelled cannot stall the others. A batch
 *   not back after STALL_MS no longer holds the queue: the next batch goes out beside it. One not
 *   back after WRITE_DEADLINE_MS is taken as lost: its writes fail (5xx, so PassTo retries).
 * - No write resolves before the batch that holds it returned from D1: a 200 means committed.
 * - D1 runs a batch as one transaction: when it fails, nothing of it is stored, and each write is
 *   run again alone, so it gets the result it would have had alone (a failing statement fails
 *   only its own request; when D1 itself is failing, every member fails and answers 5xx).
 * - Consecutive writes of one mergeable INSERT (the event log's, by default) go as one many-row
 *   statement, at most 100 bound values each (D1's limit per query): local D1 spends more on each
 *   statement (prepare, zod, two change counts) than on the row itself. Its `RETURNING` says which
 *   rows were stored; a key repeated within the statement is left out of it and answered as the
 *   duplicate it would have been, run after the first.
 */
import { EVENT_INSERT } from './event-log.ts';
import type { MergeableInsert } from './mergeable-insert.ts';
import type { SqlDatabase, SqlValue } from './sql.ts';

/** A prepared D1 statement, bound (`D1PreparedStatement`). */
interface D1Bound {
  all<T>(): Promise<{ results: T[] }>;
  first<T>(): Promise<T | null>;
  run(): Promise<{ meta: { changes?: number } }>;
}

/** The part of Cloudflare D1's API this uses (structural, so Miniflare's D1 fits too). */
export interface D1Batching {
  prepare(sql: string): { bind(...values: unknown[]): D1Bound };
  batch(statements: D1Bound[]): Promise<D1BatchResult[]>;
}

/** One statement's result in a batch: its rows (those a `RETURNING` gives) and how many rows it changed. */
interface D1BatchResult {
  results?: unknown[];
  meta: { changes?: number };
}

/** D1's limit of bound values per query (developers.cloudflare.com/d1/platform/limits). */
const MAX_BOUND_VALUES = 100;

/** How often a waiting write looks at its outcome, in ms: under load a D1 call takes several. */
export const POLL_MS = 1;

/** Far longer than any D1 call takes: a batch not back by then is taken as lost (its writes fail). */
export const WRITE_DEADLINE_MS = 30_000;

/**
 * The longest a batch in flight holds the queue back: after it, the next batch goes out beside it.
 * A D1 batch takes milliseconds; one that does not come back (its sender's request cancelled when
 * the client hung up, which cancels that request's I/O on Cloudflare) would otherwise hold every
 * later write of the isolate until WRITE_DEADLINE_MS.
 */
export const STALL_MS = 1_000;

/** A queued write: its SQL, bound by the request that sends it (a D1 statement belongs to the request that prepared it). */
interface Pending {
  sql: string;
  params: readonly SqlValue[] | undefined;
  /** When its batch was sent (Date.now()); unset while queued. */
  sentAt?: number;
  resolve: (value: { changes: number }) => void;
  reject: (error: unknown) => void;
}

/** One statement of a batch, and how its result settles the writes it carries. */
interface Step {
  sql: string;
  params: readonly SqlValue[];
  settle(result: D1BatchResult | undefined): void;
}

/**
 * The statements that carry `group`'s writes, in their order: each run of two or more consecutive
 * writes of one mergeable INSERT as many-row statements, every other write as it is.
 */
function plan(group: readonly Pending[], merges: ReadonlyMap<string, MergeableInsert>): Step[] {
  const steps: Step[] = [];
  for (let start = 0; start < group.length; ) {
    const insert = merges.get(group[start]!.sql);
    let end = start + 1;
    while (insert && end < group.length && group[end]!.sql === insert.sql) end++;
    if (insert && end - start > 1) steps.push(...merged(insert, group.slice(start, end)));
    else steps.push(single(group[start]!));
    start = end;
  }
  return steps;
}

function single(member: Pending): Step {
  return { sql: member.sql, params: member.params ?? [], settle: (result) => member.resolve({ changes: result?.meta.changes ?? 0 }) };
}

/** Consecutive writes of `insert` as many-row statements; a repeated key rides on its first write. */
function merged(insert: MergeableInsert, members: readonly Pending[]): Step[] {
  const firsts = new Map<SqlValue, { values: SqlValue[]; members: Pending[] }>();
  for (const member of members) {
    const values = insert.row(member.params ?? []);
    const first = firsts.get(values[0]!);
    if (first) first.members.push(member);
    else firsts.set(values[0]!, { values, members: [member] });
  }
  const rows = [...firsts.values()];
  const perStatement = Math.floor(MAX_BOUND_VALUES / insert.width);
  const steps: Step[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    steps.push({
      sql: insert.many(chunk.length),
      params: chunk.flatMap((row) => row.values),
      settle: (result) => {
        if (!Array.isArray(result?.results)) {
          const error = new Error('D1 gave no RETURNING rows');
          for (const row of chunk) for (const member of row.members) member.reject(error);
          return;
        }
        const stored = new Set(result.results.map((returned) => (returned as Record<string, unknown>)[insert.key]));
        for (const row of chunk) {
          const [first, ...repeats] = row.members;
          first!.resolve({ changes: stored.has(row.values[0]) ? 1 : 0 });
          for (const repeat of repeats) repeat.resolve({ changes: 0 });
        }
      },
    });
  }
  return steps;
}

/**
 * A D1 database as a `SqlDatabase` whose writes are group-committed, the `mergeable` INSERTs
 * (the event log's) merged into many-row statements.
 *
 * @example
 * ```ts
 * const db = groupCommitD1(env.DB);
 * await db.run('INSERT INTO events (event_id) VALUES (?)', [id]); // maybe with other requests' inserts
 * ```
 */
export function groupCommitD1(d1: D1Batching, mergeable: readonly MergeableInsert[] = [EVENT_INSERT]): SqlDatabase {
  const merges = new Map(mergeable.map((insert) => [insert.sql, insert]));
  const bound = (sql: string, params: readonly SqlValue[] = []) => d1.prepare(sql).bind(...params);
  let queue: Pending[] = [];
  /** The batch that holds the queue back (the last one sent, until it returns or STALL_MS passes): when it was sent. */
  let inFlight: { sentAt: number } | undefined;

  // A write run alone; its outcome is settled by the caller, once every other write run alone
  // with it is back too (a sender settled early could end its request, which cancels their I/O).
  const alone = async (member: Pending): Promise<() => void> => {
    try {
      const changes = (await bound(member.sql, member.params).run()).meta.changes ?? 0;
      return () => member.resolve({ changes });
    } catch (error) {
      return () => member.reject(error);
    }
  };

  // Sends every queued write, from the request of one of them (see above).
  const send = () => {
    const group = queue;
    queue = [];
    const batch = { sentAt: Date.now() };
    for (const member of group) member.sentAt = batch.sentAt;
    inFlight = batch;
    void (async () => {
      if (group.length === 1) return (await alone(group[0]!))();
      const steps = plan(group, merges);
      let results: D1BatchResult[];
      try {
        results = await d1.batch(steps.map((step) => bound(step.sql, step.params)));
      } catch {
        // Rolled back as a whole: each write alone, in its one-row form, for its own result.
        for (const settle of await Promise.all(group.map(alone))) settle();
        return;
      }
      for (const [i, step] of steps.entries()) step.settle(results[i]);
    })()
      // A bug above must fail its writes (5xx), not leave them to their deadline.
      .catch((error: unknown) => {
        for (const member of group) member.reject(error);
      })
      .finally(() => {
        if (inFlight === batch) inFlight = undefined;
      });
  };

  return {
    async all<Row>(sql: string, params?: readonly SqlValue[]) {
      return (await bound(sql, params).all<Row>()).results;
    },
    first: <Row>(sql: string, params?: readonly SqlValue[]) => bound(sql, params).first<Row>(),
    run: (sql, params) =>
      new Promise((resolve, reject) => {
        let outcome: (() => void) | undefined;
        const member: Pending = { sql, params, resolve: (value) => (outcome ??= () => resolve(value)), reject: (error) => (outcome ??= () => reject(error)) };
        queue.push(member);
        const poll = () => {
          if (outcome) return outcome();
          const now = Date.now();
          if (member.sentAt !== undefined && now - member.sentAt >= WRITE_DEADLINE_MS) {
            return reject(new Error(`D1 group commit: the batch holding this write did not return within ${WRITE_DEADLINE_MS} ms`));
          }
          if (inFlight && now - inFlight.sentAt >= STALL_MS) inFlight = undefined; // slow or lost: it no longer holds the queue
          if (!inFlight && member.sentAt === undefined) send();
          setTimeout(poll, POLL_MS);
        };
        setTimeout(poll, POLL_MS);
      }),
  };
}
