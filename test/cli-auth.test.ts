import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type Reply, RUNTIMES, runCli, startServer } from './cli-run.ts';

const API_KEY = 'ak-cli-auth-test-0f9e8d7c6b5a';
const SIGNATURE_KEY = `sk-cli-auth-test-${'abcdef0123456789'.repeat(5)}`;
const CUSTOMER_TOKEN = 'ct-session-token-5e4d3c2b1a';
const secrets = [API_KEY, SIGNATURE_KEY, CUSTOMER_TOKEN];
const IDENT_CODE = '0123456789abcdef0123456789abcdef';
const AUTH_PATH = '/v1/platform/identify/auth';

let reply: () => Reply = () => ({});
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  await buildCli();
  server = await startServer(() => reply());
});
afterAll(() => server.close());

const success = (): Reply => ({
  body: { code: 0, msg: 'success', data: { ident_code: IDENT_CODE, url: `https://cashier.passto.credit/pay?ident_code=${IDENT_CODE}` }, trace: 'trace-from-passto' },
});

const env = () => ({ PASSTO_API_KEY: API_KEY, PASSTO_SIGNATURE_KEY: SIGNATURE_KEY, PASSTO_PLAT_ID: 'plat-7', PASSTO_BASE_URL: `${server.origin}/api` });
const BODY_ARGS = ['--custom-no', 'user-42', '--customer-token', CUSTOMER_TOKEN, '--callback-url', 'https://shop.example/cb', '--client-ip', '127.0.0.1'];

describe('passto auth against a local PassTo', () => {
  it('sends a signed identify/auth and prints ident_code and url', async () => {
    reply = success;
    const before = Date.now();
    const run = await runCli(['auth', ...BODY_ARGS, '--trace', 'trace-cli-1', '--lang', 'zh-CN'], { env: env(), secrets });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`ident_code: ${IDENT_CODE}\nurl: https://cashier.passto.credit/pay?ident_code=${IDENT_CODE}\ntrace: trace-from-passto\n`);

    const request = server.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/api${AUTH_PATH}?platId=plat-7`);
    expect(request.headers['api-key']).toBe(API_KEY);
    expect(request.headers.trace).toBe('trace-cli-1');
    expect(request.headers.lang).toBe('zh-CN');
    expect(request.headers['content-type']).toBe('application/json');
    // Signed over the path relative to the API base and the exact bytes sent.
    expect(request.headers.signature).toBe(createHmac('sha1', SIGNATURE_KEY).update(AUTH_PATH).update(request.body).digest('base64'));
    const body = JSON.parse(request.body.toString('utf8'));
    expect(body).toMatchObject({ custom_no: 'user-42', customer_token: CUSTOMER_TOKEN, callback_url: 'https://shop.example/cb', client_ip: '127.0.0.1' });
    // token_expire defaults to about an hour from now, in milliseconds.
    expect(body.token_expire).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(body.token_expire).toBeLessThan(Date.now() + 3_600_000 + 1000);
  });

  it('--json prints the result as JSON; flags override the environment', async () => {
    reply = success;
    const run = await runCli(['auth', ...BODY_ARGS, '--plat-id', 'plat-flag', '--token-expire', '4102444800000', '--json'], { env: env(), secrets });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ident_code: IDENT_CODE, url: `https://cashier.passto.credit/pay?ident_code=${IDENT_CODE}`, trace: 'trace-from-passto' });
    const request = server.requests.at(-1)!;
    expect(request.url).toBe(`/api${AUTH_PATH}?platId=plat-flag`);
    expect(JSON.parse(request.body.toString('utf8')).token_expire).toBe(4102444800000);
  });

  it('--plat-id-param plat_id and --customer-no-field customer_no change the wire names', async () => {
    reply = success;
    const run = await runCli(['auth', ...BODY_ARGS, '--plat-id-param', 'plat_id', '--customer-no-field', 'customer_no'], { env: env(), secrets });
    expect(run.code).toBe(0);
    const request = server.requests.at(-1)!;
    expect(request.url).toBe(`/api${AUTH_PATH}?plat_id=plat-7`);
    const body = JSON.parse(request.body.toString('utf8'));
    expect(body.customer_no).toBe('user-42');
    expect(body).not.toHaveProperty('custom_no');
  });

  it('an ApiError is one line with its code, exit 1, no stack', async () => {
    reply = () => ({ body: { code: 1001, msg: 'signature error', data: null, trace: 'trace-err' } });
    const run = await runCli(['auth', ...BODY_ARGS], { env: env(), secrets });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: ApiError code 1001: signature error (HTTP 200) (trace trace-err)\n');
  });

  it('a ValidationError lists every bad field, exit 2 (fix the command line), and nothing is sent', async () => {
    const count = server.requests.length;
    const run = await runCli(['auth', '--custom-no', 'u', '--customer-token', CUSTOMER_TOKEN, '--callback-url', 'not a url', '--client-ip', '999.1.1.1', '--token-expire', '17'], {
      env: env(),
      secrets,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: ValidationError: invalid fields: .*token_expire: .*callback_url: .*client_ip: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(server.requests.length).toBe(count);
  });

  it('an HTTP error without envelope is an HttpError line', async () => {
    reply = () => ({ status: 404, body: '<html>not found</html>' });
    const run = await runCli(['auth', ...BODY_ARGS], { env: env(), secrets });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: HttpError HTTP 404 without a PassTo envelope: "<html>not found<\/html>"/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable base URL is a NetworkError line, exit 3 (no answer)', async () => {
    const closed = await startServer(() => ({}));
    await closed.close();
    const run = await runCli(['auth', ...BODY_ARGS, '--base-url', `${closed.origin}/api`], { env: { ...env() }, secrets });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: NetworkError: /);
  });

  it('missing credentials are usage errors naming flag and variable', async () => {
    for (const [variable, flag] of [
      ['PASSTO_API_KEY', '--api-key'],
      ['PASSTO_SIGNATURE_KEY', '--signature-key'],
      ['PASSTO_PLAT_ID', '--plat-id'],
    ] as const) {
      const partial: Record<string, string> = env();
      delete partial[variable];
      const run = await runCli(['auth', ...BODY_ARGS], { env: partial, secrets });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`pass ${flag} or set ${variable}`);
    }
    const noIp = await runCli(['auth', ...BODY_ARGS.slice(0, -2)], { env: env(), secrets });
    expect(noIp.code).toBe(2);
    expect(noIp.stderr).toContain('--client-ip');
  });

  it('bad option values are usage errors', async () => {
    const param = await runCli(['auth', ...BODY_ARGS, '--plat-id-param', 'pid'], { env: env(), secrets });
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('--plat-id-param must be one of: platId, plat_id');
    const base = await runCli(['auth', ...BODY_ARGS, '--base-url', 'ftp://x'], { env: env(), secrets });
    expect(base.code).toBe(2);
    expect(base.stderr).toContain('--base-url');
    const expire = await runCli(['auth', ...BODY_ARGS, '--token-expire', 'tomorrow'], { env: env(), secrets });
    expect(expire.code).toBe(2);
  });
});

describe.each(RUNTIMES.filter((r) => r !== 'node'))('passto auth on %s', (runtime) => {
  it('calls identify/auth with a valid signature', async () => {
    reply = success;
    const run = await runCli(['auth', ...BODY_ARGS, '--json'], { runtime, env: env(), secrets });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).ident_code).toBe(IDENT_CODE);
    const request = server.requests.at(-1)!;
    expect(request.headers.signature).toBe(createHmac('sha1', SIGNATURE_KEY).update(AUTH_PATH).update(request.body).digest('base64'));
  });
});
