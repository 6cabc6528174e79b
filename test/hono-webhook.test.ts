import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryEventStore, type EventStore, isWebhookEvent, sign, type UncheckedWebhookEvent, type WebhookEvent } from '../src/index.ts';
import { type PasstoVariables, type PasstoWebhookDelivery, passtoVerifyWebhook, passtoWebhook } from '../src/hono.ts';
import { createSignedWebhookRequest, createWebhookEvent, TEST_CUSTOMER_TOKEN } from '../src/testing.ts';

const KEY = 'webhook-signature-key-'.repeat(5);
const URL_ = 'http://localhost/webhooks';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** An app with one webhook route; `onEvent` records what it saw. */
type AnyEvent = WebhookEvent | UncheckedWebhookEvent;

function setup(options: { store?: EventStore; onEvent?: (event: AnyEvent) => unknown } = {}) {
  const seen: AnyEvent[] = [];
  const deliveries: PasstoWebhookDelivery[] = [];
  const errors: unknown[] = [];
  const app = new Hono();
  app.post(
    '/webhooks',
    passtoWebhook({
      keys: KEY,
      store: options.store,
      onEvent: async (delivery) => {
        seen.push(delivery.event);
        deliveries.push(delivery);
        await options.onEvent?.(delivery.event);
      },
      onError: (error) => errors.push(error),
    }),
  );
  return { app, seen, deliveries, errors };
}

const deliver = (app: { request: Hono['request'] }, event: object | string, init: Partial<Parameters<typeof createSignedWebhookRequest>[0]> = {}) =>
  app.request(createSignedWebhookRequest({ url: URL_, key: KEY, event, ...init }));

