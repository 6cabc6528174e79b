/**
 * Each documented webhook event type is described once: its schema (src/schemas/webhook-events.ts)
 * and its sample data (src/webhook-event-samples.ts). Every sample, in each of its uses
 * (`createWebhookEvent`, the docs' example, the sandbox's events), parses with its type's schema
 * and carries the fields the spec's table lists.
 */
import { build } from 'esbuild';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_SCHEMAS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../src/schemas/webhook-events.ts';
import { createWebhookEvent, EXAMPLE_PAYMENT, sampleWebhookData, webhookEventExample } from '../src/testing.ts';
import { WEBHOOK_EVENT_SAMPLES } from '../src/webhook-event-samples.ts';
import { newOrderNo, WEBHOOK_TYPES, webhookBody, webhookData } from '../worker/sandbox/webhook-events.ts';

/** The spec's table ("Inbound: webhook events"): the documented `data` fields of each type that has them. */
const PAYMENT = ['tag', 'token', 'amount', 'currency', 'real_ip', 'order_no', 'trade_time', 'merchant_name'];
const DOCUMENTED_FIELDS: Partial<Record<WebhookEventType, string[]>> = {
  PAY_SUCCESS: [...PAYMENT, 'result', 'remark'],
  PAY_FAILED: [...PAYMENT, 'result', 'remark'],
  REFUND: [...PAYMENT, 'charge_order_no', 'remark'],
  PAY_TIMEOUT: ['tag', 'token', 'trade_time', 'real_ip', 'remark', 'amount', 'currency', 'order_no', 'merchant_name', 'charge_order_no'],
  SESSION_RENEWAL: ['token', 'timestamp'],
};

/** The sandbox's data for one type, in a cashier session. */
function sandboxData(type: WebhookEventType) {
  const now = Date.now();
  const session = { customer_token: 'tok_user', client_ip: '198.51.100.4' } as Parameters<typeof webhookData>[1]['session'];
  return webhookData(type, { session, tag: 'default', amount: '88.50', currency: 'CNY', orderNo: newOrderNo(now), now });
}

const expectParses = (type: WebhookEventType, event: unknown) => {
  const result = v.safeParse(WEBHOOK_EVENT_SCHEMAS[type], event);
  expect(result.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`) ?? []).toEqual([]);
};

describe('the webhook event catalogue', () => {
  it('has one sample per documented type, and no other', () => {
    expect(Object.keys(WEBHOOK_EVENT_SAMPLES).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  it('is what the sandbox offers: one button per documented type', () => {
    expect([...WEBHOOK_TYPES]).toEqual(WEBHOOK_EVENT_TYPES);
  });

  describe.each(WEBHOOK_EVENT_TYPES)('%s', (type) => {
    it('parses with its schema as createWebhookEvent builds it, as the docs show it, and as the sandbox sends it', () => {
      expectParses(type, createWebhookEvent(type));
      expectParses(type, webhookEventExample(type));
      const sandbox = JSON.parse(webhookBody({ type, platformId: 'sandbox-plat', retry: 0, eventId: 'e1', data: sandboxData(type) }));
      expectParses(type, sandbox);
    });

    it('carries the fields the spec lists, the same for every user of the catalogue', () => {
      const documented = DOCUMENTED_FIELDS[type];
      const fields = Object.keys(createWebhookEvent(type).data as object);
      if (documented) expect(fields.sort()).toEqual([...documented].sort());
      expect(Object.keys(webhookEventExample(type).data).sort()).toEqual(fields.sort());
      expect(Object.keys(sandboxData(type)).sort()).toEqual(fields.sort());
    });
  });

  it('fills the sample from the payment it is given, merchant_name percent-encoded', () => {
    expect(sampleWebhookData('PAY_SUCCESS', { ...EXAMPLE_PAYMENT, amount: '12.34', merchant_name: '商户 A' })).toMatchObject({
      amount: '12.34',
      merchant_name: '%E5%95%86%E6%88%B7%20A',
      result: 'success',
    });
    expect(sampleWebhookData('PAY_FAILED', EXAMPLE_PAYMENT)).toMatchObject({ amount: '', order_no: '', result: 'fail' });
    expect(sampleWebhookData('SESSION_RENEWAL', EXAMPLE_PAYMENT)).toEqual({ token: EXAMPLE_PAYMENT.token, timestamp: EXAMPLE_PAYMENT.trade_time });
  });

  it('gives an unknown type no sample data, and keeps given data over the sample', () => {
    expect(sampleWebhookData('NEW_TYPE', EXAMPLE_PAYMENT)).toEqual({});
    expect(sampleWebhookData('toString', EXAMPLE_PAYMENT)).toEqual({});
    expect(createWebhookEvent('NEW_TYPE', { a: 1 }).data).toEqual({ a: 1 });
    expect(createWebhookEvent('PAY_SUCCESS', { amount: '9.99' }).data).toMatchObject({ amount: '9.99', result: 'success' });
  });

  it('publishes fixed examples: the same on every call', () => {
    for (const type of WEBHOOK_EVENT_TYPES) expect(webhookEventExample(type)).toEqual(webhookEventExample(type));
  });

  it('stays out of the bundles that do not use it: the root entry and the schemas', async () => {
    for (const contents of ["export * from './src/index.ts';", "export * from './src/schemas/index.ts';"]) {
      const { metafile } = await build({ stdin: { contents, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, write: false, metafile: true, logLevel: 'silent' });
      expect(Object.keys(metafile.inputs)).toContain('src/schemas/webhook-events.ts');
      expect(Object.keys(metafile.inputs)).not.toContain('src/webhook-event-samples.ts');
    }
  });
});
