import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  isWebhookEvent,
  PayloadTooLargeError,
  SignatureError,
  sign,
  ValidationError,
  type UncheckedWebhookEvent,
  type WebhookEvent,
  verifyWebhook,
} from '../src/index.ts';
import { createSignedWebhookRequest, createWebhookEvent, TEST_CUSTOMER_TOKEN } from '../src/testing.ts';
import { rejection } from './rejection.ts';

const KEY = 'k'.repeat(100); // real keys are about 100 characters
const OLD_KEY = 'old-signature-key-0123456789';
const URL_ = 'https://shop.example/webhooks/passto';
const PATH = '/webhooks/passto';
const encoder = new TextEncoder();

/** A raw request with exactly these body bytes and headers. */
function rawRequest(body: string | Uint8Array, headers: Record<string, string>, url = URL_): Request {
  return new Request(url, { method: 'POST', headers, body: body as BodyInit });
}

describe('verifyWebhook: accepted deliveries', () => {
  it('returns the envelope, the headers, the raw body and the key index', async () => {
    const event = createWebhookEvent('PAY_SUCCESS', { amount: '12.34', order_no: 'ORD-1' });
    const request = createSignedWebhookRequest({ url: URL_, key: KEY, event, headers: { trace: 'trace-1', timestamp: '1700000000000' } });
    const delivery = await verifyWebhook(request, { keys: KEY });
    expect(delivery.event).toMatchObject({ ...event, data: { ...event.data } });
    expect(delivery.event.event_id).toBe(event.event_id);
    expect(delivery).toMatchObject({ token: TEST_CUSTOMER_TOKEN, trace: 'trace-1', timestamp: '1700000000000', keyIndex: 0 });
    expect(delivery.rawBody).toBe(JSON.stringify(event));
  });

  it('accepts both header spellings, signature and signerature', async () => {
    for (const signatureHeader of ['signature', 'signerature'] as const) {
      const request = createSignedWebhookRequest({ url: URL_, key: KEY, event: createWebhookEvent('PAY_START'), signatureHeader });
      expect(request.headers.has(signatureHeader)).toBe(true);
      await expect(verifyWebhook(request, { keys: KEY })).resolves.toMatchObject({ keyIndex: 0 });
    }
  });

  it('during a rotation, reports which key matched', async () => {
    const event = createWebhookEvent('REFUND');
    const withOld = createSignedWebhookRequest({ url: URL_, key: OLD_KEY, event });
    expect((await verifyWebhook(withOld, { keys: [KEY, OLD_KEY] })).keyIndex).toBe(1);
    const withNew = createSignedWebhookRequest({ url: URL_, key: KEY, event });
    expect((await verifyWebhook(withNew, { keys: [KEY, OLD_KEY] })).keyIndex).toBe(0);
  });

  it('verifies pretty-printed JSON over the bytes as sent, and refuses it re-serialized compactly', async () => {
    const event = createWebhookEvent('PAY_SUCCESS');
    const pretty = JSON.stringify(event, null, 2);
    const signature = sign({ key: KEY, path: PATH, body: pretty });
    const delivery = await verifyWebhook(rawRequest(pretty, { signature }), { keys: KEY });
    expect(delivery.rawBody).toBe(pretty);
    expect(delivery.event.event_id).toBe(event.event_id);
    const compact = JSON.stringify(JSON.parse(pretty));
    expect(compact).not.toBe(pretty);
    const error = await rejection(verifyWebhook(rawRequest(compact, { signature }), { keys: KEY }));
    expect(error).toBeInstanceOf(SignatureError);
    expect((error as SignatureError).reason).toBe('mismatch');
  });

  it('signs the URL path as received, without the query and without percent-decoding it', async () => {
    const body = JSON.stringify(createWebhookEvent('PAY_START'));
    const withQuery = rawRequest(body, { signature: sign({ key: KEY, path: PATH, body }) }, `${URL_}?x=1`);
    await expect(verifyWebhook(withQuery, { keys: KEY })).resolves.toBeDefined();

    const encodedUrl = 'https://shop.example/web%68ooks';
    const overEncoded = rawRequest(body, { signature: sign({ key: KEY, path: '/web%68ooks', body }) }, encodedUrl);
    await expect(verifyWebhook(overEncoded, { keys: KEY })).resolves.toBeDefined();
    const overDecoded = rawRequest(body, { signature: sign({ key: KEY, path: '/webhooks', body }) }, encodedUrl);
    await expect(verifyWebhook(overDecoded, { keys: KEY })).rejects.toBeInstanceOf(SignatureError);
  });

  it('verifies against the path option when a proxy rewrote the path', async () => {
    const event = createWebhookEvent('PAY_START');
    const request = () => createSignedWebhookRequest({ url: 'https://internal/hooks', path: '/public/webhooks', key: KEY, event });
    await expect(verifyWebhook(request(), { keys: KEY })).rejects.toBeInstanceOf(SignatureError);
    await expect(verifyWebhook(request(), { keys: KEY, path: '/public/webhooks' })).resolves.toBeDefined();
  });

  it('passes unknown types and unknown fields through untouched', async () => {
    const event = { type: 'NEW_KIND', platform_id: 7, retry: 2, event_id: 'e-1', data: { x: [1, { y: 'z' }] }, added: true };
    const delivery = await verifyWebhook(createSignedWebhookRequest({ url: URL_, key: KEY, event }), { keys: KEY });
    expect(delivery.event).toStrictEqual(event);

    const known = createWebhookEvent('PAY_SUCCESS', { future_field: { a: 1 } } as never, { envelope_extra: 'kept' });
    const parsed = await verifyWebhook(createSignedWebhookRequest({ url: URL_, key: KEY, event: known }), { keys: KEY });
    expect(parsed.event).toMatchObject({ envelope_extra: 'kept', data: { future_field: { a: 1 } } });
  });

  it('accepts every documented type as the test helper fills it, and undocumented data as any object', async () => {
    const types = ['PAY_START', 'ASSIGN_SUCCESS', 'ASSIGN_FAILED', 'GET_BARCODE_SUCCESS', 'GET_BARCODE_FAILED', 'PAY_SUCCESS', 'PAY_FAILED', 'REFUND', 'PAY_TIMEOUT', 'PAY_FINISH', 'SESSION_RENEWAL'] as const;
    for (const type of types) {
      const event = createWebhookEvent(type, { anything: 1 } as never);
      const delivery = await verifyWebhook(createSignedWebhookRequest({ url: URL_, key: KEY, event }), { keys: KEY });
      expect(delivery.event.type).toBe(type);
    }
  });

  it('keeps amounts as decimal strings and allows the empty ones the spec documents', async () => {
    const timeout = createWebhookEvent('PAY_TIMEOUT');
    expect(timeout.data.amount).toBe('');
    const delivery = await verifyWebhook(createSignedWebhookRequest({ url: URL_, key: KEY, event: timeout }), { keys: KEY });
    expect(delivery.event.type === 'PAY_TIMEOUT' && delivery.event.data.amount).toBe('');
    const failed = createWebhookEvent('PAY_FAILED');
    await expect(verifyWebhook(createSignedWebhookRequest({ url: URL_, key: KEY, event: failed }), { keys: KEY })).resolves.toBeDefined();
    const big = createWebhookEvent('PAY_SUCCESS', { amount: '12345678901234567890.123456789' });
    const parsed = await verifyWebhook(createSignedWebhookRequest({ url: URL_, key: KEY, event: big }), { keys: KEY });
    expect(parsed.event.type === 'PAY_SUCCESS' && parsed.event.data.amount).toBe('12345678901234567890.123456789');
  });

  it('accepts null for the optional data fields, as a Java or Go backend serializes them', async () => {
    const cases = [
      createWebhookEvent('PAY_SUCCESS', { remark: null } as never),
      createWebhookEvent('PAY_FAILED', { amount: null, currency: null, order_no: null, merchant_name: null, remark: null } as never),
      createWebhookEvent('REFUND', { remark: null } as never),
      createWebhookEvent('PAY_TIMEOUT', { amount: null, merchant_name: null, charge_order_no: null, remark: null } as never),
    ];
    for (const event of cases) {
      const delivery = await verifyWebhook(createSignedWebhookRequest({ url: URL_, key: KEY, event }), { keys: KEY });
      expect(delivery.event).toMatchObject({ type: event.type, data: { remark: null } });
      expect(isWebhookEvent(delivery.event)).toBe(true);
    }
  });

  it('with validateData: false checks only the envelope and types the event as unchecked', async () => {
    const drifted = { ...createWebhookEvent('PAY_SUCCESS'), data: { amount: 12.5 } };
    const request = () => createSignedWebhookRequest({ url: URL_, key: KEY, event: drifted });
    await expect(verifyWebhook(request(), { keys: KEY })).rejects.toThrow(ValidationError);
    const delivery = await verifyWebhook(request(), { keys: KEY, validateData: false });
    expectTypeOf(delivery.event).toEqualTypeOf<UncheckedWebhookEvent>();
    expectTypeOf(delivery.event.data).toBeUnknown();
    expect(delivery.event).toStrictEqual(drifted);
    expect(isWebhookEvent(delivery.event)).toBe(false);
    const checked = await verifyWebhook(createSignedWebhookRequest({ url: URL_, key: KEY, event: createWebhookEvent('REFUND') }), { keys: KEY });
    expectTypeOf(checked.event).toEqualTypeOf<WebhookEvent>();
  });

  it('percent-decodes merchant_name into merchant_name_decoded, keeping malformed names raw', async () => {
    const cases: [string, string][] = [
      [encodeURIComponent('测试商户 A+B'), '测试商户 A+B'],
      ['Caf%C3%A9+Paris', 'Café Paris'],
      ['%E4%B8', '%E4%B8'],
      ['100%', '100%'],
      ['%zz', '%zz'],
    ];
    for (const [merchant_name, expected] of cases) {
      const event = createWebhookEvent('PAY_SUCCESS', { merchant_name });
      const { event: parsed } = await verifyWebhook(createSignedWebhookRequest({ url: URL_, key: KEY, event }), { keys: KEY });
      if (parsed.type !== 'PAY_SUCCESS') throw new Error('narrowing');
      expect(parsed.data.merchant_name).toBe(merchant_name);
      expect(parsed.data.merchant_name_decoded).toBe(expected);
    }
  });
});

