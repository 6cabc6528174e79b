/**
 * The benchmark body, run unchanged by Node, Deno and Bun (one esbuild bundle): every section in
 * turn, printed as one JSON line that bench/run.ts reads. `BENCH_SECTIONS=client,inbound` runs a subset.
 */
import { runtimeName } from '../test/runtime/runtime-name.ts';
import { clientRows } from './client.ts';
import type { Measured } from './harness.ts';
import { inboundRows } from './inbound.ts';
import { signingRows } from './signing.ts';
import { sizeRows } from './sizes.ts';

const SECTIONS: Record<string, () => Promise<Measured[]>> = { signing: signingRows, client: clientRows, inbound: inboundRows, sizes: sizeRows };
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
const chosen = env.BENCH_SECTIONS ? env.BENCH_SECTIONS.split(',') : Object.keys(SECTIONS);
const rows: Measured[] = [];
for (const name of chosen) {
  const section = SECTIONS[name];
  if (section === undefined) throw new Error(`no benchmark section ${name}`);
  rows.push(...(await section()));
}
console.log(JSON.stringify({ runtime: runtimeName(), rows }));
