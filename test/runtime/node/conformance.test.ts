/**
 * The conformance suite on plain Node (not vitest's module runner): esbuild bundles the suite
 * and its dependencies to one ESM file that a child `node` (this same Node 20 binary) runs.
 */
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { expect } from 'vitest';
import { describeConformance, MAIN, ROOT, settle, spawnReport } from '../runner.ts';

const outcome = await settle(async () => {
  const outdir = `${ROOT}.tmp/runtime-conformance`;
  mkdirSync(outdir, { recursive: true });
  const outfile = `${outdir}/node.mjs`;
  await build({ entryPoints: [MAIN], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' });
  return spawnReport(process.execPath, [outfile]);
});

describeConformance(`Node ${process.versions.node}`, outcome, (name) => expect(name).toBe(`Node ${process.versions.node}`));
