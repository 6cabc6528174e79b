/**
 * The bundle-size budget (scripts/size.ts): `sign` alone at most 3 KB gzip, `createClient` at
 * most 12 KB, `verifyWebhook` at most 10.5 KB, each bundled from the public entry by esbuild (ESM, minified) as an app would.
 */
import { describe, expect, it } from 'vitest';
import { ENTRIES, formatSizes, measureEntry } from '../scripts/size.ts';

const entry = (name: string) => {
  const found = ENTRIES.find((e) => e.entry === name);
  if (found === undefined) throw new Error(`scripts/size.ts has no ${name} entry`);
  return found;
};

describe('bundle size (esbuild, minified ESM, gzip)', () => {
  // Each floor guards against measuring an empty bundle: HMAC-SHA1 alone is over 1 KB, the event schemas several.
  it.each([
    { name: 'sign', budget: 3 * 1024, floor: 1000 },
    { name: 'createClient', budget: 12 * 1024, floor: 1000 },
    { name: 'verifyWebhook', budget: 10.5 * 1024, floor: 5000 },
  ])('$name is at most its budget ($budget bytes gzip)', async ({ name, budget, floor }) => {
    const row = await measureEntry(entry(name));
    console.log(formatSizes([row]));
    expect(row.skipped).toBeUndefined();
    expect(row.budget).toBe(budget);
    expect(row.gzipBytes).toBeGreaterThan(floor);
    expect(row.gzipBytes, `${name} bundles to ${row.gzipBytes} bytes gzip: run \`npm run size\``).toBeLessThanOrEqual(budget);
  });

  it('an export that does not exist is reported as skipped, not as 0 bytes within budget', async () => {
    const row = await measureEntry({ entry: 'nothing', imports: ['noSuchExport'], budget: 1 });
    expect(row.skipped).toMatch(/noSuchExport is not exported/);
  });
});
