/**
 * The webhook event fast path (src/schemas/webhook-event-fast-path.ts) against the valibot schema
 * it stands in for: on random events derived from every documented type's sample (fields dropped,
 * retyped, added, the names valibot treats apart included), whatever the fast path takes it gives
 * the schema's exact output, keys in the same order; whatever the schema refuses it leaves to the
 * schema; and it takes every event of a documented type the schema accepts (object `data`), so no
 * accepted variant falls back to the slower schema. The samples themselves must take the fast path,
 * or it would be tested on nothing.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/index.ts';
import { fastWebhookEvent } from '../src/schemas/webhook-event-fast-path.ts';
import { WEBHOOK_EVENT_TYPES, WebhookEventSchema } from '../src/schemas/webhook-events.ts';
import { webhookEventExample } from '../src/webhook-event-samples.ts';
import { createHmac } from 'node:crypto';

// Arrays of one valid value too: a check that coerces (a regex test, `Object.hasOwn`) takes `['1']` for '1'.
const ODD_VALUES = [null, '', 1, 'x', '12.30', '-0.5', '1e3', '1.', '007', -1, 0, -0, 1.5, 2 ** 53, '123', 'abc', '%E5%95%86+A', '%zz', true, [], ['a'], {}, { a: 1 }, ['1'], [0], ['12.30'], ['PAY_SUCCESS']];
const ODD_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'merchant_name_decoded', '0', '10', 'extra', 'type', 'data'];

/**
 * Whether the fast path must answer: it leaves only an unknown type and `data` that is an array
 * to the schema, so for any other event the schema accepts, falling back would only be slower
 * (the accepted variants of each documented type, nullish and numeric fields included, must not).
 */
const mustTake = (json: unknown, accepted: boolean) => {
  const event = json as { type?: unknown; data?: unknown };
  return accepted && WEBHOOK_EVENT_TYPES.includes(event.type as never) && !Array.isArray(event.data);
};

/** The output as text with its key order, and its structure. */
const same = (fast: unknown, slow: unknown) => {
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
  expect(fast).toStrictEqual(slow);
};

function edit(target: Record<string, unknown>, names: readonly string[]) {
  return fc.array(
    fc.oneof(
      fc.record({ op: fc.constant('delete' as const), name: fc.constantFrom(...names) }),
      fc.record({ op: fc.constant('set' as const), name: fc.oneof(fc.constantFrom(...names), fc.constantFrom(...ODD_NAMES)), value: fc.constantFrom(...ODD_VALUES) }),
    ),
    { maxLength: 3 },
  ).map((edits) => {
    const entries = Object.entries(target);
    for (const e of edits) {
      const at = entries.findIndex(([k]) => k === e.name);
      if (e.op === 'delete') {
        if (at >= 0) entries.splice(at, 1);
      } else if (at >= 0) entries[at] = [e.name, e.value];
      else entries.push([e.name, e.value]);
    }
    // Object.fromEntries makes `__proto__` an own field, as JSON.parse does.
    return Object.fromEntries(entries);
  });
}

const randomEvent = fc.constantFrom(...WEBHOOK_EVENT_TYPES, 'NEW_TYPE', 'hasOwnProperty').chain((type) => {
  const sample = webhookEventExample((WEBHOOK_EVENT_TYPES.includes(type as never) ? type : 'PAY_START') as 'PAY_START') as unknown as Record<string, unknown>;
  const base: Record<string, unknown> = { ...sample, type };
  const data = base.data as Record<string, unknown>;
  return fc.tuple(edit(base, Object.keys(base)), edit(data, Object.keys(data))).map(([event, newData]) => {
    // The sample's data, unless the envelope's edits replaced or dropped it, gets the data edits.
    if (event.data === data) event.data = newData;
    return JSON.parse(JSON.stringify(event)) as unknown;
  });
});

