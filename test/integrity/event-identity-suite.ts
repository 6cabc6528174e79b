/**
 * Event identity on the gateway, written once and run on workerd (real local D1) and on the Node,
 * Deno and Bun adapters (SQLite): distinct ids never merge, any signed object with an event_id is
 * stored as sent, every stored event can be forwarded whatever its id, and the API gives the id
 * back in its original JSON form. Requests are signed with node:crypto (test/worker/signed.ts);
 * expected keys and header values are computed here independently of src/event-key.ts.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Backend } from '../worker/backend.ts';
import { until } from '../worker/poll.ts';
import { bearer, webhookDelivery } from '../worker/signed.ts';

/** A gateway under test, forwarding to `backend()` with FORWARD_SIGNATURE_KEY set. */
export interface IdentityTarget {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  backend(): Backend;
}

/** A signed delivery whose event_id is the JSON token `idToken`, exactly as written. */
export function deliveryWithId(idToken: string, extra = '', options: { trace?: boolean } = {}): RequestInit & { body: string } {
  const body = `{"type":"PAY_START","platform_id":"sandbox-plat","retry":0,"event_id":${idToken}${extra},"data":{}}`;
  const init = webhookDelivery({}, { body });
  if (options.trace === false) delete (init.headers as Record<string, string>).trace;
  return { ...init, body };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The key a JSON token must get (the documented rule, restated independently). */
export function expectedKey(idToken: string): string {
  if (!idToken.startsWith('"')) return idToken; // a number: its token as written
  const id = JSON.parse(idToken) as string;
  const unsafe = /[\u0000-\u001f]/.test(id) || LONE_SURROGATE.test(id);
  const numberLike = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(id);
  return id === '' || id.startsWith('"') || numberLike || unsafe ? JSON.stringify(id) : id;
}

/** RFC 3986 percent-encoding of the key's UTF-8 bytes, everything but unreserved characters. */
export function expectedHeader(key: string): string {
  return [...new TextEncoder().encode(key)]
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

async function getEvent(target: IdentityTarget, key: string): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const res = await target.fetch(`/v1/events/${encodeURIComponent(key)}`, { headers: bearer() });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

/** Pairs of ids that `String(Number(id))` (or a JS number) merged into one; each must stay two events. */
const COLLIDING = [
  ['9007199254740993', '9007199254740992'],
  ['1234567890123456789', '1234567890123456790'],
  ['1.0', '1'],
  ['-0', '0'],
  ['42', '"42"'],
  ['1e21', '1000000000000000000000'],
  ['"id-\\ud800"', '"id-\\udbff"'],
] as const;

/** Defines the suite's tests against `target`. */
export function eventIdentitySuite(target: IdentityTarget): void {
  it('stores distinct ids as distinct events, each once, and shows each id as sent', async () => {
    for (const [a, b] of COLLIDING) {
      for (const token of [a, b]) {
        const res = await target.fetch('/v1/webhooks', deliveryWithId(token));
        expect(res.status, token).toBe(200);
        const ack = await res.text();
        expect(JSON.parse(ack), token).toMatchObject({ code: 0, event_key: expectedKey(token), duplicate: false });
        expect(ack, 'the ack gives the id in its original JSON form').toContain(`"event_id":${token}`);
      }
      const again = await target.fetch('/v1/webhooks', deliveryWithId(a));
      expect(await again.json(), `${a} again`).toMatchObject({ duplicate: true });
      for (const token of [a, b]) {
        const stored = await getEvent(target, expectedKey(token));
        expect(stored.status, token).toBe(200);
        expect(stored.text).toContain(`"event_id":${token}`);
        expect(stored.json.event_key).toBe(expectedKey(token));
        expect(stored.json.payload).toBe(deliveryWithId(token).body);
      }
    }
    // "A" and "\u0041" are one id: the same code units.
    const name = `evt-${randomUUID()}`;
    expect(await (await target.fetch('/v1/webhooks', deliveryWithId(`"${name}A"`))).json()).toMatchObject({ duplicate: false });
    expect(await (await target.fetch('/v1/webhooks', deliveryWithId(`"${name}\\u0041"`))).json()).toMatchObject({ duplicate: true });
  });

  it('stores any signed object with an event_id as sent: a null, object or boolean type, no type, a BOM', async () => {
    const cases = [
      { extra: ',"type":null', type: 'null' },
      { extra: ',"type":{"name":"PAY_SUCCESS"}', type: '{"name":"PAY_SUCCESS"}' },
      { extra: ',"type":true', type: 'true' },
    ];
    for (const { extra, type } of cases) {
      const id = `"evt-${randomUUID()}"`;
      // A later member wins in JSON, so `extra` overrides the PAY_START type.
      const res = await target.fetch('/v1/webhooks', deliveryWithId(id, extra));
      expect(res.status, extra).toBe(200);
      const stored = await getEvent(target, expectedKey(id));
      expect(stored.json.type, extra).toBe(type);
      expect(stored.json.payload).toBe(deliveryWithId(id, extra).body);
    }
    const untyped = `{"event_id":"evt-${randomUUID()}"}`;
    const bare = webhookDelivery({}, { body: untyped });
    expect((await target.fetch('/v1/webhooks', bare)).status).toBe(200);
    expect((await getEvent(target, expectedKey(untyped.slice(12, -1)))).json).toMatchObject({ type: '', payload: untyped });

    const bomId = `"evt-${randomUUID()}"`;
    const bom = `\ufeff${deliveryWithId(bomId).body}`;
    expect((await target.fetch('/v1/webhooks', webhookDelivery({}, { body: bom }))).status, 'a BOM before the JSON').toBe(200);
    expect((await getEvent(target, expectedKey(bomId))).json.payload).toBe(bom);
  });

  it('refuses only bodies without a usable event_id, and says why', async () => {
    for (const body of ['{}', '{"event_id":null}', '{"event_id":{"a":1}}', '[{"event_id":"x"}]', 'not json']) {
      const res = await target.fetch('/v1/webhooks', webhookDelivery({}, { body }));
      expect(res.status, body).toBe(400);
      expect(await res.json(), body).toMatchObject({ code: 'invalid_request' });
    }
  });

  it('generated ids (numbers at and past 2^53, exponents, any code unit) are each stored once and read back by key', async () => {
    const digits = fc.bigInt({ min: 2n ** 53n - 3n, max: 2n ** 64n });
    const tokens = fc.sample(
      fc.oneof(
        digits.map(String),
        fc.tuple(digits, fc.integer({ min: -5, max: 25 })).map(([n, e]) => `${n}e${e}`),
        fc.tuple(digits, fc.nat({ max: 99 })).map(([n, f]) => `${n}.${f}`),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 12 }).map((u) => JSON.stringify(`g-${String.fromCharCode(...u)}`)),
      ),
      { numRuns: 60, seed: Date.now() },
    );
    const suffix = randomUUID().slice(0, 8);
    // Unique across runs on one database: strings get a random suffix, numbers a random exponent-free tail.
    const unique = [...new Set(tokens.map((t) => (t.startsWith('"') ? `${t.slice(0, -1)}${suffix}"` : `${t.split(/[.e]/)[0]}${suffix.replace(/\D/g, '1')}${t.slice(t.split(/[.e]/)[0]!.length)}`)))];
    const keys = new Map(unique.map((t) => [expectedKey(t), t]));
    expect(keys.size, 'the generator made distinct ids').toBe(unique.length);
    for (const token of unique) {
      const res = await target.fetch('/v1/webhooks', deliveryWithId(token));
      expect(await res.json(), token).toMatchObject({ duplicate: false, event_key: expectedKey(token) });
    }
    for (const [key, token] of keys) {
      const stored = await getEvent(target, key);
      expect(stored.json.payload, token).toBe(deliveryWithId(token).body);
    }
  });

  it('forwards every stored event whatever its id: the event-id header carries the key percent-encoded', async () => {
    const backend = target.backend();
    const tokens = ['"é-1"', '"订单-2"', '"em—dash"', '"😀-3"', '"tab\\there"', '"nul\\u0000here"', '"lone\\udc00"', '"100%"', `"it's(*)!"`, '77'];
    const suffix = randomUUID();
    for (const [i, t] of tokens.entries()) {
      const token = t === '77' ? `77${Date.now()}` : `${t.slice(0, -1)}-${suffix}"`;
      const key = expectedKey(token);
      // No trace header on half of them: the trace then falls back to something header-safe too.
      expect((await target.fetch('/v1/webhooks', deliveryWithId(token, '', { trace: i % 2 === 0 }))).status, token).toBe(200);
      const event = await until(
        () => getEvent(target, key),
        (e) => e.json.status === 'delivered' || e.json.status === 'failed',
        10_000,
      );
      expect(event.json, token).toMatchObject({ status: 'delivered', last_error: null });
      const sent = backend.received.find((r) => r.headers['event-id'] === expectedHeader(key));
      expect(sent, `a forward of ${token} with event-id ${expectedHeader(key)}`).toBeDefined();
      expect(decodeURIComponent(sent!.headers['event-id'] as string)).toBe(key);
      expect(sent!.body, 'the signed body carries the id unchanged').toBe(deliveryWithId(token, '', { trace: i % 2 === 0 }).body);
    }
  });
}
