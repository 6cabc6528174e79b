/** `passtoWebhook`'s `onEvent` and `c.get('passtoDelivery')` narrow soundly on `checked`. */
import { Hono } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import type { FieldIssue, UncheckedWebhookEvent, WebhookEvent } from '../../src/index.ts';
import { type PasstoWebhookDelivery, passtoVerifyWebhook, passtoWebhook } from '../../src/hono.ts';

describe('passtoWebhook onEvent', () => {
  it('receives the delivery and the context', () => {
    passtoWebhook({
      keys: 'k',
      onEvent: (delivery, c) => {
        expectTypeOf(delivery).toEqualTypeOf<PasstoWebhookDelivery>();
        expectTypeOf(delivery.eventKey).toEqualTypeOf<string>();
        expectTypeOf(delivery.rawBody).toEqualTypeOf<string>();
        expectTypeOf(c.req.raw).toEqualTypeOf<Request>();
      },
    });
  });

  it('types a checked event by event.type, with no cast', () => {
    passtoWebhook({
      keys: 'k',
      onEvent: ({ checked, event, issues }) => {
        if (!checked) return;
        expectTypeOf(event).toEqualTypeOf<WebhookEvent>();
        expectTypeOf(issues).toEqualTypeOf<undefined>();
        if (event.type === 'PAY_SUCCESS') expectTypeOf(event.data.amount).toEqualTypeOf<string>();
        if (event.type === 'REFUND') expectTypeOf(event.data.charge_order_no).toEqualTypeOf<string>();
      },
    });
  });

  it('never types a drifted event as valid, and names its issues', () => {
    passtoWebhook({
      keys: 'k',
      onEvent: (delivery) => {
        if (delivery.checked) return;
        expectTypeOf(delivery.event).toEqualTypeOf<UncheckedWebhookEvent>();
        expectTypeOf(delivery.issues).toEqualTypeOf<readonly FieldIssue[]>();
        if (delivery.event.type === 'PAY_SUCCESS') {
          expectTypeOf(delivery.event.data).toBeUnknown();
          // @ts-expect-error an unchecked event's data has no documented fields
          delivery.event.data.order_no;
        }
      },
    });
  });

  it('does not type data before checked is known', () => {
    passtoWebhook({
      keys: 'k',
      onEvent: ({ event }) => {
        expectTypeOf(event).toEqualTypeOf<WebhookEvent | UncheckedWebhookEvent>();
        // @ts-expect-error without `checked`, PAY_SUCCESS may be a drifted event
        if (event.type === 'PAY_SUCCESS') event.data.order_no;
      },
    });
  });
});

describe("c.get('passtoDelivery')", () => {
  it('is the same discriminated delivery', () => {
    new Hono().post('/webhooks', passtoVerifyWebhook({ keys: 'k' }), (c) => {
      const delivery = c.get('passtoDelivery');
      expectTypeOf(delivery).toEqualTypeOf<PasstoWebhookDelivery>();
      if (delivery.checked && delivery.event.type === 'PAY_FAILED') expectTypeOf(delivery.event.data.result).toEqualTypeOf<string>();
      return c.body(null, 204);
    });
  });
});
