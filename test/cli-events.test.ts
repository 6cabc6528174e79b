import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type Received, type Reply, RUNTIMES, runCli, startServer } from './cli-run.ts';

const TOKEN = 'gw-token-cli-events-9a8b7c6d5e';
const secrets = [TOKEN];

const event = (n: number, extra: Record<string, unknown> = {}) => ({
  event_id: `evt-${n}`,
  type: 'PAY_SUCCESS',
  status: 'delivered',
  attempts: 1,
  received_at: Date.UTC(2026, 0, 2, 3, 4, 5) + n,
  last_error: null,
  next_attempt_at: null,
  ...extra,
});

// Three pages of two events, as the gateway pages them: an opaque cursor, null at the end.
const PAGES: Record<string, { events: unknown[]; next_cursor: string | null }> = {
  '': { events: [event(1), event(2, { status: 'pending', attempts: 3, last_error: 'HTTP 500 from backend', next_attempt_at: Date.UTC(2026, 0, 2, 3, 9, 5) })], next_cursor: 'c2' },
  c2: { events: [event(3), event(4)], next_cursor: 'c3' },
  c3: { events: [event(5, { type: 'REFUND' })], next_cursor: null },
};

let reply: (request: Received) => Reply;
let server: Awaited<ReturnType<typeof startServer>>;
const answerPages = (request: Received): Reply => {
  if (request.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: { code: 'unauthorized', msg: 'bad token', trace: 't-401' } };
  const cursor = new URL(request.url, 'http://x').searchParams.get('cursor') ?? '';
  return { body: PAGES[cursor] ?? { events: [], next_cursor: null } };
};

beforeAll(async () => {
  await buildCli();
  server = await startServer((request) => reply(request));
});
afterAll(() => server.close());

describe('passto events against a local gateway', () => {
  it('GETs /v1/events with the bearer token and the filters, and prints a table', async () => {
    reply = answerPages;
    const run = await runCli(['events', '--gateway', `${server.origin}/`, '--token', TOKEN, '--limit', '2', '--type', 'PAY_SUCCESS', '--status', 'pending'], { secrets });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const request = server.requests.at(-1)!;
    expect(request.method).toBe('GET');
    const url = new URL(request.url, 'http://x');
    expect(url.pathname).toBe('/v1/events');
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: '2', type: 'PAY_SUCCESS', status: 'pending' });
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);

    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^EVENT_ID\s+TYPE\s+STATUS\s+ATTEMPTS\s+RECEIVED_AT\s+NEXT_ATTEMPT_AT\s+LAST_ERROR$/);
    expect(lines[1]).toMatch(/^evt-1\s+PAY_SUCCESS\s+delivered\s+1\s+2026-01-02T03:04:05\.001Z\s+-$/);
    expect(lines[2]).toMatch(/^evt-2\s+PAY_SUCCESS\s+pending\s+3\s+2026-01-02T03:04:05\.002Z\s+2026-01-02T03:09:05\.000Z\s+HTTP 500 from backend$/);
    // Without --all, the next cursor is shown, not followed.
    expect(lines[3]).toContain('next_cursor c2');
    expect(lines).toHaveLength(4);
  });

  it('--all follows next_cursor to the end; --json prints every event', async () => {
    reply = answerPages;
    const before = server.requests.length;
    const run = await runCli(['events', '--all', '--json', '--limit', '2'], { env: { GATEWAY_TOKEN: TOKEN, PASSTO_GATEWAY_URL: server.origin }, secrets });
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout);
    expect(listed.events.map((e: { event_id: string }) => e.event_id)).toEqual(['evt-1', 'evt-2', 'evt-3', 'evt-4', 'evt-5']);
    expect(listed.next_cursor).toBeNull();
    const cursors = server.requests.slice(before).map((r) => new URL(r.url, 'http://x').searchParams.get('cursor'));
    expect(cursors).toEqual([null, 'c2', 'c3']);
  });

  it('an empty list says so', async () => {
    reply = () => ({ body: { events: [], next_cursor: null } });
    const run = await runCli(['events', '--gateway', server.origin, '--token', TOKEN], { secrets });
    expect(run).toMatchObject({ code: 0, stdout: 'no events\n' });
  });

  it("a refused token is one line with the gateway's code, exit 1, and an echoed token is redacted", async () => {
    reply = () => ({ status: 401, body: { code: 'unauthorized', msg: `token ${TOKEN} is not valid`, trace: 't-401' } });
    const run = await runCli(['events', '--gateway', server.origin, '--token', TOKEN], { secrets });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: the gateway answered HTTP 401: unauthorized: token [redacted] is not valid (trace t-401)\n');
  });

  it('a redirect is an error naming its Location, not followed: the token goes nowhere else', async () => {
    reply = (request) => (request.url.startsWith('/moved') ? answerPages(request) : { status: 302, headers: { location: `${server.origin}/moved` } });
    const run = await runCli(['events', '--gateway', server.origin, '--token', TOKEN], { secrets });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: the gateway answered HTTP 302, a redirect to ${server.origin}/moved (not followed)\n`);
  });

  it('an answer that is not an event list is an error, not a crash', async () => {
    reply = () => ({ body: '<html>proxy</html>' });
    const notJson = await runCli(['events', '--gateway', server.origin, '--token', TOKEN], { secrets });
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('not JSON');
    reply = () => ({ body: { items: [] } });
    const noList = await runCli(['events', '--gateway', server.origin, '--token', TOKEN], { secrets });
    expect(noList.code).toBe(1);
    expect(noList.stderr).toContain('no "events" list');
  });

  it('a cursor that does not advance stops --all with an error', async () => {
    reply = () => ({ body: { events: [event(1)], next_cursor: 'same' } });
    const run = await runCli(['events', '--gateway', server.origin, '--token', TOKEN, '--all'], { secrets });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not advance');
  });

  it('a missing token or gateway is a usage error naming flag and variable; a bad --limit too', async () => {
    const noToken = await runCli(['events', '--gateway', server.origin]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('pass --token or set GATEWAY_TOKEN');
    const noGateway = await runCli(['events', '--token', TOKEN], { secrets });
    expect(noGateway.code).toBe(2);
    expect(noGateway.stderr).toContain('pass --gateway or set PASSTO_GATEWAY_URL');
    for (const bad of ['-3', '0', '101', '1e2']) {
      const limit = await runCli(['events', '--gateway', server.origin, '--token', TOKEN, '--limit', bad], { secrets });
      expect(limit.code, bad).toBe(2);
      expect(limit.stderr).toContain('from 1 to 100');
    }
  });
});

describe.each(RUNTIMES.filter((r) => r !== 'node'))('passto events on %s', (runtime) => {
  it('lists the events with --all', async () => {
    reply = answerPages;
    const run = await runCli(['events', '--gateway', server.origin, '--token', TOKEN, '--all', '--json'], { runtime, secrets });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).events).toHaveLength(5);
  });
});
