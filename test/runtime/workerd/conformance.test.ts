/**
 * The conformance suite on workerd, the Cloudflare Workers runtime: esbuild bundles it for a
 * neutral platform with browser conditions and no Node polyfills, and plain Miniflare runs it
 * with no compatibility flags. `nodejs_compat` is off, so any Node dependency of the core fails.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { expect } from 'vitest';
import { describeConformance, parseReport, ROOT, settle } from '../runner.ts';
import { WORKERD_BUNDLE } from './bundle-options.ts';

const WORKERD_VERSION = (JSON.parse(readFileSync(`${ROOT}node_modules/workerd/package.json`, 'utf8')) as { version: string }).version;

const outcome = await settle(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    ...WORKERD_BUNDLE,
  });
  const script = bundle.outputFiles[0]!.text;
  // platform neutral never marks node: built-ins external on its own, so an import left in the
  // bundle would mean something asked for Node; say so before workerd gives a vaguer error.
  if (/\bfrom\s*["']node:|\bimport\(\s*["']node:/.test(script)) throw new Error('the bundle imports a node: module');
  const mf = new Miniflare({ modules: true, script, compatibilityDate: '2026-04-01' });
  try {
    const response = await mf.dispatchFetch('http://conformance.test/');
    return parseReport(await response.json());
  } finally {
    await mf.dispose();
  }
});

// Inside a Worker, navigator.userAgent says only "Cloudflare-Workers": the version comes from the package.
describeConformance(`workerd ${WORKERD_VERSION}`, outcome, (name) => expect(name).toBe('workerd'));