describe('passtoWebhook', () => {
  it('answers 200 {ok, event_id} after onEvent, with the verified event', async () => {
    const { app, seen } = setup({ store: createMemoryEventStore() });
    const event = createWebhookEvent('PAY_SUCCESS', { amount: '9.99' });
    const response = await deliver(app, event);
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ ok: true, event_id: event.event_id, event_key: event.event_id, duplicate: false });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: 'PAY_SUCCESS', event_id: event.event_id, data: { amount: '9.99' } });
  });

  it('hands onEvent the whole delivery and the context, and puts the delivery on the context for other middleware', async () => {
    // An app whose Env names PasstoVariables reads them typed in any middleware and in onEvent.
    type Env = { Variables: PasstoVariables };
    const app = new Hono<Env>();
    let outer: unknown;
    let delivered: unknown;
    app.use(async (c, next) => {
      await next();
      outer = c.get('passtoDelivery').event;
    });
    app.post(
      '/webhooks',
      passtoWebhook<Env>({
        keys: KEY,
        onEvent: (delivery, c) => {
          expect(c.get('passtoDelivery')).toBe(delivery);
          delivered = delivery;
        },
      }),
    );
    const event = createWebhookEvent('REFUND');
    const response = await deliver(app, event, { headers: { trace: 'tr-1' } });
    expect(response.status).toBe(200);
    expect(outer).toMatchObject({ event_id: event.event_id, type: 'REFUND' });
    expect(delivered).toMatchObject({ checked: true, rawBody: JSON.stringify(event), trace: 'tr-1', token: TEST_CUSTOMER_TOKEN, keyIndex: 0 });
  });

  it('lets onEvent see a duplicate delivery only once (200 duplicate: true the second time)', async () => {
    const { app, seen } = setup({ store: createMemoryEventStore() });
    const event = createWebhookEvent('PAY_SUCCESS');
    expect((await deliver(app, event)).status).toBe(200);
    const again = await deliver(app, { ...event, retry: 1 });
    expect(again.status).toBe(200);
    expect(await again.json()).toStrictEqual({ ok: true, event_id: event.event_id, event_key: event.event_id, duplicate: true });
    expect(seen).toHaveLength(1);
  });

  it('runs one of several concurrent duplicates; the others get 409 so PassTo retries later', async () => {
    const gate = deferred();
    const entered = deferred();
    const { app, seen } = setup({
      store: createMemoryEventStore(),
      onEvent: async () => {
        entered.resolve();
        await gate.promise;
      },
    });
    const event = createWebhookEvent('PAY_SUCCESS');
    const first = deliver(app, event, { headers: { trace: 'first' } });
    await entered.promise;
    const others = await Promise.all([1, 2, 3].map((retry) => deliver(app, { ...event, retry }, { headers: { trace: `dup-${retry}` } })));
    for (const [i, response] of others.entries()) {
      expect(response.status).toBe(409);
      expect(await response.json()).toStrictEqual({ code: 'in_flight', msg: expect.any(String), trace: `dup-${i + 1}` });
    }
    gate.resolve();
    expect((await first).status).toBe(200);
    expect(seen).toHaveLength(1);
    const late = await deliver(app, event);
    expect(await late.json()).toMatchObject({ duplicate: true });
    expect(seen).toHaveLength(1);
  });

  it('answers 500 when onEvent throws, releases the claim, and handles the retry', async () => {
    let fail = true;
    const { app, seen, errors } = setup({
      store: createMemoryEventStore(),
      onEvent: () => {
        if (fail) throw new Error(`database down, password=${KEY}`);
      },
    });
    const event = createWebhookEvent('PAY_SUCCESS');
    const failed = await deliver(app, event, { headers: { trace: 'try-1' } });
    expect(failed.status).toBe(500);
    const text = await failed.text();
    expect(JSON.parse(text)).toStrictEqual({ code: 'handler_failed', msg: expect.any(String), trace: 'try-1' });
    expect(text).not.toContain('database');
    expect(text).not.toContain(KEY);
    expect(errors).toHaveLength(1);

    fail = false;
    const retried = await deliver(app, { ...event, retry: 1 });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ duplicate: false });
    expect(seen).toHaveLength(2);
    expect((await deliver(app, { ...event, retry: 2 })).status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it('without a store, hands every verified delivery to onEvent', async () => {
    const { app, seen } = setup();
    const event = createWebhookEvent('PAY_START');
    await deliver(app, event);
    await deliver(app, event);
    expect(seen).toHaveLength(2);
  });

  it('answers 503 when the store cannot claim, and 200 when only complete fails (the event was handled)', async () => {
    const broken: EventStore = {
      claim: () => Promise.reject(new Error('store down')),
      complete: () => Promise.resolve(),
      release: () => Promise.resolve(),
    };
    const down = setup({ store: broken });
    const response = await deliver(down.app, createWebhookEvent('PAY_START'), { headers: { trace: 'x' } });
    expect(response.status).toBe(503);
    expect(await response.json()).toStrictEqual({ code: 'store_unavailable', msg: expect.any(String), trace: 'x' });
    expect(down.seen).toHaveLength(0);

    const half: EventStore = {
      claim: async () => ({ status: 'new', token: 't' }),
      complete: () => Promise.reject(new Error('lost')),
      release: async () => {},
    };
    const flaky = setup({ store: half });
    expect((await deliver(flaky.app, createWebhookEvent('PAY_START'))).status).toBe(200);
    expect(flaky.errors).toHaveLength(1);
  });

  it('answers 401 bad_signature for forged, unsigned and garbage-signed deliveries, without calling onEvent', async () => {
    const { app, seen } = setup({ store: createMemoryEventStore() });
    const event = createWebhookEvent('PAY_SUCCESS');
    const cases = [
      createSignedWebhookRequest({ url: URL_, key: 'forger', event, headers: { trace: 't1' } }),
      createSignedWebhookRequest({ url: URL_, key: KEY, event, headers: { trace: 't1', signature: null } }),
      createSignedWebhookRequest({ url: URL_, key: KEY, event, headers: { trace: 't1', signature: 'garbage' } }),
      createSignedWebhookRequest({ url: 'http://localhost/webhooks?x', key: KEY, event, path: '/other', headers: { trace: 't1' } }),
    ];
    for (const request of cases) {
      const response = await app.request(request);
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text)).toStrictEqual({ code: 'bad_signature', msg: expect.stringMatching(/signature/), trace: 't1' });
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(TEST_CUSTOMER_TOKEN);
    }
    expect(seen).toHaveLength(0);
  });

  it('answers 400 invalid_request naming the fields for a signed but invalid body, and 413 for a large one', async () => {
    const { app, seen } = setup();
    const invalid = { ...createWebhookEvent('PAY_SUCCESS'), event_id: null };
    const response = await deliver(app, invalid, { headers: { trace: 't2' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; msg: string; trace: string };
    expect(body).toMatchObject({ code: 'invalid_request', trace: 't2' });
    expect(body.msg).toContain('event_id');

    const notJson = await deliver(app, 'not json');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: 'invalid_request' });

    const huge = 'x'.repeat(1024 * 1024 + 1);
    const tooLarge = await app.request(new Request(URL_, { method: 'POST', body: huge, headers: { signature: sign({ key: KEY, path: '/webhooks', body: '' }) } }));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: 'payload_too_large' });
    expect(seen).toHaveLength(0);
  });

  it('reads keys from the context, for secrets in c.env, and accepts a rotation list there', async () => {
    type Bindings = { Bindings: { PASSTO_KEYS: string } };
    const app = new Hono<Bindings>();
    const onEvent = vi.fn();
    app.post('/webhooks', passtoWebhook<Bindings>({ keys: (c) => c.env.PASSTO_KEYS.split(','), onEvent }));
    const env = { PASSTO_KEYS: `new-key,${KEY}` };
    const ok = await app.request(createSignedWebhookRequest({ url: URL_, key: KEY, event: createWebhookEvent('PAY_START') }), undefined, env);
    expect(ok.status).toBe(200);
    expect(onEvent.mock.calls[0]?.[0]).toMatchObject({ keyIndex: 1 });
    const forged = await app.request(createSignedWebhookRequest({ url: URL_, key: 'other', event: createWebhookEvent('PAY_START') }), undefined, env);
    expect(forged.status).toBe(401);
  });

  it('answers 500 internal_error, revealing nothing, and tells onError, when the keys function fails or returns nothing', async () => {
    for (const keys of [
      () => {
        throw new Error(`no ${KEY}`);
      },
      () => undefined as never,
    ]) {
      const errors: unknown[] = [];
      const onEvent = vi.fn();
      const app = new Hono();
      app.post('/webhooks', passtoWebhook({ keys, onEvent, onError: (error) => errors.push(error) }));
      const response = await app.request(createSignedWebhookRequest({ url: URL_, key: KEY, event: createWebhookEvent('PAY_START') }));
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ code: 'internal_error' });
      expect(text).not.toContain(KEY);
      expect(errors).toHaveLength(1);
      expect(onEvent).not.toHaveBeenCalled();
    }
  });

  it('tells onError (default: console.error) about a body another middleware already read', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const app = new Hono();
      app.use(async (c, next) => {
        await c.req.raw.text(); // a misplaced body logger
        await next();
      });
      app.post('/webhooks', passtoWebhook({ keys: KEY, onEvent: () => {} }));
      const response = await deliver(app, createWebhookEvent('PAY_START'));
      expect(response.status).toBe(500);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0])).not.toContain(KEY);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps a signed event whose data differs from the docs: remark null is checked, a missing amount arrives unchecked', async () => {
    const { app, seen, deliveries } = setup({ store: createMemoryEventStore() });
    const javaStyle = createWebhookEvent('PAY_SUCCESS', { remark: null as never });
    const response = await deliver(app, javaStyle);
    expect(response.status).toBe(200);
    expect(isWebhookEvent(seen[0])).toBe(true);
    expect(deliveries[0]).toMatchObject({ checked: true });
    expect(deliveries[0]?.issues).toBeUndefined();
    expect(seen[0]).toMatchObject({ data: { remark: null, merchant_name_decoded: '测试商户 Test Shop' } });

    const drifted = createWebhookEvent('PAY_SUCCESS');
    const { amount: _dropped, ...data } = drifted.data;
    const raw = { ...drifted, data: { ...data, extra: { nested: [1] } } };
    const kept = await deliver(app, raw);
    expect(kept.status).toBe(200);
    expect(await kept.json()).toStrictEqual({ ok: true, event_id: raw.event_id, event_key: raw.event_id, duplicate: false });
    expect(seen[1]).toStrictEqual(raw); // the envelope exactly as sent
    expect(isWebhookEvent(seen[1])).toBe(false);
    expect(deliveries[1]?.checked).toBe(false);
    expect(deliveries[1]?.issues?.map((issue) => issue.path)).toStrictEqual(['data.amount']);
    expect(deliveries[1]?.rawBody).toBe(JSON.stringify(raw));
  });

  it('keeps a signed event whose envelope drifted (type null, no platform_id), unchecked, with its issues named', async () => {
    const { app, seen, deliveries } = setup({ store: createMemoryEventStore() });
    const raw = { type: null, event_id: 'evt-drift', retry: '0', data: 'not an object' };
    const response = await deliver(app, raw);
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ ok: true, event_id: 'evt-drift', event_key: 'evt-drift', duplicate: false });
    expect(seen[0]).toStrictEqual(raw);
    expect(deliveries[0]?.checked).toBe(false);
    expect(deliveries[0]?.issues?.map((issue) => issue.path)).toContain('type');
  });

  it('hands onEvent a delivery whose checked flag matches the event: typed only when it matches the docs', async () => {
    const flags: [boolean, boolean][] = [];
    const app = new Hono();
    app.post('/webhooks', passtoWebhook({ keys: KEY, onEvent: ({ checked, event }) => void flags.push([checked, isWebhookEvent(event)]) }));
    const good = createWebhookEvent('PAY_SUCCESS');
    await deliver(app, good);
    await deliver(app, { ...good, event_id: 'evt-2', data: { ...good.data, amount: 12 } });
    await deliver(app, { ...good, event_id: 'evt-3', type: 'A_TYPE_ADDED_LATER', data: 'anything' });
    expect(flags).toStrictEqual([
      [true, true],
      [false, false],
      [true, true],
    ]);
  });

  it('answers 503 and never runs onEvent when a custom store answers claim with anything but a valid result', async () => {
    for (const answer of ['new', { status: 'new' }, { status: 'new', token: 7 }, undefined, null, { status: 'maybe' }]) {
      const store = { claim: async () => answer, complete: vi.fn(async () => {}), release: vi.fn(async () => {}) } as unknown as EventStore;
      const { app, seen, errors } = setup({ store });
      const response = await deliver(app, createWebhookEvent('PAY_SUCCESS'), { headers: { trace: 'odd' } });
      expect(response.status).toBe(503);
      expect(await response.json()).toStrictEqual({ code: 'store_unavailable', msg: expect.any(String), trace: 'odd' });
      expect(seen).toHaveLength(0);
      expect(errors).toHaveLength(1);
    }
  });

  it('passes the claim token to complete and release, so a handler whose lease expired cannot free the new owner', async () => {
    let now = 0;
    const store = createMemoryEventStore({ leaseMs: 1_000, now: () => now });
    const hungGate = deferred();
    const hungEntered = deferred();
    const secondGate = deferred();
    const secondEntered = deferred();
    let calls = 0;
    const { app, seen } = setup({
      store,
      onEvent: async () => {
        calls += 1;
        if (calls === 1) {
          hungEntered.resolve();
          await hungGate.promise;
          throw new Error('timed out at last');
        }
        secondEntered.resolve();
        await secondGate.promise;
      },
    });
    const event = createWebhookEvent('PAY_SUCCESS');
    const hung = deliver(app, event);
    await hungEntered.promise;
    now = 2_000; // the first lease expired; PassTo's retry takes over
    const retry = deliver(app, { ...event, retry: 1 });
    await secondEntered.promise;
    hungGate.resolve();
    expect((await hung).status).toBe(500); // its release must not free the retry's claim
    const third = await deliver(app, { ...event, retry: 2 });
    expect(third.status).toBe(409);
    secondGate.resolve();
    expect((await retry).status).toBe(200);
    expect(await (await deliver(app, { ...event, retry: 3 })).json()).toMatchObject({ duplicate: true });
    expect(seen).toHaveLength(2);
  });

  it('takes the store as a function of the context (a durable store built from a binding)', async () => {
    const stores = new WeakMap<object, EventStore>();
    const durable = { DB: {} };
    const seen: string[] = [];
    const errors: unknown[] = [];
    const app = new Hono<{ Bindings: { DB: object } }>();
    app.post(
      '/webhooks',
      passtoWebhook<{ Bindings: { DB: object } }>({
        keys: KEY,
        store: (c) => {
          const store = stores.get(c.env.DB) ?? createMemoryEventStore();
          stores.set(c.env.DB, store);
          return store;
        },
        onEvent: ({ event }) => {
          seen.push(String(event.event_id));
        },
        onError: (error) => errors.push(error),
      }),
    );
    const event = createWebhookEvent('PAY_START');
    const send = () => app.request(createSignedWebhookRequest({ url: URL_, key: KEY, event }), {}, durable);
    expect((await send()).status).toBe(200);
    expect(await (await send()).json()).toMatchObject({ duplicate: true });
    expect(seen).toEqual([event.event_id]);

    const broken = new Hono();
    broken.post('/webhooks', passtoWebhook({ keys: KEY, store: () => ({}) as EventStore, onEvent: () => seen.push('never'), onError: (e) => errors.push(e) }));
    expect((await broken.request(createSignedWebhookRequest({ url: URL_, key: KEY, event: createWebhookEvent('PAY_START') }))).status).toBe(503);
    expect(seen).not.toContain('never');
    expect(errors).toHaveLength(1);
  });

  it('checks its options at creation', () => {
    const onEvent = () => {};
    expect(() => passtoWebhook(undefined as never)).toThrow(TypeError);
    expect(() => passtoWebhook({ onEvent } as never)).toThrow(/keys/);
    expect(() => passtoWebhook({ keys: [], onEvent })).toThrow(RangeError);
    expect(() => passtoWebhook({ keys: KEY } as never)).toThrow(/onEvent/);
    expect(() => passtoWebhook({ keys: KEY, onEvent, store: {} as never })).toThrow(/store/);
    expect(() => passtoWebhook({ keys: KEY, onEvent, maxBodyBytes: -1 })).toThrow(/maxBodyBytes/);
    expect(() => passtoWebhook({ keys: KEY, onEvent, tolerance: 0 })).toThrow(/tolerance/);
    expect(() => passtoWebhook({ keys: KEY, onEvent })).not.toThrow();
  });
});

