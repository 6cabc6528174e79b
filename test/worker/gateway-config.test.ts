/**
 * Issue 8, item 8: no development value fills in production, nothing malformed is replaced by a
 * default. In workerd (nothing refuses to start there), every route but /health answers 503
 * `not_configured` naming exactly the wrong variables, never their values. The adapters' refusal
 * to start is in test/adapters/production-start.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfigProblem, type ConfigSource, DEV, readConfig, type Vars } from '../../worker/env.ts';
import { devVars, type GatewayHarness, ORIGIN, startGateway, workerScript } from './harness.ts';
import { authBody, bearer, creditLimitCall, webhookDelivery } from './signed.ts';

/** Production-like values that pass every rule with the sandbox off. */
const PRODUCTION: Vars = {
  GATEWAY_TOKEN: 'prod-token-4f2a9c',
  PASSTO_API_KEY: 'prod-api-key',
  PASSTO_SIGNATURE_KEY: 'prod-signature-key',
  PASSTO_PLAT_ID: 'plat-42',
  SANDBOX: 'off',
};

interface NotConfigured {
  code: string;
  msg: string;
  trace: string;
  problems: ConfigProblem[];
}

/** Asks `path` and expects the 503 naming exactly `variables`; answers the body. */
async function expectNotConfigured(gw: Pick<GatewayHarness, 'fetch'>, variables: string[], path = '/v1/events', init: RequestInit = { headers: bearer() }) {
  const res = await gw.fetch(path, init);
  const body = (await res.json()) as NotConfigured;
  expect(res.status).toBe(503);
  expect(body.code).toBe('not_configured');
  expect(body.problems.map((p) => p.variable).sort()).toEqual([...variables].sort());
  for (const variable of variables) expect(body.msg).toContain(`${variable}: `);
  return body;
}

// One rule per row: the variables set (over .dev.vars), and the variables the 503 must name.
const RULES: [string, Record<string, string>, string[]][] = [
  ['GATEWAY_TOKEN unset', { GATEWAY_TOKEN: '' }, ['GATEWAY_TOKEN']],
  ['the PassTo keys unset', { PASSTO_API_KEY: '', PASSTO_SIGNATURE_KEY: '', PASSTO_PLAT_ID: '' }, ['PASSTO_API_KEY', 'PASSTO_SIGNATURE_KEY', 'PASSTO_PLAT_ID']],
  ['every required variable unset', { GATEWAY_TOKEN: '', PASSTO_API_KEY: '', PASSTO_SIGNATURE_KEY: '', PASSTO_PLAT_ID: '' }, [
    'GATEWAY_TOKEN',
    'PASSTO_API_KEY',
    'PASSTO_SIGNATURE_KEY',
    'PASSTO_PLAT_ID',
  ]],
  ['GATEWAY_TOKEN of commas only', { GATEWAY_TOKEN: ' , ' }, ['GATEWAY_TOKEN']],
  ['a GATEWAY_TOKEN RFC 6750 does not allow', { GATEWAY_TOKEN: 'dev-token,has space' }, ['GATEWAY_TOKEN']],
  ['the development token with the sandbox off', { ...PRODUCTION, GATEWAY_TOKEN: `${DEV.GATEWAY_TOKEN}` }, ['GATEWAY_TOKEN']],
  ['the development token beside a real one, sandbox off', { ...PRODUCTION, GATEWAY_TOKEN: `prod-token-4f2a9c, ${DEV.GATEWAY_TOKEN}` }, ['GATEWAY_TOKEN']],
  ['the development signature key with the sandbox off', { ...PRODUCTION, PASSTO_SIGNATURE_KEY: DEV.PASSTO_SIGNATURE_KEY }, ['PASSTO_SIGNATURE_KEY']],
  ['the development key as the previous one, sandbox off', { ...PRODUCTION, PASSTO_SIGNATURE_KEY_PREVIOUS: DEV.PASSTO_SIGNATURE_KEY }, [
    'PASSTO_SIGNATURE_KEY_PREVIOUS',
  ]],
  ['SANDBOX=true', { SANDBOX: 'true' }, ['SANDBOX']],
  ['SANDBOX=1', { SANDBOX: '1' }, ['SANDBOX']],
  ['SANDBOX=ON', { SANDBOX: 'ON' }, ['SANDBOX']],
  ['FORWARD_MAX_ATTEMPTS=ten', { FORWARD_MAX_ATTEMPTS: 'ten' }, ['FORWARD_MAX_ATTEMPTS']],
  ['FORWARD_MAX_ATTEMPTS=0', { FORWARD_MAX_ATTEMPTS: '0' }, ['FORWARD_MAX_ATTEMPTS']],
  ['PASSTO_PLAT_ID_PARAM=plat-id', { PASSTO_PLAT_ID_PARAM: 'plat-id' }, ['PASSTO_PLAT_ID_PARAM']],
  ['PASSTO_CUSTOMER_NO_FIELD=customerNo', { PASSTO_CUSTOMER_NO_FIELD: 'customerNo' }, ['PASSTO_CUSTOMER_NO_FIELD']],
  ['malformed numbers', {
    PASSTO_TIMEOUT_MS: '10.5',
    CREDIT_LIMIT_TIMEOUT_MS: 'fast',
    FORWARD_TIMEOUT_MS: '1e4',
    FORWARD_BACKOFF_BASE_MS: '-1',
    EVENT_RETENTION_DAYS: '90d',
    EVENT_TOMBSTONE_DAYS: '0',
  }, ['PASSTO_TIMEOUT_MS', 'CREDIT_LIMIT_TIMEOUT_MS', 'FORWARD_TIMEOUT_MS', 'FORWARD_BACKOFF_BASE_MS', 'EVENT_RETENTION_DAYS', 'EVENT_TOMBSTONE_DAYS']],
  ['malformed URLs', {
    PUBLIC_URL: 'pay.example.com',
    PASSTO_BASE_URL: 'https://api.example/v1?debug=1',
    FORWARD_URL: 'ftp://backend.example/events',
    CREDIT_LIMIT_URL: 'limits please',
    FORWARD_SIGNATURE_KEY: 'fwd-key',
  }, ['PUBLIC_URL', 'PASSTO_BASE_URL', 'FORWARD_URL', 'CREDIT_LIMIT_URL']],
  ['header values that are not printable ASCII', { PASSTO_API_KEY: 'kéy', PASSTO_LANG: 'en US ' }, ['PASSTO_API_KEY', 'PASSTO_LANG']],
];

