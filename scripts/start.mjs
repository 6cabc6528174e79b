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
const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], { stdio: 'inherit', env: { ...process.env, CI: 'true' } });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const dev = spawn(wrangler, ['dev', devEntry, '--test-scheduled', '--ip', '127.0.0.1', '--port', port, ...extra], {
  stdio: ['inherit', 'pipe', 'inherit'],
});
let announced = false;
dev.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /Ready on/.test(String(chunk))) {
    announced = true;
    Promise.all([importTs('../adapters/banner.ts'), importTs('./dev-vars.ts')]).then(([{ banner }, { readDevVars }]) => {
      // The development entry mounts the sandbox, so SANDBOX=on means on.
      const vars = { ...readDevVars(new URL('../.dev.vars', import.meta.url)), sandboxMounted: true };
      console.log(`\n${banner({ url: `http://127.0.0.1:${port}`, vars, runtime: 'wrangler dev (workerd)', eventLog: 'local D1' })}\n`);
    });
  }
});
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
