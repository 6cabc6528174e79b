/**
 * `--json` on every command (issue 11, item 7): the result as one JSON object on stdout, an
 * error as one JSON object `{code, message, fields?}` on stderr with nothing else there, and the
 * exit codes of cli/exit-codes.ts: 0 ok, 1 failure, 2 usage, 3 no answer. No secret in either.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type Received, type Reply, RUNTIMES, type Run, runCli, startServer } from './cli-run.ts';

const KEY = `sk-cli-json-${'0123456789abcdef'.repeat(4)}`;
const API_KEY = 'ak-cli-json-0f9e8d7c6b5a4f3e';
const CUSTOMER_TOKEN = 'ct-cli-json-5e4d3c2b1a0f9e8d';
const GATEWAY_TOKEN = 'gw-cli-json-9a8b7c6d5e4f3a2b';
const secrets = [KEY, API_KEY, CUSTOMER_TOKEN, GATEWAY_TOKEN];
const PATH = '/v1/platform/identify/auth';
const BODY = '{"custom_no":"42"}';
const hmac = (path: string, body: string | Buffer) => createHmac('sha1', KEY).update(path).update(body).digest('base64');

let reply: (request: Received) => Reply = () => ({});
let server: Awaited<ReturnType<typeof startServer>>;
let closedOrigin: string;

beforeAll(async () => {
  await buildCli();
  server = await startServer((request) => reply(request));
  const closed = await startServer(() => ({}));
  await closed.close();
  closedOrigin = closed.origin;
});
afterAll(() => server.close());

/** The result: one JSON object on stdout, nothing on stderr. */
function result(run: Run, code: number): Record<string, unknown> {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(code);
  return JSON.parse(run.stdout);
}

/** The error: one JSON object on one line of stderr, nothing on stdout. */
function error(run: Run, code: number): { code: string; message: string; fields?: Record<string, unknown> } {
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n') && run.stderr.indexOf('\n') === run.stderr.length - 1, run.stderr).toBe(true);
  expect(run.code).toBe(code);
  const parsed = JSON.parse(run.stderr);
  expect(Object.keys(parsed).filter((k) => !['code', 'message', 'fields'].includes(k))).toEqual([]);
  expect(typeof parsed.code).toBe('string');
  expect(typeof parsed.message).toBe('string');
  return parsed;
}

describe('passto sign --json', () => {
  it('prints {"signature"}', async () => {
    const run = await runCli(['sign', '--json', '--key', KEY, '--path', PATH, '--body', BODY], { secrets });
    expect(result(run, 0)).toEqual({ signature: hmac(PATH, BODY) });
  });

  it('a missing key is a usage_error naming flag and variable, exit 2', async () => {
    const run = await runCli(['sign', '--path', PATH, '--body', BODY, '--json'], { secrets });
    const e = error(run, 2);
    expect(e.code).toBe('usage_error');
    expect(e.message).toBe('missing signature key: pass --key or set PASSTO_SIGNATURE_KEY');
    expect(e.fields?.usage).toMatch(/^passto sign /);
  });

  it('a mistyped flag does not echo the key that follows it', async () => {
    const run = await runCli(['sign', '--json', '--kye', KEY, '--path', PATH, '--body', BODY], { secrets });
    expect(error(run, 2)).toMatchObject({ code: 'usage_error', message: 'unknown option --kye' });
  });
});

describe('passto verify --json', () => {
  it('a match is {"valid": true}, exit 0', async () => {
    const run = await runCli(['verify', '--json', '--key', KEY, '--path', PATH, '--body', BODY, '--signature', hmac(PATH, BODY)], { secrets });
    expect(result(run, 0)).toEqual({ valid: true });
  });

  it('a mismatch is the diagnosis on stdout, exit 1', async () => {
    const run = await runCli(['verify', '--json', '--key', KEY, '--path', PATH, '--signature', hmac(PATH, BODY)], { stdin: `${BODY}\n`, secrets });
    const report = result(run, 1);
    expect(report).toMatchObject({
      valid: false,
      path: PATH,
      body: { bytes: BODY.length + 1, json: true, trailing_newline: true },
      key: { length: KEY.length, trailing_whitespace: false },
      received: hmac(PATH, BODY),
      expected: hmac(PATH, `${BODY}\n`),
      standard_base64: true,
    });
    expect(report.match).toEqual([{ when: 'the trailing newline is removed from the body', fix: expect.any(String) }]);
    expect(report.tried).toContain('a trailing newline is added to the key');
  });

  it('no cause found: match is null', async () => {
    const run = await runCli(['verify', '--json', '--key', 'another key', '--path', PATH, '--body', BODY, '--signature', hmac(PATH, BODY)], { secrets });
    expect(result(run, 1).match).toBeNull();
  });
});

