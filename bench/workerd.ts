/**
 * The client section on workerd (Miniflare), timed from outside: the host times one request that
 * runs a batch of N client calls, one that runs N minimal calls, and one that runs none; each
 * batch's time less the empty one's, over N, is the cost per call. Rounds interleave the three;
 * the fastest of each counts, as in harness.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { CLIENT_BASELINE, CLIENT_ROW } from './client.ts';
import type { Measured } from './harness.ts';
import { WORKERD_BUNDLE } from '../test/runtime/workerd/bundle-options.ts';

const N = 2000;
const ROUNDS = 7;

export async function workerdReport(root: string): Promise<{ runtime: string; rows: Measured[] }> {
  const bundle = await build({
    entryPoints: [join(root, 'bench/workerd-worker.ts')],
    ...WORKERD_BUNDLE,
  });
  const version = (JSON.parse(readFileSync(join(root, 'node_modules/workerd/package.json'), 'utf8')) as { version: string }).version;
  const mf = new Miniflare({ modules: true, script: bundle.outputFiles[0]!.text, compatibilityDate: '2026-04-01' });
  try {
    const batch = async (mode: string, n: number): Promise<number> => {
      const start = performance.now();
      const response = await mf.dispatchFetch(`http://bench.test/?mode=${mode}&n=${n}`);
      const sum = Number(await response.text());
      const ms = performance.now() - start;
      if (mode !== 'empty' && sum !== 32 * n) throw new Error(`workerd ${mode}: the calls did not all return the ident_code`);
      return ms;
    };
    for (const mode of ['client', 'minimal']) await batch(mode, N);
    const best: Record<string, number> = { client: Infinity, minimal: Infinity, empty: Infinity };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of ['client', 'minimal', 'empty']) best[mode] = Math.min(best[mode]!, await batch(mode, mode === 'empty' ? 0 : N));
    }
    const rate = (mode: string) => N / (Math.max(best[mode]! - best.empty!, 1e-3) / 1000);
    return {
      runtime: `workerd ${version}`,
      rows: [
        { section: 'client', name: CLIENT_ROW, baseline: CLIENT_BASELINE, opsPerSec: rate('client') },
        { section: 'client', name: CLIENT_BASELINE, baseline: undefined, opsPerSec: rate('minimal') },
      ],
    };
  } finally {
    await mf.dispose();
  }
}
