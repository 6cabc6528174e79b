/**
 * `passto auth` prints PassTo's errors redacted (issue 8, item 7): with the README's own
 * `--customer-token t`, PassTo's text is withheld (its code kept) instead of every `t` being
 * masked; a long token echoed in every encoding is masked in each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WITHHELD_REASON } from '../src/redact.ts';
import { buildCli, type Reply, runCli, startServer } from './cli-run.ts';
import { ENCODINGS, everyEncoding } from './redaction-encodings.ts';

const API_KEY = 'ak-cli-redaction-0f9e8d7c6b5a';
const SIGNATURE_KEY = 'sk-cli-redaction-abcdef0123456789';
const LONG_TOKEN = 'ct_Session+7e3b/9a10=c2d5"4f<6e>8a&1b';

let reply: (token: string) => Reply = () => ({});
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  await buildCli();
  server = await startServer((request) => reply(JSON.parse(request.body.toString('utf8')).customer_token));
});
afterAll(() => server.close());

const env = () => ({ PASSTO_API_KEY: API_KEY, PASSTO_SIGNATURE_KEY: SIGNATURE_KEY, PASSTO_PLAT_ID: 'plat-7', PASSTO_BASE_URL: `${server.origin}/api` });
const args = (token: string) => ['auth', '--custom-no', 'user-42', '--customer-token', token, '--callback-url', 'https://shop.example/cb', '--client-ip', '127.0.0.1'];

describe('passto auth prints redacted errors', () => {
  it('--customer-token t: "signature mismatch" is withheld, not rewritten letter by letter', async () => {
    reply = () => ({ status: 401, body: { code: 401, msg: 'signature mismatch: sign the path', data: null, trace: 'tr-1' } });
    const run = await runCli(args('t'), { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: ApiError code 401: [message withheld: ${WITHHELD_REASON}] (HTTP 401) (trace tr-1)\n`);
  });

  it('--customer-token t and a page without an envelope: the body is withheld, the status kept', async () => {
    reply = () => ({ status: 404, body: '<html>no token t here</html>' });
    const run = await runCli(args('t'), { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error: HttpError HTTP 404: the body was withheld: ${WITHHELD_REASON} \\(trace [^)]+\\)\\n$`));
  });

  it('a long token echoed in every encoding is masked in each, as envelope msg and as a page', async () => {
    const masked = Object.keys(ENCODINGS).map(() => '[redacted]').join(' | ');
    reply = (token) => ({ status: 200, body: { code: 1002, msg: `bad token: ${everyEncoding(token)}`, data: null, trace: 'tr-2' } });
    const api = await runCli(args(LONG_TOKEN), { env: env(), secrets: Object.values(ENCODINGS).map((encode) => encode(LONG_TOKEN)) });
    expect(api.stderr).toBe(`error: ApiError code 1002: bad token: ${masked} (HTTP 200) (trace tr-2)\n`);
    reply = (token) => ({ status: 400, body: `<p>${everyEncoding(token)}</p>` });
    const page = await runCli(args(LONG_TOKEN), { env: env(), secrets: Object.values(ENCODINGS).map((encode) => JSON.stringify(encode(LONG_TOKEN)).slice(1, -1)) });
    expect(page.code).toBe(1);
    expect(page.stderr).toMatch(/^error: HttpError HTTP 400 without a PassTo envelope: "<p>\[redacted\] \| \[redacted\]/);
  });
});