describe('verifyWebhook: refused deliveries', () => {
  const event = createWebhookEvent('PAY_SUCCESS');
  const body = JSON.stringify(event);
  const bodyBytes = encoder.encode(body);
  const signature = sign({ key: KEY, path: PATH, body });

  it('refuses a wrong key', async () => {
    const error = await rejection(verifyWebhook(createSignedWebhookRequest({ url: URL_, key: 'wrong', event }), { keys: [KEY, OLD_KEY] }));
    expect(error).toBeInstanceOf(SignatureError);
    expect((error as SignatureError).reason).toBe('mismatch');
  });

  it('refuses missing and empty signature headers as missing', async () => {
    for (const headers of [{}, { signature: '' }, { signerature: '' }] as Record<string, string>[]) {
      const error = await rejection(verifyWebhook(rawRequest(body, headers), { keys: KEY }));
      expect(error).toBeInstanceOf(SignatureError);
      expect((error as SignatureError).reason).toBe('missing');
    }
  });

  it('refuses garbage signature headers as malformed', async () => {
    const garbage = [
      'garbage',
      signature.slice(0, -1),
      `${signature}AAAA`,
      signature.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''),
      `${signature.slice(0, 10)} ${signature.slice(11)}`,
      'A'.repeat(28),
      '===========================',
      `${signature.slice(0, 26)}B=`, // non-canonical padding bits
      '\u00e9'.repeat(28),
    ];
    for (const value of garbage) {
      const headers = new Headers();
      try {
        headers.set('signature', value);
      } catch {
        continue; // not even a valid header value
      }
      const error = await rejection(verifyWebhook(new Request(URL_, { method: 'POST', headers, body }), { keys: KEY }));
      expect(error, value).toBeInstanceOf(SignatureError);
      expect(['malformed', 'mismatch'], value).toContain((error as SignatureError).reason);
    }
  });

  it('refuses every single-byte change of the body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bodyBytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (index, delta) => {
        const changed = bodyBytes.slice();
        changed[index] = (changed[index]! + delta) & 255;
        const error = await rejection(verifyWebhook(rawRequest(changed, { signature }), { keys: [OLD_KEY, KEY] }));
        expect(error).toBeInstanceOf(SignatureError);
        expect((error as SignatureError).reason).toBe('mismatch');
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every single-character change of the signed path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: PATH.length - 1 }), fc.integer({ min: 1, max: 0xffff }), async (index, delta) => {
        const code = (PATH.charCodeAt(index) + delta) % 0x10000;
        const path = PATH.slice(0, index) + String.fromCharCode(code) + PATH.slice(index + 1);
        const error = await rejection(verifyWebhook(rawRequest(body, { signature }), { keys: KEY, path }));
        // A path that is no longer a path alone (no leading "/", a "?" or "#") is the caller's mistake.
        expect(error).toBeInstanceOf(/^\/[^?#]*$/.test(path) ? SignatureError : RangeError);
      }),
      { numRuns: 300 },
    );
    // And through the URL itself: each letter of the path changed.
    for (let i = 1; i < PATH.length; i++) {
      if (PATH[i] === '/') continue;
      const changed = `${PATH.slice(0, i)}${PATH[i] === 'x' ? 'y' : 'x'}${PATH.slice(i + 1)}`;
      const error = await rejection(verifyWebhook(rawRequest(body, { signature }, `https://shop.example${changed}`), { keys: KEY }));
      expect(error, changed).toBeInstanceOf(SignatureError);
    }
  });

  it('refuses every single-character change of the signature (all positions, all base64 characters)', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_';
    let refused = 0;
    for (let i = 0; i < signature.length; i++) {
      for (const c of alphabet) {
        if (c === signature[i]) continue;
        const changed = signature.slice(0, i) + c + signature.slice(i + 1);
        const error = await rejection(verifyWebhook(rawRequest(body, { signature: changed }), { keys: KEY }));
        expect(error, changed).toBeInstanceOf(SignatureError);
        refused++;
      }
    }
    expect(refused).toBe(signature.length * (alphabet.length - 1));
    // Property: any random single byte of the header value.
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: signature.length - 1 }), fc.integer({ min: 0x21, max: 0x7e }), async (index, code) => {
        fc.pre(code !== signature.charCodeAt(index));
        const changed = signature.slice(0, index) + String.fromCharCode(code) + signature.slice(index + 1);
        await expect(verifyWebhook(rawRequest(body, { signature: changed }), { keys: KEY })).rejects.toBeInstanceOf(SignatureError);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a correctly signed body that is not JSON, empty, or not UTF-8, with a ValidationError', async () => {
    const bodies: (string | Uint8Array)[] = ['not json', '', '{"type":', new Uint8Array([0x7b, 0xff, 0x7d]), '\ufeff\ufeff{}'];
    for (const raw of bodies) {
      const request = rawRequest(raw, { signature: sign({ key: KEY, path: PATH, body: raw }) });
      const error = await rejection(verifyWebhook(request, { keys: KEY }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('');
    }
  });

  it('refuses a signed body that is not a valid envelope, naming the fields and not their values', async () => {
    const cases: [unknown, string[]][] = [
      ['x', ['']],
      [null, ['']],
      [{ ...event, event_id: undefined }, ['event_id']],
      [{ ...event, event_id: null }, ['event_id']],
      [{ ...event, event_id: { id: 1 } }, ['event_id']],
      [{ ...event, retry: -1 }, ['retry']],
      [{ ...event, type: 42 }, ['type']],
      [{ ...event, data: { ...event.data, amount: 12.5 } }, ['data.amount']],
      [{ ...event, data: { ...event.data, amount: '1e3' } }, ['data.amount']],
      [{ ...event, data: { ...event.data, token: 123456789 } }, ['data.token']],
      [{ ...event, type: 'SESSION_RENEWAL', data: {} }, ['data.token', 'data.timestamp']],
      [{ ...event, type: 'PAY_START', data: 'x' }, ['data']],
    ];
    for (const [json, paths] of cases) {
      const text = JSON.stringify(json);
      const request = rawRequest(text, { signature: sign({ key: KEY, path: PATH, body: text }), trace: 't-9' });
      const error = await rejection(verifyWebhook(request, { keys: KEY }));
      expect(error, text).toBeInstanceOf(ValidationError);
      const validation = error as ValidationError;
      expect(validation.issues.map((issue) => issue.path).sort()).toStrictEqual(paths.sort());
      expect(validation.trace).toBe('t-9');
      expect(validation.message).not.toContain('123456789');
      expect(validation.message).not.toContain(TEST_CUSTOMER_TOKEN);
    }
  });

  it('refuses a body above the limit, from Content-Length or while reading', async () => {
    const large = JSON.stringify(createWebhookEvent('PAY_START', { pad: 'x'.repeat(2000) } as never));
    const signed = sign({ key: KEY, path: PATH, body: large });
    const error = await rejection(verifyWebhook(rawRequest(large, { signature: signed }), { keys: KEY, maxBodyBytes: 1000 }));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as PayloadTooLargeError).limit).toBe(1000);
    await expect(verifyWebhook(rawRequest(large, { signature: signed }), { keys: KEY, maxBodyBytes: large.length })).resolves.toBeDefined();

    // Content-Length alone is enough to refuse, before any byte is read.
    const declared = rawRequest('{}', { signature: signed, 'content-length': String(2 * 1024 * 1024) });
    await expect(verifyWebhook(declared, { keys: KEY })).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('stops reading an endless body as soon as it passes the default 1 MiB limit', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const request = new Request(URL_, { method: 'POST', headers: { signature }, body: endless, duplex: 'half' } as RequestInit);
    await expect(verifyWebhook(request, { keys: KEY })).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(pulled).toBeGreaterThan(1024 * 1024);
    expect(pulled).toBeLessThan(1024 * 1024 + 4 * chunk.length);
  });

  it('accepts a body of exactly 1 MiB by default', async () => {
    const base = JSON.stringify(createWebhookEvent('PAY_START', { pad: '' } as never));
    const padded = base.replace('"pad":""', `"pad":"${'x'.repeat(1024 * 1024 - base.length)}"`);
    expect(encoder.encode(padded).length).toBe(1024 * 1024);
    const request = rawRequest(padded, { signature: sign({ key: KEY, path: PATH, body: padded }) });
    await expect(verifyWebhook(request, { keys: KEY })).resolves.toBeDefined();
  });

  it('never puts the key or the customer_token in an error', async () => {
    const errors = [
      await rejection(verifyWebhook(createSignedWebhookRequest({ url: URL_, key: 'wrong', event }), { keys: KEY })),
      await rejection(verifyWebhook(rawRequest(body, {}), { keys: KEY })),
      await rejection(verifyWebhook(rawRequest('nope', { signature: sign({ key: KEY, path: PATH, body: 'nope' }), token: TEST_CUSTOMER_TOKEN }), { keys: KEY })),
      await rejection(verifyWebhook(rawRequest(body, { signature }), { keys: KEY, maxBodyBytes: 10 })),
    ];
    for (const error of errors) {
      const text = `${String(error)} ${JSON.stringify(error)} ${JSON.stringify(Object.entries(error as object))}`;
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(TEST_CUSTOMER_TOKEN);
    }
  });
});

