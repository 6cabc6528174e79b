/** `passtoWebhook`'s `onEvent` and `c.get('passtoDelivery')` narrow soundly on `checked`. */
import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import type { CreditLimitRequest, FieldIssue, UncheckedWebhookEvent, WebhookEvent } from '../../src/index.ts';
import {
  type PasstoVariables,
  type PasstoWebhookDelivery,
  passtoCreditLimit,
  passtoVerifyWebhook,
  passtoWebhook,
  type WithPasstoVariables,
} from '../../src/hono.ts';

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

// The variables come through Hono's Env generic, not a global `declare module 'hono'` (JSR refuses
// ambient modules, and a global would type them in routes that never set them).
describe('PasstoVariables', () => {
  type Env = { Bindings: { PASSTO_KEY: string } };

  it('adds the variables to the handler type and keeps your Env for the options functions', () => {
    const handler = passtoWebhook<Env>({
      keys: (c) => {
        expectTypeOf(c.env.PASSTO_KEY).toEqualTypeOf<string>();
        return c.env.PASSTO_KEY;
      },
      onEvent: () => {},
    });
    expectTypeOf(handler).toEqualTypeOf<MiddlewareHandler<WithPasstoVariables<Env>>>();
    expectTypeOf(passtoCreditLimit<Env>({ keys: 'k', resolve: () => ({ tag: '', inputs: [] }) })).toEqualTypeOf<
      MiddlewareHandler<Env & { Variables: PasstoVariables }>
    >();
  });

  it('types them in the handlers after the middleware, with your bindings', () => {
    new Hono<Env>().post('/webhooks', passtoVerifyWebhook<Env>({ keys: (c) => c.env.PASSTO_KEY }), (c) => {
      expectTypeOf(c.get('passtoDelivery')).toEqualTypeOf<PasstoWebhookDelivery>();
      expectTypeOf(c.var.passtoDelivery).toEqualTypeOf<PasstoWebhookDelivery>();
      expectTypeOf(c.env.PASSTO_KEY).toEqualTypeOf<string>();
      return c.body(null, 204);
    });
  });

  it('does not type them in routes without a passto handler (no global augmentation)', () => {
    new Hono().get('/other', (c) => {
      // @ts-expect-error nothing set passtoDelivery on this route
      c.get('passtoDelivery');
      return c.body(null, 204);
    });
  });

  it('types them in app.use middleware and the options functions when your Env names them', () => {
    type WithVariables = { Variables: PasstoVariables };
    const app = new Hono<WithVariables>();
    app.use(async (c, next) => {
      await next();
      expectTypeOf(c.get('passtoCreditLimitRequest')).toEqualTypeOf<CreditLimitRequest>();
    });
    app.post(
      '/limit',
      passtoCreditLimit<WithVariables>({
        keys: 'k',
        resolve: (_call, c) => {
          expectTypeOf(c.get('passtoCreditLimitRequest')).toEqualTypeOf<CreditLimitRequest>();
          return { tag: '', inputs: [] };
        },
      }),
    );
  });
});
