/**
 * `npm start` on a first run says only what the user needs before its banner: no wrangler
 * telemetry notice, no update check, no migration prompt, no stack trace (the DNS errors of
 * miniflare's Request.cf fetch, offline). The run is made as noisy as wrangler can be: a fresh
 * HOME whose stored telemetry permission predates this wrangler version (so wrangler would print
 * its notice), and none of the switches set from outside (NODE_ENV=test alone would skip
 * miniflare's fetch). The local D1 must still be migrated: /v1/events answers from it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../adapters/adapter-process.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'passto-quiet-home-'));
const persist = mkdtempSync(join(tmpdir(), 'passto-quiet-d1-'));
let server: ChildProcess | undefined;
let output = '';
let base = '';


/** The environment of a user's shell: none of the switches start.mjs is to set itself. */
function userEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), PORT: String(port) };
  for (const name of ['CI', 'NODE_ENV', 'VITEST', 'WRANGLER_SEND_METRICS', 'WRANGLER_HIDE_BANNER', 'WRANGLER_LOG', 'CLOUDFLARE_CF_FETCH_ENABLED', 'CLOUDFLARE_CF_FETCH_PATH']) {
    delete env[name];
  }
  return env;
}

beforeAll(async () => {
  // Telemetry allowed earlier, its notice last shown for an older wrangler: wrangler shows it again.
  mkdirSync(join(home, '.config', '.wrangler'), { recursive: true });
  writeFileSync(
    join(home, '.config', '.wrangler', 'metrics.json'),
    JSON.stringify({ permission: { enabled: true, date: '2026-01-01T00:00:00.000Z', bannerLastShown: '4.0.0' }, deviceId: 'quiet-start-test' }),
  );
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn('node', ['scripts/start.mjs', '--persist-to', persist], { cwd: ROOT, env: userEnv(port), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not get ready in 90 s:\n${output}`)), 90_000);
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (output.includes(`curl -s -X POST ${base}/v1/identify/auth`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    server!.stdout!.on('data', collect);
    server!.stderr!.on('data', collect);
    server!.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
}, 120_000);

afterAll(() => {
  // wrangler dev runs workerd as a child: end the whole process group.
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  rmSync(home, { recursive: true, force: true });
  rmSync(persist, { recursive: true, force: true });
});

describe('npm start, first run', () => {
  const beforeBanner = () => output.slice(0, output.indexOf('passto gateway on'));

  it('prints its banner', () => {
    expect(output).toContain('passto gateway on wrangler dev (workerd)');
    expect(beforeBanner()).toContain('Ready on');
  });

  it('prints no telemetry notice and no update check before it', () => {
    expect(beforeBanner()).not.toMatch(/telemetry/i);
    expect(beforeBanner()).not.toMatch(/update available/i);
    expect(beforeBanner()).not.toMatch(/wrangler \d+\.\d+\.\d+/);
  });

  it('prints no prompt, answered or not, before it', () => {
    expect(beforeBanner()).not.toContain('?');
    expect(beforeBanner()).not.toMatch(/fallback value/i);
  });

  it('prints no stack trace or error before it', () => {
    expect(beforeBanner()).not.toMatch(/^\s+at\s/m);
    expect(beforeBanner()).not.toMatch(/error|ENOTFOUND|getaddrinfo/i);
  });

  it('has migrated the local D1 all the same', async () => {
    const response = await fetch(`${base}/v1/events`, { headers: { authorization: 'Bearer dev-token' } });
    expect(response.status).toBe(200);
  });
});
