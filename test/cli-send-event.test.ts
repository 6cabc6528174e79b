import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type Received, type Reply, RUNTIMES, runCli, startServer } from './cli-run.ts';

const KEY = `sk-cli-send-event-${'fedcba9876543210'.repeat(5)}`;
const secrets = [KEY];
const hmac = (path: string, body: Buffer) => createHmac('sha1', KEY).update(path).update(body).digest('base64');

let reply: (request: Received) => Reply = () => ({ body: { code: 0, msg: 'ok' } });
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  await buildCli();
  server = await startServer((request) => reply(request));
});
afterAll(() => server.close());

describe('passto send-event against a local webhook receiver', () => {
  it('POSTs a realistic PAY_SUCCESS signed over the URL path + the exact body, with token, trace and timestamp', async () => {
    reply = () => ({ body: { code: 0, msg: 'stored' } });
    const before = Date.now();
    const run = await runCli(['send-event', 'PAY_SUCCESS', '--url', `${server.origin}/hooks/passto?src=test`, '--token', 'user-token-1', '--trace', 'tr-1'], {
      env: { PASSTO_SIGNATURE_KEY: KEY, PASSTO_PLAT_ID: 'plat-9' },
      secrets,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('HTTP 200\n{"code":0,"msg":"stored"}\n');

    const request = server.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/passto?src=test');
    // Path without the query string, body byte for byte (platform spec, "Signing").
    expect(request.headers.signature).toBe(hmac('/hooks/passto', request.body));
    expect(request.headers.token).toBe('user-token-1');
    expect(request.headers.trace).toBe('tr-1');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.timestamp).toMatch(/^\d{13}$/);
    expect(Number(request.headers.timestamp)).toBeGreaterThanOrEqual(before);

    const body = JSON.parse(request.body.toString('utf8'));
    expect(body).toMatchObject({ type: 'PAY_SUCCESS', platform_id: 'plat-9', retry: 0 });
    expect(body.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(body.data).toMatchObject({ token: 'user-token-1', amount: '100.00', currency: 'CNY', result: 'success' });
    expect(body.data.trade_time).toBeGreaterThanOrEqual(before);
    expect(body.data.merchant_name).toMatch(/%[0-9A-F]{2}/);
    expect(decodeURIComponent(body.data.merchant_name)).not.toBe(body.data.merchant_name);
    expect(run.stderr).toContain(`event_id ${body.event_id}`);
  });

  it('--path, --data, --event-id, --retry and the signerature spelling', async () => {
    reply = () => ({ body: 'ok' });
    const run = await runCli(
      ['send-event', 'REFUND', '--url', `${server.origin}/proxy/hook`, '--key', KEY, '--path', '/hook', '--data', '{"amount":"5.50","extra":"kept"}', '--event-id', 'evt-fixed', '--retry', '2', '--signature-header', 'signerature'],
      { secrets },
    );
    expect(run.code).toBe(0);
    const request = server.requests.at(-1)!;
    expect(request.headers.signerature).toBe(hmac('/hook', request.body));
    expect(request.headers.signature).toBeUndefined();
    const body = JSON.parse(request.body.toString('utf8'));
    expect(body).toMatchObject({ type: 'REFUND', event_id: 'evt-fixed', retry: 2 });
    expect(body.data).toMatchObject({ amount: '5.50', extra: 'kept', currency: 'CNY' });
    expect(body.data.charge_order_no).toEqual(expect.any(String));
  });

  it('a non-2xx answer prints the status and body and exits 1', async () => {
    reply = () => ({ status: 401, body: { code: 'bad_signature', msg: 'signature mismatch' } });
    const run = await runCli(['send-event', 'PAY_TIMEOUT', '--url', `${server.origin}/hooks`, '--key', KEY], { secrets });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('HTTP 401\n{"code":"bad_signature","msg":"signature mismatch"}\n');
  });

  it('a redirect is printed with its Location and not followed: the signed event goes nowhere else', async () => {
    reply = (request) => (request.url === '/moved' ? { body: 'followed' } : { status: 307, headers: { location: `${server.origin}/moved` } });
    const before = server.requests.length;
    const run = await runCli(['send-event', 'PAY_SUCCESS', '--url', `${server.origin}/hooks`, '--key', KEY], { secrets });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`HTTP 307\nredirect to ${server.origin}/moved (not followed)\n`);
    expect(server.requests.slice(before).map((r) => r.url)).toEqual(['/hooks']);
  });

  it('an unknown type is sent with a note (receivers must keep unknown types)', async () => {
    reply = () => ({ body: '' });
    const run = await runCli(['send-event', 'NEW_TYPE', '--url', `${server.origin}/hooks`, '--key', KEY, '--data', '{"x":1}'], { secrets });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('not a documented type');
    expect(JSON.parse(server.requests.at(-1)!.body.toString('utf8'))).toMatchObject({ type: 'NEW_TYPE', data: { x: 1 } });
  });

  it('usage errors: no type, no key, a bad --data, a bad --url, two types', async () => {
    const cases: [string[], string][] = [
      [['send-event', '--url', `${server.origin}/h`, '--key', KEY], 'missing TYPE'],
      [['send-event', 'PAY_SUCCESS', '--url', `${server.origin}/h`], 'pass --key or set PASSTO_SIGNATURE_KEY'],
      [['send-event', 'PAY_SUCCESS', '--url', `${server.origin}/h`, '--key', KEY, '--data', '[1]'], '--data must be a JSON object'],
      [['send-event', 'PAY_SUCCESS', '--url', 'mailto:x@example.com', '--key', KEY], '--url must be an http(s) URL'],
      [['send-event', 'PAY_SUCCESS', 'REFUND', '--url', `${server.origin}/h`, '--key', KEY], 'too many arguments'],
    ];
    const count = server.requests.length;
    for (const [args, message] of cases) {
      const run = await runCli(args, { secrets });
      expect(run.code, message).toBe(2);
      expect(run.stderr).toContain(message);
    }
    expect(server.requests.length).toBe(count);
  });
});

describe.each(RUNTIMES.filter((r) => r !== 'node'))('passto send-event on %s', (runtime) => {
  it('sends a correctly signed event', async () => {
    reply = () => ({ body: 'ok' });
    const run = await runCli(['send-event', 'PAY_SUCCESS', '--url', `${server.origin}/hooks/passto`, '--key', KEY], { runtime, secrets });
    expect(run.code).toBe(0);
    const request = server.requests.at(-1)!;
    expect(request.headers.signature).toBe(hmac('/hooks/passto', request.body));
  });
});