describe('fastWebhookEvent', () => {
  it.each(WEBHOOK_EVENT_TYPES)('takes the sample %s and gives the schema output', (type) => {
    const json = JSON.parse(JSON.stringify(webhookEventExample(type)));
    const fast = fastWebhookEvent(json);
    expect(fast).toBeDefined();
    same(fast, v.parse(WebhookEventSchema, json));
  });

  it('on random events: the schema output whenever it answers, nothing the schema refuses, and every other documented event the schema accepts', () => {
    let taken = 0;
    fc.assert(
      fc.property(randomEvent, (json) => {
        const fast = fastWebhookEvent(json);
        const slow = v.safeParse(WebhookEventSchema, json);
        expect(fast === undefined && mustTake(json, slow.success)).toBe(false);
        if (fast === undefined) return;
        taken++;
        expect(slow.success).toBe(true);
        same(fast, slow.output);
      }),
      { numRuns: 10_000 },
    );
    // Many random events are well formed: the comparison above ran on a good share of them.
    expect(taken).toBeGreaterThan(1000);
  });

  it('on every field of every type set to each odd value, or dropped, one at a time: the schema output, taken whenever the schema accepts a documented event', () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const sample = webhookEventExample(type) as unknown as Record<string, unknown>;
      const data = sample.data as Record<string, unknown>;
      const variants: Record<string, unknown>[] = [];
      for (const name of [...Object.keys(data), ...ODD_NAMES]) {
        const { [name]: _dropped, ...rest } = data;
        variants.push({ ...sample, data: rest });
        for (const value of ODD_VALUES) variants.push({ ...sample, data: Object.fromEntries([...Object.entries(data), [name, value]]) });
      }
      for (const name of [...Object.keys(sample), ...ODD_NAMES]) {
        for (const value of ODD_VALUES) variants.push(Object.fromEntries([...Object.entries(sample), [name, value]]));
      }
      for (const variant of variants) {
        const json = JSON.parse(JSON.stringify(variant)) as unknown;
        const fast = fastWebhookEvent(json);
        const slow = v.safeParse(WebhookEventSchema, json);
        expect(fast === undefined && mustTake(json, slow.success), JSON.stringify(variant)).toBe(false);
        if (fast === undefined) continue;
        expect(slow.success).toBe(true);
        same(fast, slow.output);
      }
    }
  });

  it('leaves non-objects and unknown types to the schema', () => {
    const sample = webhookEventExample('PAY_SUCCESS');
    for (const json of [null, 'x', 1, [], [sample], { ...sample, type: 'NEW_TYPE' }, { ...sample, data: [] }, { ...sample, type: 'toString' }]) {
      expect(fastWebhookEvent(json)).toBeUndefined();
    }
  });
});

describe('verifyWebhook with the fast path', () => {
  const KEY = 'fast-path-key';
  const PATH = '/hooks';
  const deliver = (body: string, validateData?: boolean) =>
    verifyWebhook({ body, headers: { signature: createHmac('sha1', KEY).update(PATH).update(body).digest('base64') }, path: PATH }, { keys: KEY, validateData });

  it('returns what the schema returns, and still refuses what it refuses', async () => {
    const event = webhookEventExample('PAY_SUCCESS');
    const body = JSON.stringify({ ...event, extra: 1, data: { ...event.data, merchant_name: '%E5%95%86+A' } });
    same((await deliver(body)).event, v.parse(WebhookEventSchema, JSON.parse(body)));
    expect((await deliver(body)).event).toMatchObject({ extra: 1, data: { merchant_name_decoded: '商 A' } });
    await expect(deliver(JSON.stringify({ ...event, retry: -1 }))).rejects.toMatchObject({ name: 'ValidationError', issues: [{ path: 'retry' }] });
  });

  it('is not used with validateData: false (the envelope alone is checked, data untouched)', async () => {
    const event = webhookEventExample('PAY_SUCCESS');
    const body = JSON.stringify(event);
    const { event: unchecked } = await deliver(body, false);
    expect(unchecked).toStrictEqual(JSON.parse(body));
    expect((unchecked.data as Record<string, unknown>).merchant_name_decoded).toBeUndefined();
  });
});
