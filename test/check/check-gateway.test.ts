/**
 * The gateway itself must pass every rule (issue 13, "Done when"): its webhook route and its
 * credit-limit route, in workerd with the development values, through the library.
 */
import { type CheckReport, checkCreditLimitEndpoint, checkWebhookReceiver, formatCheckReport } from 'passto/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from '../worker/harness.ts';

const KEY = 'sandbox-signature-key';
const STATIC = { tag: 'default', inputs: [{ tag: 'default', amount: '5000.5678', currency: 'CNY', icon: 'https://shop.example/credit.png', input: '<b>Credit</b>' }] };

const ids = (report: CheckReport, status: string) => report.results.filter((r) => r.status === status).map((r) => r.id);

/** The gateway in workerd as a fetch handler: requests keep their path, headers and body. */
function handler(gw: GatewayHarness) {
  return async (request: Request) => {
    const url = new URL(request.url);
    return gw.fetch(`${url.pathname}${url.search}`, { method: request.method, headers: request.headers, body: await request.text() });
  };
}

describe('the gateway passes its own checks', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({ vars: { CREDIT_LIMIT_STATIC: JSON.stringify(STATIC) } });
  }, 60_000);
  afterAll(() => gw?.dispose());

  it('POST /v1/webhooks: every rule passes', async () => {
    const report = await checkWebhookReceiver(handler(gw), { key: KEY, path: '/v1/webhooks' });
    expect(ids(report, 'fail')).toEqual([]);
    expect(ids(report, 'warn')).toEqual([]);
    expect(report.summary).toMatchObject({ ok: true, pass: 12 });
    expect(formatCheckReport(report)).toContain('every required rule holds');
  });

  it('POST /v1/credit-limit: every rule passes, amounts cut from CREDIT_LIMIT_STATIC', async () => {
    const report = await checkCreditLimitEndpoint(handler(gw), { key: KEY, path: '/v1/credit-limit', expectAmount: '5000.5678' });
    expect(ids(report, 'fail')).toEqual([]);
    expect(ids(report, 'warn')).toEqual([]);
    expect(report.summary).toMatchObject({ ok: true, pass: 10 });
  });
});
