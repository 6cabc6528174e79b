/**
 * The gateway's 502 for a failed identify/auth, inside workerd (issue 8, item 7): a short
 * customer_token is never searched for (PassTo's msg is withheld, its code kept, nothing
 * nested), field names are never rewritten, and a long one echoed in any encoding is masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WITHHELD_REASON } from '../../src/redact.ts';
import { ENCODINGS, everyEncoding } from '../redaction-encodings.ts';
import { type Backend, startBackend } from './backend.ts';
import { type GatewayHarness, startGateway } from './harness.ts';
import { authBody, bearer } from './signed.ts';

const post = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...bearer() } });
const LONG_TOKEN = 'ct_Session+7e3b/9a10=c2d5"4f<6e>8a&1b';

interface ErrorBody {
  code: string;
  msg: string;
  trace: string;
  upstream?: { code: number; msg: string };
  fields?: { path: string; message: string }[];
}

describe('identify/auth through the sandbox, whose keys differ from the gateway’s (it answers "signature mismatch")', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({ vars: { PASSTO_SIGNATURE_KEY: 'not-the-sandbox-signature-key' } });
  });
  afterAll(() => gw.dispose());

  it('customer_token "t": 502 with PassTo’s code, its msg withheld, no letter of it masked', async () => {
    const res = await gw.fetch('/v1/identify/auth', post(authBody({ customer_token: 't' })));
    expect(res.status).toBe(502);
    const body = (await res.json()) as ErrorBody;
    const withheld = `[message withheld: ${WITHHELD_REASON}]`;
    expect(body).toMatchObject({ code: 'upstream_error', upstream: { code: 401, msg: withheld } });
    expect(body.msg).toBe(`PassTo answered code 401: ${withheld}`);
    expect(JSON.stringify(body)).not.toContain('[redac[');
  });

  it('customer_token "token": the field token_expire is named as it is', async () => {
    const res = await gw.fetch('/v1/identify/auth', post(authBody({ customer_token: 'token', token_expire: 'soon' })));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.fields?.map((f) => f.path)).toEqual(['token_expire']);
    expect(body.msg).toContain('token_expire');
    expect(JSON.stringify(body)).not.toContain('[redacted]');
  });
});

describe('identify/auth against a PassTo that echoes the customer_token in every encoding', () => {
  let backend: Backend;
  let gw: GatewayHarness;
  beforeAll(async () => {
    backend = await startBackend();
    backend.respond = () => ({ status: 200, body: JSON.stringify({ code: 1002, msg: `bad token: ${everyEncoding(LONG_TOKEN)}`, data: null }) });
    // The sandbox stays on (the development values stay valid); PASSTO_BASE_URL takes precedence over it.
    gw = await startGateway({ vars: { PASSTO_BASE_URL: `${backend.url}/api` } });
  });
  afterAll(async () => {
    await gw.dispose();
    await backend.close();
  });

  it('masks each encoding in the 502 body, keeping PassTo’s code', async () => {
    const res = await gw.fetch('/v1/identify/auth', post(authBody({ customer_token: LONG_TOKEN })));
    expect(res.status).toBe(502);
    const text = await res.text();
    const body = JSON.parse(text) as ErrorBody;
    expect(body.upstream?.code).toBe(1002);
    const masked = Object.keys(ENCODINGS).map(() => '[redacted]').join(' | ');
    expect(body.upstream?.msg).toBe(`bad token: ${masked}`);
    for (const [name, encode] of Object.entries(ENCODINGS)) {
      expect(text, name).not.toContain(encode(LONG_TOKEN));
      expect(JSON.stringify(body), name).not.toContain(encode(LONG_TOKEN));
    }
  });
});