describe('passto auth --json', () => {
  const env = () => ({ PASSTO_API_KEY: API_KEY, PASSTO_SIGNATURE_KEY: KEY, PASSTO_PLAT_ID: 'plat-7', PASSTO_BASE_URL: `${server.origin}/api` });
  const args = ['auth', '--json', '--custom-no', 'user-42', '--customer-token', CUSTOMER_TOKEN, '--callback-url', 'https://shop.example/cb', '--client-ip', '127.0.0.1'];

  it("PassTo's error envelope is an api_error with its code, msg, status and trace, exit 1", async () => {
    reply = () => ({ body: { code: 1001, msg: `signature error for ${API_KEY}`, data: null, trace: 'trace-err' } });
    const run = await runCli(args, { env: env(), secrets });
    expect(error(run, 1)).toEqual({
      code: 'api_error',
      message: 'ApiError code 1001: signature error for [redacted] (HTTP 200) (trace trace-err)',
      fields: { trace: 'trace-err', code: 1001, msg: 'signature error for [redacted]', status: 200 },
    });
  });

  it('an answer without envelope is an http_error with its status, exit 1', async () => {
    reply = () => ({ status: 502, body: '<html>bad gateway</html>' });
    const e = error(await runCli(args, { env: env(), secrets }), 1);
    expect(e).toMatchObject({ code: 'http_error', fields: { status: 502, bodyExcerpt: '<html>bad gateway</html>' } });
  });

  it('invalid fields are a validation_error listing each, exit 2, and nothing is sent', async () => {
    const count = server.requests.length;
    const run = await runCli([...args.slice(0, -4), '--callback-url', 'not a url', '--client-ip', '999.1.1.1'], { env: env(), secrets });
    const e = error(run, 2);
    expect(e.code).toBe('validation_error');
    expect((e.fields!.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(['callback_url', 'client_ip']);
    expect(server.requests.length).toBe(count);
  });

  it('an unreachable PassTo is a network_error, exit 3', async () => {
    const run = await runCli([...args, '--base-url', `${closedOrigin}/api`], { env: env(), secrets });
    expect(error(run, 3).code).toBe('network_error');
  });
});

describe('passto events --json', () => {
  const args = (...more: string[]) => ['events', '--json', '--gateway', server.origin, ...more];
  const env = { GATEWAY_TOKEN };

  it("a refused token is a gateway_error with the gateway's code and trace, redacted, exit 1", async () => {
    reply = () => ({ status: 401, body: { code: 'unauthorized', msg: `token ${GATEWAY_TOKEN} is not valid`, trace: 't-401' } });
    expect(error(await runCli(args(), { env, secrets }), 1)).toEqual({
      code: 'gateway_error',
      message: 'the gateway answered HTTP 401: unauthorized: token [redacted] is not valid (trace t-401)',
      fields: { status: 401, gateway_code: 'unauthorized', trace: 't-401' },
    });
  });

  it('a redirect is an error with its Location, exit 1', async () => {
    reply = () => ({ status: 302, headers: { location: 'https://elsewhere.example/' } });
    expect(error(await runCli(args(), { env, secrets }), 1)).toMatchObject({ code: 'redirect', fields: { status: 302, location: 'https://elsewhere.example/' } });
  });

  it('an answer that is not an event list is an invalid_answer, exit 1', async () => {
    reply = () => ({ body: '<html>proxy</html>' });
    expect(error(await runCli(args(), { env, secrets }), 1)).toMatchObject({ code: 'invalid_answer', fields: { status: 200 } });
    // Nor a crash in the table (it was an internal_error).
    reply = () => ({ body: { events: [null], next_cursor: null } });
    expect(error(await runCli(args(), { env, secrets }), 1).code).toBe('invalid_answer');
    const text = await runCli(['events', '--gateway', server.origin], { env, secrets });
    expect(text).toEqual({ code: 1, stdout: '', stderr: 'error: the gateway\'s "events" list holds something that is not an event\n' });
  });

  it('an unreachable gateway is unreachable, exit 3', async () => {
    const run = await runCli(['events', '--json', '--gateway', closedOrigin], { env, secrets });
    expect(error(run, 3).code).toBe('unreachable');
  });

  it('a bad --limit is a usage_error, exit 2', async () => {
    expect(error(await runCli(args('--limit', '0'), { env, secrets }), 2).code).toBe('usage_error');
  });
});

describe('passto send-event --json', () => {
  const args = (type = 'PAY_SUCCESS', url = `${server.origin}/hooks`) => ['send-event', type, '--json', '--url', url, '--trace', 'tr-json', '--event-id', 'evt-json'];
  const env = { PASSTO_SIGNATURE_KEY: KEY };

  it('prints what was sent and the answer, exit 0 on a 2xx', async () => {
    reply = () => ({ body: 'stored' });
    const run = await runCli(args(), { env, secrets });
    expect(result(run, 0)).toEqual({ type: 'PAY_SUCCESS', event_id: 'evt-json', trace: 'tr-json', status: 200, ok: true, location: null, body: 'stored', documented: true });
  });

  it('a non-2xx answer is the result, on stdout, exit 1', async () => {
    reply = () => ({ status: 401, body: { code: 'bad_signature' } });
    expect(result(await runCli(args(), { env, secrets }), 1)).toMatchObject({ status: 401, ok: false, body: '{"code":"bad_signature"}' });
  });

  it('an undocumented type: no note on stderr, "documented": false', async () => {
    reply = () => ({ body: '' });
    expect(result(await runCli(args('NEW_TYPE'), { env, secrets }), 0)).toMatchObject({ type: 'NEW_TYPE', documented: false });
  });

  it('a redirect: its Location, body null, exit 1', async () => {
    reply = () => ({ status: 307, headers: { location: `${server.origin}/moved` } });
    expect(result(await runCli(args(), { env, secrets }), 1)).toMatchObject({ status: 307, ok: false, location: `${server.origin}/moved`, body: null });
  });

  it('an unreachable URL is unreachable, exit 3; a missing key is a usage_error, exit 2', async () => {
    expect(error(await runCli(args('PAY_SUCCESS', `${closedOrigin}/hooks`), { env, secrets }), 3).code).toBe('unreachable');
    expect(error(await runCli(args(), { secrets }), 2).code).toBe('usage_error');
  });
});

describe('passto help --json', () => {
  it('passto --help --json lists the commands, the version and the exit codes', async () => {
    const overview = result(await runCli(['--help', '--json']), 0);
    expect((overview.commands as { name: string }[]).map((c) => c.name)).toEqual(['sign', 'verify', 'auth', 'events', 'send-event', 'check']);
    expect(Object.keys(overview.exit_codes as object)).toEqual(['0', '1', '2', '3']);
    expect(result(await runCli(['help', '--json']), 0)).toEqual(overview);
  });

  it.each(['sign', 'verify', 'auth', 'events', 'send-event', 'check'])('%s --help --json is its usage and help text', async (command) => {
    const help = result(await runCli([command, '--help', '--json']), 0);
    expect(help).toMatchObject({ name: command, usage: expect.stringMatching(new RegExp(`^passto ${command} `)) });
    expect(help.help).toContain('Examples:');
    expect(result(await runCli(['help', command, '--json']), 0)).toEqual(help);
  });

  it('no command, an unknown command or option: a usage_error, exit 2', async () => {
    expect(error(await runCli(['--json']), 2)).toMatchObject({ code: 'usage_error', message: 'missing COMMAND' });
    expect(error(await runCli(['sing', '--json']), 2)).toMatchObject({ code: 'usage_error', message: 'unknown command "sing"' });
    expect(error(await runCli(['--verbose', '--json']), 2)).toMatchObject({ code: 'usage_error', message: 'unknown option --verbose' });
    expect(error(await runCli(['help', 'sing', '--json']), 2)).toMatchObject({ code: 'usage_error', message: 'unknown command "sing"' });
  });
});

describe.each(RUNTIMES.filter((r) => r !== 'node'))('passto --json on %s', (runtime) => {
  it('a result on stdout, an error on stderr', async () => {
    expect(result(await runCli(['sign', '--json', '--key', KEY, '--path', PATH, '--body', BODY], { runtime, secrets }), 0)).toEqual({ signature: hmac(PATH, BODY) });
    expect(error(await runCli(['sign', '--json', '--path', PATH, '--body', BODY], { runtime, secrets }), 2).code).toBe('usage_error');
  });
});
