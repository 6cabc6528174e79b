#!/usr/bin/env node
/**
 * `npm start`: applies the D1 migrations to the local database, then runs `wrangler dev` with the
 * development entry (adapters/cloudflare/dev.ts: the sandbox mounted) on http://127.0.0.1:8787 (scheduled handler testable with --test-scheduled) with the development
 * values of .dev.vars, and prints a ready-to-paste curl once the Worker serves.
 */
import { spawn, spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const port = process.env.PORT ?? '8787';
const wrangler = new URL('../node_modules/.bin/wrangler', import.meta.url).pathname;
// The development entry: the production Worker (wrangler.toml's `main`) with the sandbox mounted.
const devEntry = new URL('../adapters/cloudflare/dev.ts', import.meta.url).pathname;

// `npm start -- --persist-to DIR` keeps the local D1 elsewhere (tests do); migrations go to the same place.
const extra = process.argv.slice(2);
const persistAt = extra.indexOf('--persist-to');
const persist = persistAt >= 0 ? extra.slice(persistAt, persistAt + 2) : [];

// wrangler's first-run noise, switched off by the switches wrangler 4.86 reads (its source,
// wrangler-dist/cli.js, and miniflare's); a value you set yourself wins.
const quiet = {
  // No usage metrics sent, so no notice about them (printed only once permission is stored).
  WRANGLER_SEND_METRICS: 'false',
  // No version banner; wrangler checks npm for an update only to print it in that banner.
  WRANGLER_HIDE_BANNER: 'true',
  // Miniflare would fetch Request.cf from workers.cloudflare.com (offline: a DNS error and two
  // stack traces); its placeholder `cf` object is used instead, as it is after that failure.
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};
const env = { ...quiet, ...process.env };

// CI=true: wrangler answers its "continue?" itself (a local database: nothing to confirm), but it
// still prints the question, with the list of migrations, at its `log` level; WRANGLER_LOG=warn
// leaves warnings and errors, and a failure still stops here with wrangler's own exit status.
const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], {
  stdio: 'inherit',
  env: { ...env, CI: 'true', WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn' },
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const dev = spawn(wrangler, ['dev', devEntry, '--test-scheduled', '--ip', '127.0.0.1', '--port', port, ...extra], {
  stdio: ['inherit', 'pipe', 'inherit'],
  env,
});
let announced = false;
dev.stdout.on('data', (chunk) => {
  process.stdout.write(withoutTelemetryNotice(String(chunk)));
  if (!announced && /Ready on/.test(String(chunk))) {
    announced = true;
    Promise.all([importTs('../adapters/banner.ts'), importTs('./dev-vars.ts')]).then(([{ banner }, { readDevVars }]) => {
      // The development entry mounts the sandbox, so SANDBOX=on means on.
      const vars = { ...readDevVars(new URL('../.dev.vars', import.meta.url)), sandboxMounted: true };
      console.log(`\n${banner({ url: `http://127.0.0.1:${port}`, vars, runtime: 'wrangler dev (workerd)', eventLog: 'local D1' })}\n`);
    });
  }
});
/**
 * wrangler prints its telemetry notice once per version to a user who once allowed telemetry,
 * even when WRANGLER_SEND_METRICS=false turns it off for this run (its printMetricsBanner reads
 * the stored permission, not the switch): the notice would be untrue here, so its line is dropped.
 * A fixed text, never an error; kept when you turned telemetry on yourself.
 */
function withoutTelemetryNotice(text) {
  if (env.WRANGLER_SEND_METRICS !== 'false') return text;
  return text.replace(/^(?:\u001b\[[\d;]*m|[ \t])*Cloudflare collects anonymous telemetry about your usage of Wrangler\.[^\n]*\n?/gm, '');
}

/** A TypeScript module of this repository, bundled on the fly: Node 20 cannot import .ts itself. */
async function importTs(path) {
  const { outputFiles } = await build({
    entryPoints: [new URL(path, import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'node',
    conditions: ['passto-source'],
    write: false,
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    dev.kill(signal);
  });
}
// Stopped by us: success. Killed by a signal from elsewhere (its exit code is then null): failure.
dev.on('exit', (code, signal) => process.exit(code ?? (signal && !stopping ? 1 : 0)));