describe('passtoVerifyWebhook', () => {
  it('puts the verified delivery on the context and calls next, so later handlers answer', async () => {
    const app = new Hono();
    app.post('/webhooks', passtoVerifyWebhook({ keys: KEY }), (c) => {
      const delivery = c.get('passtoDelivery');
      const orderNo = delivery.checked && delivery.event.type === 'REFUND' ? delivery.event.data.order_no : undefined;
      return c.json({ mine: true, checked: delivery.checked, orderNo, issues: delivery.issues ?? null }, 202);
    });
    const event = createWebhookEvent('REFUND');
    const response = await deliver(app, event);
    expect(response.status).toBe(202);
    expect(await response.json()).toStrictEqual({ mine: true, checked: true, orderNo: event.data.order_no, issues: null });
    const drifted = await deliver(app, { ...event, data: { ...event.data, order_no: null } });
    expect(await drifted.json()).toStrictEqual({ mine: true, checked: false, issues: [{ path: 'data.order_no', message: expect.any(String) }] });
  });

  it('answers 401 itself and does not call next for a forged delivery', async () => {
    const after = vi.fn();
    const app = new Hono();
    app.post('/webhooks', passtoVerifyWebhook({ keys: KEY }), (c) => {
      after();
      return c.text('reached');
    });
    const response = await app.request(createSignedWebhookRequest({ url: URL_, key: 'forger', event: createWebhookEvent('PAY_START') }));
    expect(response.status).toBe(401);
    expect(after).not.toHaveBeenCalled();
  });

  it('takes path as a function of the context, for a proxy that rewrites paths', async () => {
    const app = new Hono();
    app.post('/internal/hook', passtoVerifyWebhook({ keys: KEY, path: (c) => c.req.header('x-original-path') ?? c.req.path }), (c) =>
      c.json({ id: c.get('passtoDelivery').event.event_id }),
    );
    const event = createWebhookEvent('PAY_START');
    const rewritten = createSignedWebhookRequest({ url: 'http://localhost/internal/hook', path: '/webhooks/passto', key: KEY, event, headers: { 'x-original-path': '/webhooks/passto' } });
    const response = await app.request(rewritten);
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ id: event.event_id });
    const unmapped = createSignedWebhookRequest({ url: 'http://localhost/internal/hook', path: '/webhooks/passto', key: KEY, event });
    expect((await app.request(unmapped)).status).toBe(401);
  });

  it('answers a refusal with respond when given, and leaves an HTTPException from keys or path to Hono', async () => {
    const app = new Hono();
    app.onError((error, c) => c.json({ from: 'app.onError', status: error instanceof HTTPException ? error.status : 0 }, 503));
    const verify = passtoVerifyWebhook({
      keys: KEY,
      path: (c) => {
        if (c.req.header('x-unconfigured')) throw new HTTPException(503, { message: 'PUBLIC_URL is not set' });
        return c.req.path;
      },
      respond: (error, c) => c.json({ from: 'respond', name: error instanceof Error ? error.name : '' }, 418 as never),
    });
    app.post('/webhooks', verify, (c) => c.text('stored'));
    const notJson = await app.request(createSignedWebhookRequest({ url: URL_, key: KEY, event: 'not json' }));
    expect(await notJson.json()).toStrictEqual({ from: 'respond', name: 'ValidationError' });
    const unconfigured = await deliver(app, createWebhookEvent('PAY_START'), { headers: { 'x-unconfigured': '1' } });
    expect(unconfigured.status).toBe(503);
    expect(await unconfigured.json()).toStrictEqual({ from: 'app.onError', status: 503 });
    expect(await (await deliver(app, createWebhookEvent('PAY_START'))).text()).toBe('stored');
  });

  it('checks its options at creation', () => {
    expect(() => passtoVerifyWebhook({} as never)).toThrow(/keys/);
    expect(() => passtoVerifyWebhook({ keys: KEY, path: 42 as never })).toThrow(/path/);
    expect(() => passtoVerifyWebhook({ keys: KEY, path: () => '/x' })).not.toThrow();
  });
});
