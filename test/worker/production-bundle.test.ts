/**
 * The production Worker (wrangler's `main`, adapters/cloudflare/index.ts) holds none of the
 * sandbox: no module of worker/sandbox/ is bundled, no path into it (the PassTo client's in-process
 * way is the development entry's, worker/development.ts), its routes answer 404, and `SANDBOX=on` is a
 * configuration problem there instead of a switch. The development entry (`npm start`,
 * adapters/cloudflare/dev.ts) mounts it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary } from '../runtime/runner.ts';
import { bundleWorker, type GatewayHarness, startGateway, type WorkerEntry } from './harness.ts';
import { bearer } from './signed.ts';

/** Production values that pass every rule. */
const PRODUCTION = {
  GATEWAY_TOKEN: 'prod-token-8d1e0b',
  PASSTO_API_KEY: 'prod-api-key',
  PASSTO_SIGNATURE_KEY: 'prod-signature-key',
  PASSTO_PLAT_ID: 'plat-42',
  SANDBOX: 'off',
};

/** The sandbox's routes, one per sub-app, with their methods. */
const SANDBOX_ROUTES: [string, string][] = [
  ['/sandbox/api/v1/platform/identify/auth?platId=plat-42', 'POST'],
  ['/sandbox/api/v1/identify/redirect', 'POST'],
  [`/sandbox/oauth?ident_code=${'a'.repeat(32)}`, 'GET'],
  ['/sandbox/oauth/events', 'POST'],
];

/** The repository modules an entry's bundle holds (esbuild's metafile inputs, dependencies left out). */
async function bundledModules(entry: WorkerEntry): Promise<string[]> {
  const { metafile } = await bundleWorker(entry);
  return Object.keys(metafile.inputs).filter((path) => !path.includes('node_modules/'));
}

describe('the production bundle', () => {
  it('holds no module of worker/sandbox/, and the development bundle does', async () => {
    const production = await bundledModules('production');
    const development = await bundledModules('development');
    expect(production).toContain('worker/app.ts');
    expect(production.filter((path) => path.startsWith('worker/sandbox/'))).toEqual([]);
    // The check sees the sandbox where it is: without this, a wrong path prefix would pass.
    expect(development).toContain('worker/sandbox/index.ts');
    expect(development.filter((path) => path.startsWith('worker/sandbox/')).length).toBeGreaterThan(10);
  });

  it('holds no way to the sandbox either: the PassTo client reaches it only through a development entry', async () => {
    const text = async (entry: WorkerEntry) => (await bundleWorker(entry)).outputFiles[0]!.text;
    expect(await text('production')).not.toContain('/sandbox/api');
    expect(await text('development')).toContain('/sandbox/api');
  });
});

/** Issue 12, target 4: what `wrangler deploy` uploads (minified, wrangler.toml's settings), gzipped. */
const BUNDLE_BUDGET_GZIP_BYTES = 40 * 1024;

describe('the production bundle wrangler uploads', () => {
  it(`is at most ${BUNDLE_BUDGET_GZIP_BYTES / 1024} KiB gzip`, () => {
    const outdir = mkdtempSync(join(tmpdir(), 'passto-wrangler-'));
    try {
      execFileSync(binary('wrangler'), ['deploy', '--dry-run', '--outdir', outdir], { cwd: join(import.meta.dirname, '../..'), stdio: 'ignore', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
      const gzipBytes = gzipSync(readFileSync(join(outdir, 'index.js'))).length;
      expect(gzipBytes).toBeLessThanOrEqual(BUNDLE_BUDGET_GZIP_BYTES);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the production Worker in workerd', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({ entry: 'production', vars: PRODUCTION });
  });
  afterAll(() => gw.dispose());

  it.each(SANDBOX_ROUTES)('answers 404 at %s (%s): nothing is mounted', async (path, method) => {
    const response = await gw.fetch(path, { method, headers: bearer(PRODUCTION.GATEWAY_TOKEN) });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('not_found');
  });

  it('serves the gateway itself', async () => {
    expect((await gw.fetch('/v1/events', { headers: bearer(PRODUCTION.GATEWAY_TOKEN) })).status).toBe(200);
  });

  it('runs the periodic job without the sandbox', async () => {
    await gw.scheduled();
    expect((await gw.fetch('/health')).status).toBe(200);
  });
});

describe('SANDBOX=on on the production Worker', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    // Every development value, as if .dev.vars had been uploaded with the production build.
    gw = await startGateway({ entry: 'production' });
  });
  afterAll(() => gw.dispose());

  it('is the one configuration problem named, and the development token is refused', async () => {
    const response = await gw.fetch('/v1/events', { headers: bearer() });
    const body = (await response.json()) as { code: string; problems: { variable: string; problem: string }[] };
    expect(response.status).toBe(503);
    expect(body.code).toBe('not_configured');
    expect(body.problems).toEqual([{ variable: 'SANDBOX', problem: expect.stringContaining('this production build has no sandbox') }]);
  });

  it('still answers /sandbox with 503, never the sandbox', async () => {
    expect((await gw.fetch(SANDBOX_ROUTES[2]![0])).status).toBe(503);
  });
});
