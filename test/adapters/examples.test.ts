/**
 * The examples, run for real: examples/deno-auth.ts and examples/bun-auth.ts against a gateway
 * adapter's sandbox on a free port; examples/node-hono-webhook.ts started on Node 22, and the
 * Express, Fastify and node:http examples (the payload form, the built package) on Node 20, each
 * sent signed webhooks (signed here with node:crypto over its path + body).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary } from '../runtime/runner.ts';
import { webhookDelivery } from '../worker/signed.ts';
import { type AdapterProcess, freePort, type RunningProcess, startAdapter, startProcess, stopAll } from './adapter-process.ts';
import { node22, ROOT } from './runtimes.ts';

/** Runs a script to its end (bounded), answering its exit code and output. */
function runScript(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout: 30_000, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

afterAll(() => stopAll());

describe('examples/deno-auth.ts, examples/bun-auth.ts and examples/node-auth.mjs (Node 20, built package) against a running sandbox', () => {
  let gateway: AdapterProcess;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passto-examples-'));
    gateway = await startAdapter('bun', { PASSTO_DB: join(dir, 'gateway.sqlite') });
  });
  afterAll(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const scripts = {
    deno: () => [binary('deno'), ['run', '--allow-net=127.0.0.1', '--allow-env=PASSTO_BASE_URL', '--no-lock', '--no-prompt', 'examples/deno-auth.ts']] as const,
    bun: () => [binary('bun'), ['examples/bun-auth.ts']] as const,
    // The machine's Node (20), importing the built package by its name, as a user's script does.
    node: () => [process.execPath, ['examples/node-auth.mjs']] as const,
  };
  it.each(Object.keys(scripts) as (keyof typeof scripts)[])('%s prints an ident_code the sandbox issued', async (runtime) => {
    const [command, args] = scripts[runtime]();
    const run = await runScript(command, [...args], { PASSTO_BASE_URL: `${gateway.url}/sandbox/api` });
    expect(run.code, run.stderr).toBe(0);
    const code = /^ident_code: ([0-9a-f]{32})$/m.exec(run.stdout)?.[1];
    expect(code, run.stdout).toBeDefined();
    expect(run.stdout).toContain(`cashier URL: ${gateway.url}/sandbox/oauth?ident_code=${code}`);
    // The code is this sandbox's: its cashier page opens with it.
    const page = await fetch(`${gateway.url}/sandbox/oauth?ident_code=${code}`, { signal: AbortSignal.timeout(10_000) });
    expect(page.status).toBe(200);
  });
});

describe('examples/node-hono-webhook.ts on Node 22', () => {
  let receiver: RunningProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    receiver = await startProcess(node22(), ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'examples/node-hono-webhook.ts'], { PORT: String(port) }, `listening on ${url}/webhooks/passto`);
  });
  afterAll(() => receiver?.stop());

  const post = (init: RequestInit) => fetch(`${url}/webhooks/passto`, { ...init, signal: AbortSignal.timeout(10_000) });

  it('handles a signed PAY_SUCCESS once, and answers its retry as a duplicate', async () => {
    const delivery = webhookDelivery({ type: 'PAY_SUCCESS' }, { path: '/webhooks/passto' });
    const first = await post(delivery);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, event_id: delivery.event_id, event_key: delivery.event_id, duplicate: false });
    const order = await fetch(`${url}/orders/ORD-1`, { signal: AbortSignal.timeout(10_000) });
    expect(await order.json()).toEqual({ paid: true, amount: '12.34', currency: 'CNY' });

    const retry = await post(delivery);
    expect(await retry.json()).toEqual({ ok: true, event_id: delivery.event_id, event_key: delivery.event_id, duplicate: true });
    expect(receiver.output().split(`handled PAY_SUCCESS ${delivery.event_id}`).length - 1).toBe(1);
  });

  it('refuses a delivery signed over another path (401) without handling it', async () => {
    const delivery = webhookDelivery({}, { path: '/v1/webhooks' });
    const res = await post(delivery);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('bad_signature');
    expect(receiver.output()).not.toContain(delivery.event_id);
  });
});

describe.each(['express', 'fastify', 'node-http'])('examples/%s-webhook.mjs on Node 20 (the built package)', (name) => {
  let receiver: RunningProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    receiver = await startProcess(process.execPath, [`examples/${name}-webhook.mjs`], { PORT: String(port) }, `listening on ${url}/webhooks/passto`);
  });
  afterAll(() => receiver?.stop());

  const post = (init: RequestInit, query = '') => fetch(`${url}/webhooks/passto${query}`, { ...init, signal: AbortSignal.timeout(10_000) });

  it('answers 200 to a signed PAY_SUCCESS (a query string in the URL is not signed) and handles it once', async () => {
    const delivery = webhookDelivery({ type: 'PAY_SUCCESS' }, { path: '/webhooks/passto' });
    const first = await post(delivery, '?from=passto');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true });
    expect((await post(delivery)).status).toBe(200);
    expect(receiver.output().split(`handled PAY_SUCCESS ${delivery.event_id}`).length - 1).toBe(1);
  });

  it('answers 401 {code, msg, trace} to a delivery signed over another path or with another key, without handling it', async () => {
    for (const options of [{ path: '/v1/webhooks' }, { path: '/webhooks/passto', key: 'not-the-key' }]) {
      const delivery = webhookDelivery({}, options);
      const res = await post(delivery);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: 'bad_signature', msg: 'Invalid signature: the signature matches no key', trace: `trace-${delivery.event_id}` });
      expect(receiver.output()).not.toContain(delivery.event_id);
    }
  });

  it('answers 400 to a signed body that is not a valid event', async () => {
    const delivery = webhookDelivery({}, { path: '/webhooks/passto', body: '{"type":"PAY_SUCCESS"}' });
    const res = await post(delivery);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('invalid_request');
  });
});
