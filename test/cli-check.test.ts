/**
 * `passto check`: the CLI end to end against real HTTP receivers (the deliberately wrong ones of
 * test/check/receivers.ts), its table, colour rules, --json and exit codes, on Node, Deno and Bun.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_LIMIT_PATH, creditLimitEndpoint, KEY, TRUE_CREDIT, WEBHOOK_PATH, webhookReceiver } from './check/receivers.ts';
import { serveHandler } from './check/serve-handler.ts';
import { buildCli, CLI_BUNDLE, ROOT, RUNTIMES, runCli } from './cli-run.ts';

type Served = Awaited<ReturnType<typeof serveHandler>>;
const servers: Record<string, Served> = {};
const secrets = [KEY, 'test-user-7'];
const ESC = '\u001b[';

beforeAll(async () => {
  await buildCli();
  servers.correct = await serveHandler(webhookReceiver());
  servers.forgeries = await serveHandler(webhookReceiver('accepts-forgeries'));
  servers.limit = await serveHandler(creditLimitEndpoint());
  servers.roundsUp = await serveHandler(creditLimitEndpoint('rounds-up'));
}, 60_000);
afterAll(() => Promise.all(Object.values(servers).map((s) => s.close())));

const hooks = (name: string) => `${servers[name]!.origin}${WEBHOOK_PATH}`;
const limit = (name: string) => `${servers[name]!.origin}${CREDIT_LIMIT_PATH}`;

describe('passto check webhooks', () => {
  it('passes a correct receiver: the table, no colour on a pipe, exit 0, no key anywhere', async () => {
    const run = await runCli(['check', 'webhooks', hooks('correct')], { env: { PASSTO_SIGNATURE_KEY: KEY, NO_COLOR: '' }, secrets });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`passto check: webhook receiver at ${hooks('correct')}`);
    expect(run.stdout).toMatch(/^PASS {2}forgery\.wrong-key +A signature with another key is refused$/m);
    expect(run.stdout).toMatch(/^N\/A {3}processed-once /m);
    expect(run.stdout).toContain('12 pass, 0 fail, 0 warn, 5 not checkable from outside (test those yourself): every required rule holds');
    expect(run.stdout).not.toContain(ESC);
  });

  it('fails a receiver that accepts forgeries, loudly, exit 1', async () => {
    const run = await runCli(['check', 'webhooks', hooks('forgeries'), '--key', KEY], { secrets });
    expect(run.code).toBe(1);
    expect(run.stdout.match(/^FAIL {2}forgery\.[a-z-]+/gm)).toEqual(['FAIL  forgery.tampered-body', 'FAIL  forgery.wrong-key', 'FAIL  forgery.other-path', 'FAIL  forgery.missing-signature']);
    expect(run.stdout).toContain('ACCEPTED A FORGERY (HTTP 200)');
    expect(run.stdout).toContain('a required rule FAILED');
  });

  it('--json: the report for CI, the same exit code', async () => {
    const run = await runCli(['check', 'webhooks', hooks('forgeries'), '--key', KEY, '--json'], { secrets });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ ok: false, fail: 4 });
    expect(report.results.find((r: { id: string }) => r.id === 'forgery.wrong-key')).toMatchObject({
      specSection: 'Signing',
      required: true,
      status: 'fail',
      evidence: { status: 200, requests: 1 },
    });
    expect(run.stderr).toBe('');
  });

  it('colours on FORCE_COLOR (as on a terminal), and never with NO_COLOR', async () => {
    const coloured = await runCli(['check', 'webhooks', hooks('forgeries'), '--key', KEY], { env: { NO_COLOR: '', FORCE_COLOR: '1' }, secrets });
    expect(coloured.stdout).toContain(`${ESC}32mPASS${ESC}0m  documented-types`);
    expect(coloured.stdout).toContain(`${ESC}1;31mFAIL${ESC}0m  forgery.wrong-key`);
    const plain = await runCli(['check', 'webhooks', hooks('forgeries'), '--key', KEY], { env: { NO_COLOR: '1', FORCE_COLOR: '1' }, secrets });
    expect(plain.stdout).not.toContain(ESC);
    expect(plain.stdout.replaceAll(/\d+ ms/g, '')).toBe(coloured.stdout.replaceAll(/\u001b\[[\d;]*m/g, '').replaceAll(/\d+ ms/g, ''));
  });

  // util-linux `script` gives the CLI a pseudo-terminal for stdout: colour with no FORCE_COLOR.
  it.skipIf(!existsSync('/usr/bin/script'))('colours on a terminal', async () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_BUNDLE)} check webhooks ${hooks('forgeries')} --key ${KEY}`;
    const output = await new Promise<string>((resolve, reject) => {
      const env: Record<string, string> = {};
      for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !/^(NO_COLOR|FORCE_COLOR)$/.test(name)) env[name] = value;
      const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    expect(output).toContain(`${ESC}1;31mFAIL${ESC}0m  forgery.wrong-key`);
  });

  it.each([
    ['missing what to check: webhooks or credit-limit', ['check']],
    ['passto check takes webhooks or credit-limit', ['check', 'receivers', 'http://x']],
    ['missing URL', ['check', 'webhooks']],
    ['URL must be an http(s) URL', ['check', 'webhooks', 'ftp://x', '--key', KEY]],
    ['missing signature key', ['check', 'webhooks', 'http://127.0.0.1:9/h']],
    ['--timeout must be a whole number of milliseconds', ['check', 'webhooks', 'http://127.0.0.1:9/h', '--key', KEY, '--timeout', '2s']],
    ['timeout: at least 1', ['check', 'webhooks', 'http://127.0.0.1:9/h', '--key', KEY, '--timeout', '0']],
    ['--token and --expect-amount are for passto check credit-limit', ['check', 'webhooks', 'http://127.0.0.1:9/h', '--key', KEY, '--token', 't']],
    ["missing test user's token", ['check', 'credit-limit', 'http://127.0.0.1:9/h', '--key', KEY]],
    ['expectAmount', ['check', 'credit-limit', 'http://127.0.0.1:9/h', '--key', KEY, '--token', 't', '--expect-amount', '1e3']],
  ])('usage error: %s (exit 2, nothing sent)', async (message, args) => {
    const run = await runCli(args, { secrets });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('an unreachable URL exits 3', async () => {
    const gone = await serveHandler(() => new Response());
    await gone.close();
    const run = await runCli(['check', 'webhooks', `${gone.origin}/h`, '--key', KEY, '--timeout', '2000'], { secrets });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot reach ${gone.origin}`);
  });
});

describe('passto check credit-limit', () => {
  it('passes a correct endpoint with --token and --expect-amount, exit 0, the token never printed', async () => {
    const run = await runCli(['check', 'credit-limit', limit('limit'), '--key', KEY, '--token', 'test-user-7', '--expect-amount', TRUE_CREDIT], { secrets });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS {2}expect-amount /m);
    expect(run.stdout).toContain('10 pass, 0 fail, 0 warn, 3 not checkable');
  });

  it('fails an endpoint that rounds up, naming it, exit 1', async () => {
    const run = await runCli(['check', 'credit-limit', limit('roundsUp'), '--key', KEY, '--token', 'test-user-7', '--expect-amount', TRUE_CREDIT], { secrets });
    expect(run.code).toBe(1);
    expect(run.stdout.match(/^FAIL {2}\S+/gm)).toEqual(['FAIL  expect-amount']);
    expect(run.stdout).toContain('ROUNDED UP');
  });
});

describe.each(RUNTIMES.filter((r) => r !== 'node'))('passto check on %s', (runtime) => {
  it('passes a correct receiver and fails one that accepts forgeries', async () => {
    const ok = await runCli(['check', 'webhooks', hooks('correct'), '--key', KEY, '--json'], { runtime, secrets });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).summary).toMatchObject({ ok: true, fail: 0 });
    const bad = await runCli(['check', 'webhooks', hooks('forgeries'), '--key', KEY, '--json'], { runtime, secrets });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).results.filter((r: { status: string }) => r.status === 'fail').map((r: { id: string }) => r.id)).toEqual([
      'forgery.tampered-body',
      'forgery.wrong-key',
      'forgery.other-path',
      'forgery.missing-signature',
    ]);
  }, 60_000);
});
