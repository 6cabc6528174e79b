/**
 * How code is bundled for workerd, as wrangler would for a Worker: ESM, no Node platform, the
 * `workerd`/`worker`/`browser` export conditions. Shared by the workerd conformance suite, the
 * package consumer test and the workerd benchmark (bench/workerd.ts).
 */
import type { BuildOptions } from 'esbuild';

export const WORKERD_BUNDLE = {
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['browser', 'module', 'main'],
  target: 'es2022',
  logLevel: 'silent',
} as const satisfies BuildOptions;
