/**
 * Event identity (src/event-key.ts): vectors from test/vectors/event-keys.json, and properties
 * over generated ids: distinct ids get distinct keys, a key is always safe to store and to send,
 * and the id comes back from its key. Then the SDK's own receivers deduplicate by it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, eventKeyOf, sign, verifyWebhook } from '../src/index.ts';
import { eventIdJson, eventKeyHeader, stringEventKey } from '../src/event-key.ts';
import { passtoWebhook } from '../src/hono.ts';

const { vectors } = JSON.parse(readFileSync(new URL('./vectors/event-keys.json', import.meta.url), 'utf8')) as {
  vectors: { body: string; key: string | null; header: string | null }[];
};

/** Any UTF-16 string: every code unit, lone surrogates and NUL included. */
const anyString = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 24 }).map((units) => String.fromCharCode(...units));
/** JSON number tokens, big and small, with fractions and exponents, as a Java backend may write them. */
const numberToken = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.option(fc.nat({ max: 999 }), { nil: undefined }), fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }))
  .map(([negative, int, fraction, exponent]) => `${negative ? '-' : ''}${int}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : `e${exponent}`}`);
const idToken = fc.oneof(anyString.map((s) => JSON.stringify(s)), numberToken);
const UNSAFE = /[\u0000-\u001f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('event keys: vectors (test/vectors/event-keys.json)', () => {
  it.each(vectors)('$body', ({ body, key, header }) => {
    expect(eventKeyOf(body) ?? null).toBe(key);
    if (key !== null) expect(eventKeyHeader(key)).toBe(header);
  });
});

describe('event keys: properties', () => {
  it('two ids share a key exactly when both are the same string, or the same number token', () => {
    fc.assert(
      fc.property(idToken, idToken, (a, b) => {
        const same = a.startsWith('"') && b.startsWith('"') ? JSON.parse(a) === JSON.parse(b) : a === b;
        expect(eventKeyOf(`{"event_id":${a}}`) === eventKeyOf(`{"event_id":${b}}`)).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });

  it('near-miss pairs (one code unit apart, one digit apart) never share a key', () => {
    fc.assert(
      fc.property(anyString, fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), (s, x, y) => {
        fc.pre(x !== y);
        expect(stringEventKey(s + String.fromCharCode(x))).not.toBe(stringEventKey(s + String.fromCharCode(y)));
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n }), (n) => {
        expect(eventKeyOf(`{"event_id":${n}}`)).not.toBe(eventKeyOf(`{"event_id":${n + 1n}}`));
        expect(eventKeyOf(`{"event_id":${n}}`)).not.toBe(eventKeyOf(`{"event_id":"${n}"}`));
      }),
    );
  });

  it('a key is storable and sendable: well-formed, no control characters; its header is unreserved ASCII that decodes back', () => {
    fc.assert(
      fc.property(idToken, (token) => {
        const key = eventKeyOf(`{"event_id":${token}}`)!;
        expect(LONE_SURROGATE.test(key)).toBe(false);
        expect(UNSAFE.test(key)).toBe(false);
        const header = eventKeyHeader(key);
        expect(header).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(header)).toBe(key);
        expect(new Headers({ 'event-id': header }).get('event-id')).toBe(header);
      }),
      { numRuns: 1000 },
    );
  });

  it('the id comes back from its key in its original JSON form', () => {
    fc.assert(
      fc.property(idToken, (token) => {
        const json = eventIdJson(eventKeyOf(`{"event_id":${token}}`)!);
        if (token.startsWith('"')) expect(JSON.parse(json)).toBe(JSON.parse(token));
        else expect(json).toBe(token);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds the top-level event_id wherever it stands, as JSON.parse would, whatever surrounds it', () => {
    const member = fc.tuple(fc.string(), fc.jsonValue()).map(([name, value]) => `${JSON.stringify(name === 'event_id' ? `x${name}` : name)}:${JSON.stringify(value)}`);
    fc.assert(
      fc.property(fc.array(member), fc.array(member), fc.string({ maxLength: 8 }), (before, after, id) => {
        const space = ' \n\t\r ';
        const body = `{${space}${[...before, `"event_id"${space}:${space}${JSON.stringify(id)}`, ...after].join(`${space},`)}${space}}`;
        expect(JSON.parse(body).event_id).toBe(id);
        expect(eventKeyOf(body)).toBe(stringEventKey(id));
      }),
    );
  });
});

describe('the SDK deduplicates by the event key', () => {
  const KEY = 'event-key-test-key';
  const request = (body: string) =>
    new Request('https://platform.example/webhooks', { method: 'POST', body, headers: { signature: sign({ key: KEY, path: '/webhooks', body }) } });

  it('verifyWebhook gives the key of an id JSON.parse cannot hold', async () => {
    const delivery = await verifyWebhook(request('{"type":"PAY_START","platform_id":1,"retry":0,"event_id":9007199254740993,"data":{}}'), { keys: KEY });
    expect(delivery.event.event_id).toBe(9007199254740992); // what JSON.parse makes of it
    expect(delivery.eventKey).toBe('9007199254740993');
  });

  it('passtoWebhook handles two events whose ids one JS number would merge, and a null type', async () => {
    const seen: string[] = [];
    const app = new Hono().post(
      '/webhooks',
      passtoWebhook({ keys: KEY, store: createMemoryEventStore(), onEvent: (delivery) => void seen.push(delivery.eventKey) }),
    );
    const bodies = [
      '{"type":"PAY_START","platform_id":1,"retry":0,"event_id":9007199254740993,"data":{}}',
      '{"type":"PAY_START","platform_id":1,"retry":0,"event_id":9007199254740992,"data":{}}',
      '{"type":null,"event_id":"42"}',
      '{"type":null,"event_id":42}',
      '{"type":null,"event_id":"42"}',
    ];
    const answers = [];
    for (const body of bodies) {
      const res = await app.request(request(body));
      expect(res.status, body).toBe(200);
      answers.push(((await res.json()) as { duplicate: boolean }).duplicate);
    }
    expect(answers).toEqual([false, false, false, false, true]);
    expect(seen).toEqual(['9007199254740993', '9007199254740992', '"42"', '42']);
  });
});
