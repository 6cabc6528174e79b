/**
 * passto/hono conformance: `passtoWebhook` with the in-memory EventStore, exactly once on every
 * runtime, on a real signed `Request` (test/vectors/conformance.json).
 */
import { Hono } from 'hono';
import { createMemoryEventStore, sign, type UncheckedWebhookEvent, type WebhookEvent } from '../../../src/index.ts';
import { passtoVerifyWebhook, passtoWebhook } from '../../../src/hono.ts';
import vectors from '../../vectors/conformance.json' with { type: 'json' };
import { assert, assertEqual, type Case, group } from '../harness.ts';

const w = vectors.webhook;
/** A delivery of `body` signed with the vector's key (the library signs: verified against node:crypto elsewhere). */
const signedBody = (body: object) => {
  const text = JSON.stringify(body);
  return new Request(w.url, { method: 'POST', headers: { signature: sign({ key: w.key, path: w.path, body: text }) }, body: text });
};
const signed = (signature = w.signature) =>
  new Request(w.url, { method: 'POST', headers: { signature, trace: 'delivery-1' }, body: w.body });

/** An app whose handler is scripted per test; `seen` counts the calls of `onEvent`. */
function app(onEvent: (event: WebhookEvent | UncheckedWebhookEvent) => Promise<void> | void) {
  const seen: string[] = [];
  const hono = new Hono();
  hono.post(
    w.path,
    passtoWebhook({
      keys: w.key,
      store: createMemoryEventStore(),
      onEvent: async ({ event }) => {
        seen.push(String(event.event_id));
        await onEvent(event);
      },
      onError: () => {}, // the failing-handler case is expected; keep the runner's output clean
    }),
  );
  return { seen, send: (request = signed()) => hono.fetch(request) };
}

export const honoCases: Case[] = group('hono', [
  {
    name: 'passtoWebhook hands a delivery to onEvent once; a redelivery gets 200 without it',
    async run() {
      const { seen, send } = app(() => {});
      assertEqual((await send()).status, 200, 'first delivery');
      assertEqual((await send()).status, 200, 'redelivery');
      assertEqual(seen.length, 1, 'onEvent calls');
    },
  },
  {
    name: 'passtoWebhook answers concurrent duplicates 409 while the first is in flight',
    async run() {
      let finish: () => void = () => {};
      const { seen, send } = app(() => new Promise<void>((resolve) => (finish = resolve)));
      const first = send();
      await new Promise((resolve) => setTimeout(resolve, 10));
      const duplicates = await Promise.all([send(), send()]);
      finish();
      assertEqual((await first).status, 200, 'the first');
      assertEqual(duplicates.map((r) => r.status).join(), '409,409', 'the duplicates');
      assertEqual(seen.length, 1, 'onEvent calls');
    },
  },
  {
    name: 'passtoWebhook answers 5xx when onEvent throws, and handles the retry',
    async run() {
      let fail = true;
      const { seen, send } = app(() => {
        if (fail) throw new Error('database down');
      });
      const failed = await send();
      assert(failed.status >= 500, `a failing handler answers 5xx, got ${failed.status}`);
      fail = false;
      assertEqual((await send()).status, 200, 'the retry');
      assertEqual(seen.length, 2, 'onEvent calls');
    },
  },
  {
    name: 'passtoWebhook refuses a forged delivery with 401 JSON {code, msg, trace}, without onEvent',
    async run() {
      const { seen, send } = app(() => {});
      const res = await send(signed(`A${w.signature.slice(1)}`));
      assertEqual(res.status, 401, 'status');
      const body = (await res.json()) as { code: string; trace: string };
      assertEqual(body.code, 'bad_signature', 'code');
      assertEqual(body.trace, 'delivery-1', 'trace');
      assertEqual(seen.length, 0, 'onEvent calls');
    },
  },
  {
    name: 'passtoWebhook keeps signed events whose data differs from the docs (remark null typed, a dropped amount unchecked)',
    async run() {
      const checked: boolean[] = [];
      const hono = new Hono();
      hono.post(w.path, passtoWebhook({ keys: w.key, onEvent: (delivery) => void checked.push(delivery.checked), onError: () => {} }));
      const base = JSON.parse(w.body) as { data: Record<string, unknown> } & Record<string, unknown>;
      const withNull = { ...base, event_id: 'evt-null', data: { ...base.data, remark: null } };
      const { amount: _amount, ...rest } = base.data;
      const dropped = { ...base, event_id: 'evt-drift', data: rest };
      assertEqual((await hono.fetch(signedBody(withNull))).status, 200, 'remark null');
      assertEqual((await hono.fetch(signedBody(dropped))).status, 200, 'amount missing');
      assertEqual(checked.join(), 'true,false', 'typed, then unchecked');
    },
  },
  {
    name: 'passtoVerifyWebhook sets passtoDelivery and calls next',
    async run() {
      const hono = new Hono();
      hono.post(w.path, passtoVerifyWebhook({ keys: w.key }), (c) => c.text(c.get('passtoDelivery').eventKey, 202));
      const response = await hono.fetch(signed());
      assertEqual(response.status, 202, 'status from the next handler');
      assertEqual(await response.text(), 'evt_20260501_000001', 'event_id on the context');
    },
  },
]);
