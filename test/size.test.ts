/**
 * The bundle-size budget (scripts/size.ts): `sign` alone at most 3 KB gzip, `createClient` at
 * most 11.5 KB, `verifyWebhook` at most 10.5 KB, each bundled from the public entry by esbuild (ESM, minified) as an app would.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.ts';
import { ENTRIES, formatSizes, measureEntry } from '../scripts/size.ts';

const entry = (name: string) => {
  const found = ENTRIES.find((e) => e.entry === name);
  if (found === undefined) throw new Error(`scripts/size.ts has no ${name} entry`);
  return found;
};

describe('bundle size (esbuild, minified ESM, gzip)', () => {
  it('sign alone is at most 3 KB', async () => {
    const row = await measureEntry(entry('sign'));
    console.log(formatSizes([row]));
    expect(row.skipped).toBeUndefined();
    expect(row.budget).toBe(3 * 1024);
    // A bundle that small cannot hold HMAC-SHA1: guards against measuring an empty bundle.
    expect(row.gzipBytes).toBeGreaterThan(1000);
    expect(row.gzipBytes, `sign bundles to ${row.gzipBytes} bytes gzip: run \`npm run size\``).toBeLessThanOrEqual(3 * 1024);
  });

  const hasClient = 'createClient' in api;
  it.skipIf(!hasClient)('createClient is at most 11.5 KB (skipped while src/index.ts does not export createClient)', async () => {
    const row = await measureEntry(entry('createClient'));
    console.log(formatSizes([row]));
    expect(row.skipped).toBeUndefined();
    expect(row.budget).toBe(11.5 * 1024);
    expect(row.gzipBytes).toBeGreaterThan(1000);
    expect(row.gzipBytes, `createClient bundles to ${row.gzipBytes} bytes gzip: run \`npm run size\``).toBeLessThanOrEqual(11.5 * 1024);
  });

  it('verifyWebhook is at most 10.5 KB', async () => {
    const row = await measureEntry(entry('verifyWebhook'));
    console.log(formatSizes([row]));
    expect(row.skipped).toBeUndefined();
    expect(row.budget).toBe(10.5 * 1024);
    // The event schemas alone are several KB: guards against measuring an empty bundle.
    expect(row.gzipBytes).toBeGreaterThan(5000);
    expect(row.gzipBytes, `verifyWebhook bundles to ${row.gzipBytes} bytes gzip: run \`npm run size\``).toBeLessThanOrEqual(10.5 * 1024);
  });

  it('an export that does not exist is reported as skipped, not as 0 bytes within budget', async () => {
    const row = await measureEntry({ entry: 'nothing', imports: ['noSuchExport'], budget: 1 });
    expect(row.skipped).toMatch(/noSuchExport is not exported/);
  });
});
