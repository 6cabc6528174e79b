/**
 * A diagnostic Worker for the Workers rows of `npm run bench:gateway` (bench/gateway/workers.ts),
 * never deployed: the production Worker with its D1 replaced by an in-memory stand-in (an event_id
 * set), so the webhook route's cost without D1 shows beside the real one (issue 12, target 4:
 * where the time goes), and `/bare`, which only reads a POST body and answers JSON: the floor the
 * load itself sets.
 */
import { cloudflareWorker } from './worker.ts';
import type { D1Batching } from '../../worker/store/d1.ts';

/** Answers a write's `changes` as an insert keyed on its first parameter (the event id) would; reads find nothing. */
function memoryD1(): D1Batching {
  const keys = new Set<unknown>();
  const statement = (values: unknown[]) => ({
    all: async <T>() => ({ results: [] as T[] }),
    first: async <T>() => null as T | null,
    run: async () => {
      const fresh = !keys.has(values[0]);
      keys.add(values[0]);
      return { meta: { changes: fresh ? 1 : 0 } };
    },
  });
  return {
    prepare: () => ({ bind: (...values: unknown[]) => statement(values) }),
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
