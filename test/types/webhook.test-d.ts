/**
 * `verifyWebhook`'s overloads: typed events by default, the envelope as sent with `validateData: false`,
 * on a `Request` or on the payload form `{ body, headers, path }` (Node's header object included).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expectTypeOf, it } from 'vitest';
import { type CreditLimitRequest, type UncheckedWebhookEvent, verifyCreditLimitRequest, verifyWebhook, type WebhookDelivery, type WebhookEvent } from '../../src/index.ts';

declare const request: Request;
declare const flag: boolean;
declare const nodeHeaders: IncomingHttpHeaders;
declare const buffer: Buffer;

describe('verifyWebhook', () => {
  it('gives checked, typed events by default and with validateData: true', () => {
    expectTypeOf(verifyWebhook(request, { keys: 'k' })).toEqualTypeOf<Promise<WebhookDelivery<WebhookEvent>>>();
    expectTypeOf(verifyWebhook(request, { keys: 'k', validateData: true })).toEqualTypeOf<Promise<WebhookDelivery<WebhookEvent>>>();
  });

  it('gives the envelope as sent with validateData: false, its data unknown', async () => {
    const { event } = await verifyWebhook(request, { keys: ['k', 'old'], validateData: false });
    expectTypeOf(event).toEqualTypeOf<UncheckedWebhookEvent>();
    if (event.type === 'PAY_SUCCESS') expectTypeOf(event.data).toBeUnknown();
  });

  it('gives either when the flag is only known at run time', () => {
    expectTypeOf(verifyWebhook(request, { keys: 'k', validateData: flag })).toEqualTypeOf<
      Promise<WebhookDelivery<WebhookEvent | UncheckedWebhookEvent>>
    >();
  });

  it('narrows a checked event by its type', async () => {
    const { event, eventKey } = await verifyWebhook(request, { keys: 'k' });
    expectTypeOf(eventKey).toEqualTypeOf<string>();
    if (event.type === 'PAY_SUCCESS') {
      expectTypeOf(event.data.order_no).toEqualTypeOf<string>();
      expectTypeOf(event.data.merchant_name_decoded).toEqualTypeOf<string>();
    }
    if (event.type === 'SESSION_RENEWAL') expectTypeOf(event.data.token).toEqualTypeOf<string>();
  });

  it('takes the payload form with the same overloads: raw bytes or text, a Node header object or Headers', async () => {
    const payload = { body: buffer, headers: nodeHeaders, path: '/webhooks/passto' };
    expectTypeOf(verifyWebhook(payload, { keys: 'k' })).toEqualTypeOf<Promise<WebhookDelivery<WebhookEvent>>>();
    expectTypeOf(verifyWebhook({ body: '{}', headers: new Headers(), path: '/w' }, { keys: ['k'], validateData: false })).toEqualTypeOf<
      Promise<WebhookDelivery<UncheckedWebhookEvent>>
    >();
    expectTypeOf(verifyWebhook({ body: new Uint8Array(), headers: { signature: 's', trace: ['a'] }, path: '/w' }, { keys: 'k', validateData: flag })).toEqualTypeOf<
      Promise<WebhookDelivery<WebhookEvent | UncheckedWebhookEvent>>
    >();
    const { event } = await verifyWebhook(payload, { keys: 'k' });
    if (event.type === 'PAY_SUCCESS') expectTypeOf(event.data.order_no).toEqualTypeOf<string>();
    expectTypeOf(verifyCreditLimitRequest(payload, { keys: 'k' })).toEqualTypeOf<Promise<CreditLimitRequest>>();
  });

  it('refuses a payload without its path, a parsed body, or a header value that is not text', () => {
    // @ts-expect-error the signed path is required
    verifyWebhook({ body: '{}', headers: {} }, { keys: 'k' });
    // @ts-expect-error a parsed body cannot be verified: the raw bytes are needed
    verifyWebhook({ body: { type: 'PAY_SUCCESS' }, headers: {}, path: '/w' }, { keys: 'k' });
    // @ts-expect-error header values are strings or lists of strings
    verifyWebhook({ body: '{}', headers: { trace: 7 }, path: '/w' }, { keys: 'k' });
  });
});