describe('verifyWebhook: options', () => {
  const event = createWebhookEvent('PAY_SUCCESS');
  const request = (timestamp: string | null) => createSignedWebhookRequest({ url: URL_, key: KEY, event, headers: { timestamp } });

  it('ignores the unsigned timestamp unless tolerance is set', async () => {
    await expect(verifyWebhook(request('1'), { keys: KEY })).resolves.toBeDefined();
    await expect(verifyWebhook(request(null), { keys: KEY })).resolves.toBeDefined();
  });

  it('with tolerance, refuses an old, future, missing or garbage timestamp', async () => {
    const tolerance = 5 * 60_000;
    await expect(verifyWebhook(request(String(Date.now() - 60_000)), { keys: KEY, tolerance })).resolves.toBeDefined();
    for (const timestamp of [String(Date.now() - 10 * 60_000), String(Date.now() + 10 * 60_000), null, 'soon', '-5', '1e12']) {
      const error = await rejection(verifyWebhook(request(timestamp), { keys: KEY, tolerance }));
      expect(error, String(timestamp)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('timestamp');
    }
  });

  it('checks the signature before the timestamp', async () => {
    const forged = createSignedWebhookRequest({ url: URL_, key: 'wrong', event, headers: { timestamp: '1' } });
    await expect(verifyWebhook(forged, { keys: KEY, tolerance: 1000 })).rejects.toBeInstanceOf(SignatureError);
  });

  it('refuses bad options with a TypeError or RangeError naming them', async () => {
    const bad: [unknown, ErrorConstructor, RegExp][] = [
      [{}, TypeError, /keys/],
      [{ keys: [] }, RangeError, /keys/],
      [{ keys: [''] }, RangeError, /keys/],
      [{ keys: [KEY, 5] }, RangeError, /keys/],
      [{ keys: KEY, tolerance: -1 }, RangeError, /tolerance/],
      [{ keys: KEY, maxBodyBytes: 0 }, RangeError, /maxBodyBytes/],
      [{ keys: KEY, path: 5 }, TypeError, /path/],
    ];
    for (const [options, type, message] of bad) {
      const error = await rejection(verifyWebhook(request(null), options as never));
      expect(error).toBeInstanceOf(type);
      expect(String(error)).toMatch(message);
      expect(String(error)).not.toContain(KEY);
    }
  });
});

describe('WebhookEvent type', () => {
  it('narrows on switch (event.type), with a default branch for unknown types', () => {
    const describeEvent = (event: WebhookEvent): string => {
      switch (event.type) {
        case 'PAY_SUCCESS':
          return `paid ${event.data.amount} ${event.data.merchant_name_decoded}`;
        case 'REFUND':
          return `refund ${event.data.charge_order_no}`;
        case 'SESSION_RENEWAL':
          return `renewed ${String(event.data.timestamp)}`;
        case 'PAY_START':
          return `start ${Object.keys(event.data).length}`;
        default:
          return `other ${String(event.type)}`;
      }
    };
    const unknown = { type: 'NEW', platform_id: 'p', retry: 0, event_id: 'e' } as unknown as WebhookEvent;
    expect(describeEvent(unknown)).toBe('other NEW');
  });
});