describe('a misconfigured gateway answers 503 not_configured in workerd', () => {
  // One workerd process running the Worker once per rule, each with its own variables (starting
  // a process per rule takes seconds each). The refusal comes before any use of D1.
  let mf: Miniflare;
  beforeAll(async () => {
    const script = await workerScript();
    mf = new Miniflare({
      workers: RULES.map(([, vars], i) => ({
        name: `rule-${i}`,
        modules: true,
        script,
        compatibilityDate: '2026-04-01',
        bindings: { ...devVars(), ...vars },
        d1Databases: { DB: 'passto-gateway-test' },
      })),
      d1Persist: mkdtempSync(join(tmpdir(), 'passto-d1-')),
    });
    await mf.ready;
  });
  afterAll(() => mf?.dispose());

  it.each(RULES.map((rule, i) => [...rule, i] as const))('%s', async (_name, vars, variables, i) => {
    const worker = await mf.getWorker(`rule-${i}`);
    const gw = { fetch: (path: string, init?: RequestInit) => worker.fetch(`${ORIGIN}${path}`, init as never) as unknown as Promise<Response> };
    const body = await expectNotConfigured(gw, variables);
    // Names and reasons, never the values (a value may be a secret). The trace is left out: it is
    // a random UUID, which holds a short value such as `90d` now and then.
    const { trace: _trace, ...said } = body as NotConfigured & { trace?: string };
    for (const value of Object.values(vars).filter((v) => v.trim().length > 2 && v !== 'off')) expect(JSON.stringify(said)).not.toContain(value.trim());
  });
});

