/**
 * A diagnostic Worker for the Workers rows of `npm run bench:gateway` (bench/gateway/workers.ts),
 * never deployed: the production Worker with its D1 replaced by an in-memory stand-in (an event_id
 * set), so the webhook route's cost without D1 shows beside the real one (issue 12, target 4:
 * where the time goes), and `/bare`, which only reads a POST body and answers JSON: the floor the
 * load itself sets.
 */
import { cloudflareWorker } from './worker.ts';
import type { D1Batching } from '../../worker/store/d1.ts';
import { EVENT_INSERT } from '../../worker/store/event-log.ts';

/**
 * Answers a write's `changes` as an insert keyed on its first parameter (the event id) would, and
 * the event log's many-row insert (EVENT_INSERT.many) as D1 would: RETURNING the ids it stored.
 * Reads find nothing.
 */
function memoryD1(): D1Batching {
  const keys = new Set<unknown>();
  const store = (key: unknown) => {
    const fresh = !keys.has(key);
    keys.add(key);
    return fresh;
  };
  const statement = (sql: string, values: unknown[]) => ({
    all: async <T>() => ({ results: [] as T[] }),
    first: async <T>() => null as T | null,
    run: async () => {
      if (!sql.includes('RETURNING')) return { results: [], meta: { changes: store(values[0]) ? 1 : 0 } };
      const stored = values.filter((key, i) => i % EVENT_INSERT.width === 0 && store(key)).map((key) => ({ [EVENT_INSERT.key]: key }));
      return { results: stored, meta: { changes: stored.length } };
    },
  });
  return {
    prepare: (sql) => ({ bind: (...values: unknown[]) => statement(sql, values) }),
    batch: (statements) => Promise.all(statements.map((bound) => bound.run())),
  };
}

const worker = cloudflareWorker();
const db = memoryD1();
const envs = new WeakMap<object, object>();

export default {
  fetch(request, env: Record<string, unknown>, ctx) {
    if (new URL(request.url).pathname === '/bare') {
      return request.text().then(() => new Response('{"code":0,"msg":"success"}', { headers: { 'content-type': 'application/json' } }));
    }
    // One stand-in env per workerd env object, as the Worker caches its own per env.
    let memoryEnv = envs.get(env);
    if (!memoryEnv) {
      memoryEnv = { ...env, DB: db };
      envs.set(env, memoryEnv);
    }
    return worker.fetch!(request, memoryEnv as never, ctx);
  },
} satisfies ExportedHandler<Record<string, unknown>>;
