/**
 * A CPU profile of one Worker route in workerd under `bench:gateway`'s load (issue 12, target 4):
 * the production Worker, unminified so that functions keep their names, with a local D1, profiled
 * through workerd's V8 inspector (Chrome DevTools protocol: Profiler.start / Profiler.stop).
 * Prints the functions that take the most samples, by self time and by inclusive time.
 *
 *   tools/node22/node_modules/.bin/node --experimental-transform-types --disable-warning=ExperimentalWarning \
 *     --conditions=passto-source bench/gateway/workers-profile.ts --path /v1/webhooks --isolate worker
 *
 * `--isolate d1` profiles local D1's Durable Object instead (Miniflare's D1, in the same workerd).
 * Sampling slows the isolate down: read shares, not absolute times. A profile only sees its own
 * isolate; workerd's own C++ (HTTP, the calls between workers) shows as `(program)` at most.
 */
import { parseArgs } from 'node:util';
import { freePort } from '../../test/adapters/adapter-process.ts';
import { WORKER_ENTRIES } from '../../test/worker/harness.ts';
import { load } from './load.ts';
import { withWorker, workerBundle } from './workers.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const { values: options } = parseArgs({
  options: {
    path: { type: 'string', default: '/v1/webhooks' },
    duration: { type: 'string', default: '5' },
    isolate: { type: 'string', default: 'worker' },
    top: { type: 'string', default: '30' },
  },
});
/** workerd's inspector target of each isolate: the Worker, and local D1's Durable Object. */
const TARGETS: Record<string, string> = { worker: 'core:user:', d1: 'd1:db' };
const target = TARGETS[options.isolate];
if (!target) throw new Error(`--isolate ${options.isolate}: one of ${Object.keys(TARGETS).join(', ')}`);
const signed = options.path !== '/health';

/** One DevTools protocol session over a WebSocket (Node 22's global one). */
async function inspect(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (message) => {
    const { id, result, error } = JSON.parse(String(message.data)) as { id?: number; result?: unknown; error?: unknown };
    if (id !== undefined) waiting.get(id)?.(result ?? error);
  });
  let last = 0;
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve) => {
        const id = ++last;
        waiting.set(id, resolve as (result: unknown) => void);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** Self and inclusive sample counts per function (a recursive function counted once per sample). */
function summarize(profile: Profile): { self: Map<string, number>; inclusive: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) => `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const sample of profile.samples) {
    add(self, label(nodes.get(sample)!));
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) seen.add(label(nodes.get(id)!));
    for (const key of seen) add(inclusive, key);
  }
  return { self, inclusive };
}

const inspectorPort = await freePort();
await withWorker(
  await workerBundle(WORKER_ENTRIES.production, false),
  async (url) => {
    const session = await inspect(`ws://127.0.0.1:${inspectorPort}/${target}`);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 100 });
    await load([url], options.path, 1, signed); // compiled and warm before sampling
    await session.send('Profiler.start');
    const result = await load([url], options.path, Number(options.duration), signed);
    const { profile } = await session.send<{ profile: Profile }>('Profiler.stop');
    session.close();
    const { self, inclusive } = summarize(profile);
    const total = profile.samples.length;
    const idle = self.get('(idle) :0') ?? 0;
    console.log(`${options.isolate} isolate, ${options.path}: ${Math.round(result.rps)} req/s while sampled, ${total} samples, ${((100 * idle) / total).toFixed(1)}% idle`);
    for (const [title, counts] of [
      ['self', self],
      ['inclusive', inclusive],
    ] as const) {
      console.log(`\n| ${title} | function |\n| ---: | --- |`);
      const rows = [...counts].sort((a, b) => b[1] - a[1]).slice(0, Number(options.top));
      for (const [name, count] of rows) console.log(`| ${((100 * count) / total).toFixed(1)}% | ${name} |`);
    }
  },
  { inspectorPort },
);
