/**
 * Group commit on D1: the writes (`run`) of concurrent requests in one isolate go to D1 as one
 * `batch()`, one round trip and one transaction, instead of one round trip each. In workerd with a
 * local D1 a round trip costs as much as a batch of twenty-five inserts (issue 12, target 4).
 *
 * - The first write of a group leads it: it waits for the batch in flight (if any), then prepares
 *   and sends every write queued meanwhile from its own request, so the I/O belongs to a request
 *   that is still waiting for it (workerd refuses a statement prepared by another request, and
 *   cancels I/O whose request has ended). Every member awaits it.
 * - No write resolves before the batch that holds it returned from D1: a 200 means committed.
 * - D1 runs a batch as one transaction: when it fails, nothing of it is stored, and each write is
 *   run again alone, so it gets the result it would have had alone (a failing statement fails
 *   only its own request; when D1 itself is failing, every member fails and answers 5xx).
 */
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
  batch(statements: D1Bound[]): Promise<{ meta: { changes?: number } }[]>;
}

/** Longer than any D1 call takes; only keeps the request alive while it waits (cleared when settled). */
const KEEPALIVE_MS = 60_000;

/** A queued write: its SQL, bound by the leader (a D1 statement belongs to the request that prepared it). */
interface Pending {
  sql: string;
  params: readonly SqlValue[] | undefined;
  resolve: (value: { changes: number }) => void;
  reject: (error: unknown) => void;
}

/**
 * A D1 database as a `SqlDatabase` whose writes are group-committed.
 *
 * @example
 * ```ts
 * const db = groupCommitD1(env.DB);
 * await db.run('INSERT INTO events (event_id) VALUES (?)', [id]); // maybe with other requests' inserts
 * ```
 */
export function groupCommitD1(d1: D1Batching): SqlDatabase {
  const bound = (sql: string, params: readonly SqlValue[] = []) => d1.prepare(sql).bind(...params);
  let queue: Pending[] = [];
  let inFlight: Promise<unknown> | undefined;

  const alone = async (member: Pending) => {
    try {
      member.resolve({ changes: (await bound(member.sql, member.params).run()).meta.changes ?? 0 });
    } catch (error) {
      member.reject(error);
    }
  };

  // Runs in the leader's request; the loop also covers a batch that started while this one waited.
  const lead = async () => {
    // Polled on this request's own timer, not by awaiting the other request's promise: workerd runs
    // that continuation in the other request, whose D1 I/O this one may not use.
    while (inFlight) await new Promise((resume) => setTimeout(resume, 0));
    const group = queue;
    queue = [];
    const sent = (async () => {
      if (group.length === 1) return alone(group[0]!);
      let results: { meta: { changes?: number } }[];
      try {
        results = await d1.batch(group.map((member) => bound(member.sql, member.params)));
      } catch {
        // Rolled back as a whole: each write alone, for its own result.
        await Promise.all(group.map(alone));
        return;
      }
      for (const [i, member] of group.entries()) member.resolve({ changes: results[i]?.meta.changes ?? 0 });
    })();
    inFlight = sent;
    await sent;
    if (inFlight === sent) inFlight = undefined;
  };

  return {
    async all<Row>(sql: string, params?: readonly SqlValue[]) {
      return (await bound(sql, params).all<Row>()).results;
    },
    first: <Row>(sql: string, params?: readonly SqlValue[]) => bound(sql, params).first<Row>(),
    run: (sql, params) =>
      new Promise((resolve, reject) => {
        // workerd cancels a request that waits with nothing pending of its own (a promise another
        // request settles does not count): a timer keeps it alive until its write is settled.
        const alive = setTimeout(() => {}, KEEPALIVE_MS);
        const settle = <T>(then: (value: T) => void) => (value: T) => {
          clearTimeout(alive);
          then(value);
        };
        queue.push({ sql, params, resolve: settle(resolve), reject: settle(reject) });
        if (queue.length === 1) void lead();
      }),
  };
}
