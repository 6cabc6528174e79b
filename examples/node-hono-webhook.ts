/**
 * Node: a Hono app of your own that receives PassTo's webhook events with `passtoWebhook`
 * (verified signature, exactly-once per event_id), served with @hono/node-server.
 *
 *   node --experimental-strip-types examples/node-hono-webhook.ts     # Node 22.6+ (23.6+: no flag)
 *
 * PassTo signs `path + body`: point PassTo (or the sandbox) at http://127.0.0.1:3000/webhooks/passto.
 * `PORT` and `PASSTO_SIGNATURE_KEY` change the port and the key (default: the sandbox's key).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { passtoWebhook } from '../src/hono.ts';
import { createMemoryEventStore } from '../src/index.ts';

// The orders PassTo told us about (a database in a real app).
const payments = new Map<string, { amount: string; currency: string }>();

const app = new Hono();
app.post(
  '/webhooks/passto',
  passtoWebhook({
    keys: process.env.PASSTO_SIGNATURE_KEY ?? 'sandbox-signature-key',
    // In memory: deduplicates retries while this process lives. Use a durable store in production.
    store: createMemoryEventStore(),
    onEvent: ({ checked, event, eventKey, issues }) => {
      // A signed event is delivered even when it drifted from the docs: `checked` says whether its fields are typed.
      if (!checked) return console.log(`kept ${eventKey} as sent; it differs from the docs at ${issues.map((i) => i.path).join(', ')}`);
      if (event.type === 'PAY_SUCCESS') payments.set(event.data.order_no, { amount: event.data.amount, currency: event.data.currency });
      console.log(`handled ${String(event.type)} ${eventKey}`);
    },
  }),
);
app.get('/orders/:order_no', (c) => {
  const payment = payments.get(c.req.param('order_no'));
  return payment ? c.json({ paid: true, ...payment }) : c.json({ paid: false }, 404);
});

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
  console.log(`webhook receiver listening on http://127.0.0.1:${port}/webhooks/passto`);
});
