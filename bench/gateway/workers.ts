/**
 * The Workers rows of `npm run bench:gateway`: the production Worker (wrangler's `main`, minified
 * as `wrangler deploy` bundles it) in workerd with a local D1 (Miniflare), its webhook route
 * against its own `/health` under the same load (issue 12, target 4: at least 0.5x).
 *
 * Two diagnostic rows show where the time goes, in the same run: the same route with D1 replaced
 * by an in-memory stand-in, and a bare route that only reads the POST body
 * (adapters/cloudflare/bench-diagnostic.ts).
 * The route makes one D1 write per request (no read, no cron, no waitUntil without a forward
 * URL), group-committed (concurrent writes sent as one D1 `batch()`, their event inserts merged into
 * many-row statements): what stays between the in-memory row and the D1 row is local D1's (each D1 call crosses three workers in workerd:
 * the Worker, D1's entry and its Durable Object, and costs more CPU than the rows it writes).
 * workers-profile.ts profiles the route, or local D1, in workerd.
 *
 * Both Workers are bundled from the sources (the `passto-source` condition), so a run measures
 * the tree as it is, not the last `npm run build`; `wrangler deploy` bundles `dist/`, the same code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { freePort } from '../../test/adapters/adapter-process.ts';
import { ROOT } from '../../test/adapters/runtimes.ts';
import { migrationStatements, WORKER_ENTRIES } from '../../test/worker/harness.ts';
import { BENCH_KEY, type LoadResult, load, redeliver } from './load.ts';

const MIN_RATIO = 0.5;
const VARS = { GATEWAY_TOKEN: 'bench-token-5c2a', PASSTO_API_KEY: 'bench-api-key', PASSTO_SIGNATURE_KEY: BENCH_KEY, PASSTO_PLAT_ID: 'bench-plat', SANDBOX: 'off' };

/** Bundles a Worker entry as wrangler does (test/worker/harness.ts), minified unless told, `passto` from its sources. */
export async function workerBundle(entry: string, minify = true): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['passto-source', 'workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    minify,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The diagnostic Worker, bundled as the production one is. */
export function diagnosticScript(): Promise<string> {
  return workerBundle('adapters/cloudflare/bench-diagnostic.ts');
}

/**
 * Runs `script` in workerd with a local D1 (migrated) and hands its origin and D1 to `use`;
 * `inspectorPort` opens workerd's V8 inspector (workers-profile.ts).
 */
export async function withWorker<T>(
  script: string,
  use: (url: string, db: Awaited<ReturnType<Miniflare['getD1Database']>>) => Promise<T>,
  options: { inspectorPort?: number } = {},
): Promise<T> {
  const persist = mkdtempSync(join(tmpdir(), 'passto-bench-d1-'));
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-01',
    bindings: VARS,
    d1Databases: { DB: 'passto-bench' },
    d1Persist: persist,
    host: '127.0.0.1',
    port: await freePort(),
    ...options,
  });
  try {
    const url = (await mf.ready).origin;
    const db = await mf.getD1Database('DB');
    for (const statement of migrationStatements()) await db.prepare(statement).run();
    return await use(url, db);
  } finally {
    await mf.dispose();
    rmSync(persist, { recursive: true, force: true });
  }
}

export async function runWorkers(duration: number, presign = true): Promise<{ lines: string[]; failures: string[] }> {
  const failures: string[] = [];
  const production = await workerBundle(WORKER_ENTRIES.production);
  const { health, webhooks, stored } = await withWorker(production, async (url, db) => {
    const health = await load([url], '/health', duration, false);
    const webhooks = await load([url], '/v1/webhooks', duration, true, presign);
    await redeliver(url, '/v1/webhooks', webhooks.cut, webhooks.acked);
    const rows = await db.prepare('SELECT event_id FROM events WHERE substr(event_id, 1, ?) = ?').bind(webhooks.prefix.length, webhooks.prefix).all();
    return { health, webhooks, stored: new Set((rows.results as { event_id: string }[]).map((row) => row.event_id)) };
  });
  const cutOff = webhooks.cut.size;
  const { memory, bare } = await withWorker(await diagnosticScript(), async (url) => ({
    memory: await load([url], '/v1/webhooks', duration, true, presign),
    bare: await load([url], '/bare', duration, true, presign),
  }));

  const missing = [...webhooks.acked].filter((id) => !stored.has(id)).length;
  const ratio = webhooks.rps / health.rps;
  if (ratio < MIN_RATIO) failures.push(`workers: ${ratio.toFixed(2)}x /health, under ${MIN_RATIO}x`);
  if (missing > 0) failures.push(`workers: ${missing} events answered 200 are not in D1`);
  if (stored.size !== webhooks.acked.size) failures.push(`workers: ${stored.size} stored, ${webhooks.acked.size} acknowledged`);
  if (webhooks.other > 0) failures.push(`workers: ${webhooks.other} answers were not 200`);
  for (const [name, result] of [['in-memory store', memory], ['bare POST', bare]] as const) {
    if (result.other > 0) failures.push(`workers (${name}): ${result.other} answers were not 200`);
  }
  const ms = (value: number) => `${value} ms`;
  const cells = (result: LoadResult) => `${Math.round(result.rps)} req/s | ${ms(result.p50)} | ${ms(result.p99)}`;
  const vsHealth = (result: LoadResult) => `${(result.rps / health.rps).toFixed(2)}x`;
  return {
    lines: [
      '| workerd + local D1 | webhooks | p50 | p99 | /health | p99 | ratio | stored / acknowledged |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      `| production Worker | ${cells(webhooks)} | ${Math.round(health.rps)} req/s | ${ms(health.p99)} | **${ratio.toFixed(2)}x** | ${stored.size} / ${webhooks.acked.size} (${cutOff} cut, redelivered) |`,
      `| same route, in-memory store (diagnostic) | ${cells(memory)} | | | ${vsHealth(memory)} | not durable |`,
      `| bare Worker reading the POST body (diagnostic) | ${cells(bare)} | | | ${vsHealth(bare)} | stores nothing |`,
    ],
    failures,
  };
}