describe('one misconfigured gateway', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({ vars: { GATEWAY_TOKEN: '', FORWARD_MAX_ATTEMPTS: 'ten', PASSTO_PLAT_ID_PARAM: 'plat-id' } });
  });
  afterAll(() => gw.dispose());

  it('names every wrong variable and why, and only those', async () => {
    const body = await expectNotConfigured(gw, ['GATEWAY_TOKEN', 'FORWARD_MAX_ATTEMPTS', 'PASSTO_PLAT_ID_PARAM']);
    expect(body.problems).toEqual([
      { variable: 'GATEWAY_TOKEN', problem: 'not set' },
      { variable: 'PASSTO_PLAT_ID_PARAM', problem: 'must be `platId` or `plat_id`' },
      { variable: 'FORWARD_MAX_ATTEMPTS', problem: 'must be an integer from 1 to 1000' },
    ]);
    expect(body.msg).toBe(
      'The gateway is not configured: GATEWAY_TOKEN: not set; PASSTO_PLAT_ID_PARAM: must be `platId` or `plat_id`; FORWARD_MAX_ATTEMPTS: must be an integer from 1 to 1000',
    );
  });

  it('answers an unset GATEWAY_TOKEN with not_configured, not "invalid bearer token"', async () => {
    const res = await gw.fetch('/v1/identify/auth', { method: 'POST', body: JSON.stringify(authBody()), headers: { 'content-type': 'application/json', ...bearer() } });
    expect(res.status).toBe(503);
    expect(((await res.json()) as NotConfigured).code).toBe('not_configured');
  });

  it.each([
    ['POST /v1/webhooks', '/v1/webhooks', webhookDelivery()],
    ['POST /v1/credit-limit', '/v1/credit-limit', creditLimitCall()],
    ['the sandbox', '/sandbox/oauth?ident_code=x', {}],
    ['the OpenAPI document', '/openapi.json', {}],
    ['an unknown path', '/nope', {}],
  ])('refuses %s too', async (_name, path, init) => {
    await expectNotConfigured(gw, ['GATEWAY_TOKEN', 'FORWARD_MAX_ATTEMPTS', 'PASSTO_PLAT_ID_PARAM'], path, init);
  });

  it('still answers /health', async () => {
    const res = await gw.fetch('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe('a configured gateway', () => {
  it('serves with the production values and the sandbox off, and refuses the development token', async () => {
    const gw = await startGateway({ vars: { ...PRODUCTION } as Record<string, string> });
    try {
      expect((await gw.fetch('/v1/events', { headers: bearer(PRODUCTION.GATEWAY_TOKEN) })).status).toBe(200);
      const dev = await gw.fetch('/v1/events', { headers: bearer(DEV.GATEWAY_TOKEN) });
      expect(dev.status).toBe(401);
      expect((await gw.fetch('/sandbox/oauth?ident_code=x')).status).toBe(404);
    } finally {
      await gw.dispose();
    }
  });

  it('serves with the development values (SANDBOX=on) unchanged', async () => {
    const gw = await startGateway();
    try {
      expect((await gw.fetch('/v1/events', { headers: bearer() })).status).toBe(200);
    } finally {
      await gw.dispose();
    }
  });
});

describe('readConfig', () => {
  const production = (vars: ConfigSource = {}) => readConfig({ ...PRODUCTION, ...vars });

  it('turns the sandbox on only for SANDBOX=on, in an entry that mounts it', () => {
    expect(production({ SANDBOX: 'on', sandboxMounted: true }).sandbox.enabled).toBe(true);
    for (const value of ['true', '1', 'yes', 'ON', 'off', '', undefined]) {
      expect(production({ SANDBOX: value, sandboxMounted: true }).sandbox.enabled).toBe(false);
    }
  });

  it('names SANDBOX=on in a production build (no sandbox mounted) as the one problem, and keeps the development values out', () => {
    for (const build of [{}, { sandboxMounted: false }, { sandboxMounted: 'true' as unknown as boolean }]) {
      const config = production({ ...build, SANDBOX: 'on', GATEWAY_TOKEN: `a-real-token,${DEV.GATEWAY_TOKEN}` });
      expect(config.sandbox.enabled).toBe(false);
      expect(config.problems).toEqual([{ variable: 'SANDBOX', problem: expect.stringContaining('this production build has no sandbox') }]);
      expect(config.gatewayTokens).toEqual(['a-real-token']);
    }
  });

  it('never accepts the development token with the sandbox off, even beside a real one', () => {
    expect(production({ GATEWAY_TOKEN: `a-real-token,${DEV.GATEWAY_TOKEN}` }).gatewayTokens).toEqual(['a-real-token']);
    expect(production({ GATEWAY_TOKEN: `a-real-token,${DEV.GATEWAY_TOKEN}`, SANDBOX: 'on', sandboxMounted: true }).gatewayTokens).toEqual([
      'a-real-token',
      DEV.GATEWAY_TOKEN,
    ]);
  });

  it('keeps a malformed value out of the configuration: the default stands in, and the problem is listed', () => {
    const config = production({ FORWARD_MAX_ATTEMPTS: 'ten', EVENT_TOMBSTONE_DAYS: '12.5' });
    expect(config.problems.map((p) => p.variable)).toEqual(['FORWARD_MAX_ATTEMPTS', 'EVENT_TOMBSTONE_DAYS']);
  });

  it('reads EVENT_TOMBSTONE_DAYS (default 365) beside EVENT_RETENTION_DAYS (default 90)', () => {
    expect(production()).toMatchObject({ eventRetentionDays: 90, eventTombstoneDays: 365, problems: [] });
    expect(production({ EVENT_RETENTION_DAYS: '30', EVENT_TOMBSTONE_DAYS: ' 730 ' })).toMatchObject({ eventRetentionDays: 30, eventTombstoneDays: 730 });
  });

  it('reads well-formed values', () => {
    const config = production({
      PASSTO_PLAT_ID_PARAM: 'plat_id',
      PASSTO_CUSTOMER_NO_FIELD: 'customer_no',
      FORWARD_BACKOFF_BASE_MS: '0',
      FORWARD_URL: 'https://backend.example/passto/events',
      PUBLIC_URL: 'https://pay.example.com/passto/',
    });
    expect(config.problems).toEqual([]);
    expect(config.passto).toMatchObject({ platIdParam: 'plat_id', customerNoField: 'customer_no' });
    expect(config.forward).toMatchObject({ backoffBaseMs: 0, url: 'https://backend.example/passto/events' });
    expect(config).toMatchObject({ publicUrl: 'https://pay.example.com/passto', publicPathPrefix: '/passto' });
  });
});
