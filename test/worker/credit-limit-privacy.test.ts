/**
 * Issue 8, item 10: the credit-limit answer does not tell whether a customer token is valid. The
 * backend contract: `CREDIT_LIMIT_URL` answers 404 for a token it does not know; the gateway then
 * answers like for a known token (200, the spec's shape, the requested tag) with no `inputs`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from './harness.ts';
import { type ScriptedBackend, startScriptedBackend } from './scripted-backend.ts';
import { creditLimitCall } from './signed.ts';

const KNOWN = 'tok-user-1';
const LIMIT = { tag: 'vip', inputs: [{ tag: 'vip', amount: '100', currency: 'CNY', icon: '', input: '<b>Credit</b>' }] };

/** The credit-limit call as PassTo sends it, with `token` set to `token` (the header is not signed). */
function callWithToken(token: string): RequestInit {
  const call = creditLimitCall({ tag: 'vip' });
  return { ...call, headers: { ...(call.headers as Record<string, string>), token } };
}

/** The keys at every level of a JSON value (array items by their own keys): its shape without values. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return 'array';
  if (value === null || typeof value !== 'object') return typeof value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
}

describe('credit limit for a known and an unknown customer token (workerd)', () => {
  let backend: ScriptedBackend;
  let gw: GatewayHarness;
  beforeAll(async () => {
    backend = await startScriptedBackend();
    backend.answer = (request) =>
      (JSON.parse(request.body) as { customer_token: string }).customer_token === KNOWN
        ? { status: 200, body: JSON.stringify(LIMIT) }
        : { status: 404, body: JSON.stringify({ error: 'unknown customer token' }) };
    gw = await startGateway({ vars: { CREDIT_LIMIT_URL: `${backend.url}/limits`, FORWARD_SIGNATURE_KEY: 'fwd-key' } });
  });
  afterAll(async () => {
    await gw?.dispose();
    await backend?.close();
  });

  it('answers both with 200 and the same shape; the unknown one with the requested tag and no inputs', async () => {
    const known = await gw.fetch('/v1/credit-limit', callWithToken(KNOWN));
    const unknown = await gw.fetch('/v1/credit-limit', callWithToken('tok-guessed'));
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(unknown.headers.get('content-type')).toBe(known.headers.get('content-type'));
    const [knownBody, unknownBody] = [await known.json(), await unknown.json()];
    expect(shape(unknownBody)).toEqual(shape(knownBody));
    expect(unknownBody).toEqual({ data: { tag: 'vip', inputs: [] } });
    expect((knownBody as { data: { inputs: unknown[] } }).data.inputs).toHaveLength(1);
    // The 404 came from the backend, asked with the guessed token.
    expect(backend.requests.map((r) => (JSON.parse(r.body) as { customer_token: string }).customer_token)).toEqual([KNOWN, 'tok-guessed']);
  });

  it('keeps 502 for backend failures that do not depend on the token', async () => {
    const answer = backend.answer;
    backend.answer = () => ({ status: 500, body: 'down' });
    try {
      const res = await gw.fetch('/v1/credit-limit', callWithToken(KNOWN));
      expect(res.status).toBe(502);
      expect(((await res.json()) as { code: string }).code).toBe('upstream_error');
    } finally {
      backend.answer = answer;
    }
  });
});
