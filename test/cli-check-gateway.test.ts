/**
 * Issue 13's "Done when": `passto check webhooks <gateway>/v1/webhooks --key sandbox-signature-key`
 * passes every rule against the gateway served as `npm run start:node` serves it (the .dev.vars
 * values, a real port), and so does `passto check credit-limit` against its credit-limit route.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterProcess, startAdapter, stopAll } from './adapters/adapter-process.ts';
import { buildCli, runCli } from './cli-run.ts';

const KEY = 'sandbox-signature-key';
let dir: string;
let gateway: AdapterProcess;

beforeAll(async () => {
  await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'passto-check-'));
  gateway = await startAdapter('node', { PASSTO_DB: join(dir, 'gateway.sqlite') });
}, 60_000);
afterAll(async () => {
  await stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('passto check against the running gateway', () => {
  it('webhooks: every rule passes, exit 0', async () => {
    const run = await runCli(['check', 'webhooks', `${gateway.url}/v1/webhooks`, '--key', KEY, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.results.filter((r: { status: string }) => r.status === 'fail' || r.status === 'warn')).toEqual([]);
    expect(report.summary).toEqual({ pass: 12, fail: 0, warn: 0, notCheckable: 5, ok: true });
  });

  it('credit-limit: passes, the development CREDIT_LIMIT_STATIC cut to each digits; only its empty icon warns', async () => {
    const run = await runCli(['check', 'credit-limit', `${gateway.url}/v1/credit-limit`, '--key', KEY, '--token', 'sandbox-user', '--expect-amount', '5000', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.results.filter((r: { status: string }) => r.status === 'fail')).toEqual([]);
    expect(report.results.filter((r: { status: string }) => r.status === 'warn').map((r: { id: string }) => r.id)).toEqual(['icon-url']);
  });
});
