/**
 * The Workers row of `npm run bench:gateway`: the production Worker (wrangler's `main`, minified
 * as `wrangler deploy` bundles it) in workerd with a local D1 (Miniflare), its webhook route
 * against its own `/health` under the same load (issue 12, target 4: at least 0.5x).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { freePort } from '../../test/adapters/adapter-process.ts';
import { bundleWorker, migrationStatements } from '../../test/worker/harness.ts';
import { BENCH_KEY, load, redeliver } from './load.ts';

const MIN_RATIO = 0.5;
const VARS = { GATEWAY_TOKEN: 'bench-token-5c2a', PASSTO_API_KEY: 'bench-api-key', PASSTO_SIGNATURE_KEY: BENCH_KEY, PASSTO_PLAT_ID: 'bench-plat', SANDBOX: 'off' };

export async function runWorkers(duration: number): Promise<{ lines: string[]; failures: string[] }> {
  const persist = mkdtempSync(join(tmpdir(), 'passto-bench-d1-'));
  const port = await freePort();
  const script = (await bundleWorker('production', { minify: true })).outputFiles[0]!.text;
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-01',
    bindings: VARS,
    d1Databases: { DB: 'passto-bench' },
    d1Persist: persist,
    host: '127.0.0.1',
    port,
  });
  try {
    const url = (await mf.ready).origin;
    const db = await mf.getD1Database('DB');
    for (const statement of migrationStatements()) await db.prepare(statement).run();
    const health = await load([url], '/health', duration, false);
    const webhooks = await load([url], '/v1/webhooks', duration);
    const cutOff = webhooks.cut.size;
    await redeliver(url, '/v1/webhooks', webhooks.cut, webhooks.acked);
    const ids = new Set(
      ((await db.prepare('SELECT event_id FROM events WHERE substr(event_id, 1, ?) = ?').bind(webhooks.prefix.length, webhooks.prefix).all()).results as { event_id: string }[]).map(
        (row) => row.event_id,
      ),
    );
    const missing = [...webhooks.acked].filter((id) => !ids.has(id)).length;
    const ratio = webhooks.rps / health.rps;
    const failures: string[] = [];
    if (ratio < MIN_RATIO) failures.push(`workers: ${ratio.toFixed(2)}x /health, under ${MIN_RATIO}x`);
    if (missing > 0) failures.push(`workers: ${missing} events answered 200 are not in D1`);
    if (ids.size !== webhooks.acked.size) failures.push(`workers: ${ids.size} stored, ${webhooks.acked.size} acknowledged`);
    if (webhooks.other > 0) failures.push(`workers: ${webhooks.other} answers were not 200`);
    const ms = (value: number) => `${value} ms`;
    return {
      lines: [
        '| workerd + local D1 | webhooks | p50 | p99 | /health | p99 | ratio | stored / acknowledged |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        `| production Worker | ${Math.round(webhooks.rps)} req/s | ${ms(webhooks.p50)} | ${ms(webhooks.p99)} | ${Math.round(health.rps)} req/s | ${ms(health.p99)} | **${ratio.toFixed(2)}x** | ${ids.size} / ${webhooks.acked.size} (${cutOff} cut, redelivered) |`,
      ],
      failures,
    };
  } finally {
    await mf.dispose();
    rmSync(persist, { recursive: true, force: true });
  }
}
