/** `verifyWebhook`'s overloads: typed events by default, the envelope as sent with `validateData: false`. */
import { describe, expectTypeOf, it } from 'vitest';
import { type UncheckedWebhookEvent, verifyWebhook, type WebhookDelivery, type WebhookEvent } from '../../src/index.ts';

declare const request: Request;
declare const flag: boolean;

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
});
