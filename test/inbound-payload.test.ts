/**
 * The payload form of inbound verification (`{ body, headers, path }`, as Express, Fastify and
 * `node:http` hand a request over): the same outcome as the Request form on the same bytes,
 * signatures made with node:crypto, header objects in any case, repeated fields (RFC 9110,
 * section 5.3), and the refusals of a malformed payload.
 */
import { createHmac } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditLimitResponse, PayloadTooLargeError, SignatureError, ValidationError, verifyCreditLimitRequest, verifyWebhook } from '../src/index.ts';
import type { InboundPayload } from '../src/inbound.ts';
import { createWebhookEvent } from '../src/testing.ts';
import vectors from './vectors/conformance.json' with { type: 'json' };
import { rejection } from './rejection.ts';

const w = vectors.webhook;
const KEY = 'payload-form-key';
const PATH = '/webhooks/passto';
const encoder = new TextEncoder();

const hmac = (key: string, path: string, body: string | Uint8Array) => createHmac('sha1', key).update(path).update(body).digest('base64');

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    const { header: _, ...result } = (await promise) as Record<string, unknown>;
    return { ok: result };
  } catch (error) {
    return { error: JSON.parse(JSON.stringify(error)), name: (error as Error).name, message: (error as Error).message };
  }
}

/** A delivery of `body` signed over PATH with KEY, as a payload with these extra headers. */
function payload(body: string | Uint8Array, headers: Record<string, string | string[] | undefined> = {}, key = KEY): InboundPayload {
  return { body, headers: { signature: hmac(key, PATH, body), token: 'tok-1', trace: 'tr-1', timestamp: '1700000000000', ...headers }, path: PATH };
}

describe('verifyWebhook({ body, headers, path })', () => {
  it('verifies the conformance vector (node:crypto), from bytes, text, a Buffer or Headers, in any case of header names', async () => {
    expect(hmac(w.key, w.path, w.body)).toBe(w.signature);
    const bodies = [w.body, encoder.encode(w.body), Buffer.from(w.body)];
    const headerSets = [
      { signature: w.signature, token: 'sess-token', trace: 'delivery-1', timestamp: '1777777788000' },
      { Signature: w.signature, TOKEN: 'sess-token', Trace: 'delivery-1', timeStamp: '1777777788000', other: undefined },
      new Headers({ signature: w.signature, token: 'sess-token', trace: 'delivery-1', timestamp: '1777777788000' }),
    ];
    for (const body of bodies) {
      for (const headers of headerSets) {
        const d = await verifyWebhook({ body, headers, path: w.path }, { keys: w.key });
        expect(d.event).toMatchObject({ type: 'PAY_SUCCESS', event_id: 'evt_20260501_000001' });
        expect(d).toMatchObject({ rawBody: w.body, eventKey: 'evt_20260501_000001', keyIndex: 0, trace: 'delivery-1', token: 'sess-token', timestamp: '1777777788000' });
      }
    }
  });

  it('accepts the signerature spelling, prefers signature, and reports the key of a rotation', async () => {
    const body = JSON.stringify(createWebhookEvent('PAY_START'));
    const good = hmac(KEY, PATH, body);
    const misspelt = await verifyWebhook({ body, headers: { signerature: good }, path: PATH }, { keys: ['old', KEY] });
    expect(misspelt.keyIndex).toBe(1);
    const both = { body, headers: { signature: good, signerature: hmac('wrong', PATH, body) }, path: PATH };
    await expect(verifyWebhook(both, { keys: KEY })).resolves.toMatchObject({ keyIndex: 0 });
  });

  it('gives the same outcome as the Request form on the same bytes, headers and path', async () => {
    const event = JSON.stringify(createWebhookEvent('PAY_SUCCESS'));
    const bodyArb = fc.oneof(fc.constant(event), fc.string(), fc.constant(`\ufeff${event}`), fc.uint8Array({ maxLength: 40 }));
    const pathArb = fc.constantFrom(PATH, '/webhooks/passto2', '/a%20b', '/');
    const signatureArb = fc.option(fc.constantFrom('good', 'wrong-key', 'garbage', ''), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        bodyArb,
        pathArb,
        signatureArb,
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        async (body, path, how, validateData, maxBodyBytes) => {
          const bytes = typeof body === 'string' ? encoder.encode(body) : body;
          const signature =
            how === 'good' ? hmac(KEY, PATH, bytes) : how === 'wrong-key' ? hmac('another-key', PATH, bytes) : how === 'garbage' ? 'not base64!' : how;
          const headers: Record<string, string> = { token: 'tok', trace: 'tr' };
          if (signature !== undefined) headers.signature = signature;
          const options = { keys: ['old', KEY], validateData, maxBodyBytes };
          const request = new Request(`https://shop.example${path}?q=1`, { method: 'POST', headers, body: bytes as BodyInit });
          const fromRequest = await outcome(verifyWebhook(request, options));
          const fromPayload = await outcome(verifyWebhook({ body, headers, path }, options));
          expect(fromPayload).toEqual(fromRequest);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a tampered body, another path, a wrong key, a missing or malformed signature, as the Request form does', async () => {
    const body = JSON.stringify(createWebhookEvent('REFUND'));
    const cases: [InboundPayload, string][] = [
      [{ ...payload(body), body: body.replace('REFUND', 'REFUNE') }, 'mismatch'],
      [{ ...payload(body), path: `${PATH}2` }, 'mismatch'],
      [payload(body, {}, 'wrong-key'), 'mismatch'],
      [payload(body, { signature: undefined }), 'missing'],
      [payload(body, { signature: [] }), 'missing'],
      [payload(body, { signature: '' }), 'missing'],
      [payload(body, { signature: 'abc' }), 'malformed'],
    ];
    for (const [input, reason] of cases) {
      const error = await rejection(verifyWebhook(input, { keys: KEY }));
      expect(error, reason).toBeInstanceOf(SignatureError);
      expect(error).toMatchObject({ reason, trace: 'tr-1' });
    }
  });

  it('refuses a signature field sent twice (RFC 9110, section 5.3: not a list), even with the same value twice', async () => {
    const body = JSON.stringify(createWebhookEvent('REFUND'));
    const good = hmac(KEY, PATH, body);
    await expect(verifyWebhook(payload(body, { signature: [good] }), { keys: KEY })).resolves.toMatchObject({ keyIndex: 0 });
    for (const headers of [{ signature: [good, good] }, { signature: good, Signature: good }, { signature: [good, hmac('wrong', PATH, body)] }]) {
      const error = await rejection(verifyWebhook(payload(body, headers), { keys: KEY }));
      expect(error, JSON.stringify(headers)).toMatchObject({ name: 'SignatureError', reason: 'malformed' });
    }
    // Headers combines repeated lines the same way: the Request form refuses them too.
    const repeated = new Headers([
      ['signature', good],
      ['signature', good],
    ]);
    await expect(verifyWebhook(new Request(`https://x${PATH}`, { method: 'POST', body, headers: repeated }), { keys: KEY })).rejects.toMatchObject({
      reason: 'malformed',
    });
  });

  it('combines a repeated list field with ", " as Headers does (the trace)', async () => {
    const body = JSON.stringify(createWebhookEvent('REFUND'));
    const d = await verifyWebhook(payload(body, { trace: ['a', 'b'], Trace: 'c' }), { keys: KEY });
    expect(d.trace).toBe('a, b, c');
  });

  it('applies maxBodyBytes to the UTF-8 bytes, after the signature header and before the HMAC', async () => {
    const body = JSON.stringify(createWebhookEvent('PAY_SUCCESS', { remark: '信用'.repeat(10) }));
    const size = encoder.encode(body).length;
    expect(size).toBeGreaterThan(body.length);
    await expect(verifyWebhook(payload(body), { keys: KEY, maxBodyBytes: size })).resolves.toBeDefined();
    const error = await rejection(verifyWebhook(payload(body), { keys: KEY, maxBodyBytes: size - 1 }));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ limit: size - 1, trace: 'tr-1' });
    await expect(verifyWebhook(payload(encoder.encode(body)), { keys: KEY, maxBodyBytes: size - 1 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    // No signature: refused as such, whatever the size.
    await expect(verifyWebhook(payload(body, { signature: undefined }), { keys: KEY, maxBodyBytes: 1 })).rejects.toBeInstanceOf(SignatureError);
  });

  it('checks the timestamp window and the envelope as the Request form does', async () => {
    const body = JSON.stringify(createWebhookEvent('REFUND'));
    await expect(verifyWebhook(payload(body, { timestamp: String(Date.now()) }), { keys: KEY, tolerance: 60_000 })).resolves.toBeDefined();
    const old = await rejection(verifyWebhook(payload(body, { timestamp: '1000' }), { keys: KEY, tolerance: 60_000 }));
    expect(old).toBeInstanceOf(ValidationError);
    expect((old as ValidationError).issues[0]?.path).toBe('timestamp');
    const drifted = '{"type":null,"event_id":7}';
    await expect(verifyWebhook(payload(drifted), { keys: KEY })).rejects.toBeInstanceOf(ValidationError);
    const kept = await verifyWebhook(payload(drifted), { keys: KEY, validateData: false });
    expect(kept).toMatchObject({ eventKey: '7', rawBody: drifted });
  });

  it('refuses a path with a query string or fragment, without a leading "/", or not a string', async () => {
    const body = '{}';
    for (const path of [`${PATH}?a=1`, `${PATH}#x`, '?', 'webhooks/passto', 'https://shop.example/webhooks/passto', '']) {
      const error = await rejection(verifyWebhook({ ...payload(body), path }, { keys: KEY }));
      expect(error, path).toBeInstanceOf(RangeError);
      expect(error.message).toBe('verifyWebhook: path must be the signed path alone, starting with "/", without query string or fragment');
    }
    for (const path of [undefined, 7, null]) {
      const error = await rejection(verifyWebhook({ ...payload(body), path } as never, { keys: KEY }));
      expect(error).toEqual(new TypeError('verifyWebhook: path must be a string'));
    }
    // The same rule holds for the Request form's path option.
    await expect(verifyWebhook(new Request('https://x/y', { method: 'POST', body }), { keys: KEY, path: '/y?z' })).rejects.toBeInstanceOf(RangeError);
  });

  it('refuses a body that is not bytes or text, headers that are not an object, and options.path', async () => {
    const good = payload('{}');
    const bad: [unknown, string][] = [
      [{ ...good, body: { a: 1 } }, 'verifyWebhook: body must be the raw body, a Uint8Array or a string'],
      [{ ...good, body: undefined }, 'verifyWebhook: body must be the raw body, a Uint8Array or a string'],
      [{ ...good, body: new ArrayBuffer(2) }, 'verifyWebhook: body must be the raw body, a Uint8Array or a string'],
      [{ ...good, headers: null }, 'verifyWebhook: headers must be an object or a Headers'],
      [{ ...good, headers: 'signature: x' }, 'verifyWebhook: headers must be an object or a Headers'],
      [{ ...good, headers: { ...good.headers, trace: 7 } }, 'verifyWebhook: headers: the trace field must be a string or an array of strings'],
      [{ ...good, headers: { ...good.headers, trace: [null] } }, 'verifyWebhook: headers: the trace field must be a string or an array of strings'],
      [undefined, 'verifyWebhook: body must be the raw body, a Uint8Array or a string'],
    ];
    // A Uint8Array of another realm (a vm context, a test environment) is bytes all the same; a view of other elements is not.
    const foreign = runInNewContext('new Uint8Array(bytes)', { bytes: [...encoder.encode('xx{}xx')] }) as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    const sub = foreign.subarray(2, 4);
    await expect(verifyWebhook({ ...payload('{}'), body: sub }, { keys: KEY, validateData: false })).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(verifyWebhook({ ...payload('{"event_id":1}'), body: runInNewContext('new Uint8Array(b)', { b: [...encoder.encode('{"event_id":1}')] }) }, { keys: KEY, validateData: false })).resolves.toMatchObject({ eventKey: '1' });
    bad.push([{ ...good, body: new Uint16Array(2) }, 'verifyWebhook: body must be the raw body, a Uint8Array or a string']);
    bad.push([{ ...good, body: new DataView(new ArrayBuffer(2)) }, 'verifyWebhook: body must be the raw body, a Uint8Array or a string']);
    for (const [input, message] of bad) expect(await rejection(verifyWebhook(input as InboundPayload, { keys: KEY }))).toEqual(new TypeError(message));
    const withPath = await rejection(verifyWebhook(good, { keys: KEY, path: PATH }));
    expect(withPath).toEqual(new TypeError('verifyWebhook: the payload carries the signed path; options.path is for a Request'));
    // Keys and options are checked first, as in the Request form.
    await expect(verifyWebhook({ ...good, body: 1 } as never, { keys: [] })).rejects.toThrow(RangeError);
    await expect(verifyWebhook(good, { keys: KEY, tolerance: -1 })).rejects.toEqual(new RangeError('verifyWebhook: tolerance must be a positive number of milliseconds'));
    for (const input of [good, new Request(`https://x${PATH}`, { method: 'POST', body: '{}' })]) {
      await expect(verifyWebhook(input, undefined as never)).rejects.toEqual(new TypeError('verifyWebhook: keys must be a string or an array of strings'));
    }
  });

  it('takes an object with a url but plain headers (a Node request carrying its raw body) for a payload, not a Request', async () => {
    const body = JSON.stringify(createWebhookEvent('REFUND'));
    const nodeLike = { ...payload(body), url: `${PATH}?x=1` };
    await expect(verifyWebhook(nodeLike, { keys: KEY })).resolves.toMatchObject({ rawBody: body, trace: 'tr-1' });
    const noHeaders = { body, path: PATH, url: PATH };
    expect(await rejection(verifyWebhook(noHeaders as never, { keys: KEY }))).toEqual(new TypeError('verifyWebhook: headers must be an object or a Headers'));
  });

  it('names what was refused in a ValidationError: a webhook delivery', async () => {
    const error = await rejection(verifyWebhook(payload('{"type":"PAY_SUCCESS"}'), { keys: KEY }));
    expect(error.message).toMatch(/^Invalid webhook delivery: /);
  });
});

describe('verifyCreditLimitRequest({ body, headers, path })', () => {
  const body = JSON.stringify({ type: 'GET_DEFAULT_ACCOUNT_CREDIT_LIMIT', data: { tag: 'main', currency: 'CNY', digits: 2 } });

  it('returns the call from a Node-style header object, with lang defaulting to en-US', async () => {
    const call = await verifyCreditLimitRequest(payload(body, { 'Content-Type': 'application/json', Lang: 'zh-CN' }), { keys: KEY });
    expect(call).toEqual({
      customer_token: 'tok-1',
      lang: 'zh-CN',
      trace: 'tr-1',
      timestamp: '1700000000000',
      currency: 'CNY',
      digits: 2,
      tag: 'main',
      rawBody: body,
      keyIndex: 0,
    });
    expect((await verifyCreditLimitRequest(payload(encoder.encode(body)), { keys: KEY })).lang).toBe('en-US');
  });

  it('refuses a missing token, another path, and a query string in the path', async () => {
    const noToken = await rejection(verifyCreditLimitRequest(payload(body, { token: undefined }), { keys: KEY }));
    expect(noToken).toMatchObject({ name: 'ValidationError', trace: 'tr-1', issues: [{ path: 'token', message: 'expected the customer_token header' }] });
    expect(noToken.message).toBe('Invalid credit-limit request: token: expected the customer_token header');
    const badBody = await rejection(verifyCreditLimitRequest(payload('{"type":"PAY_SUCCESS"}'), { keys: KEY }));
    expect(badBody.message).toMatch(/^Invalid credit-limit request: /);
    await expect(verifyCreditLimitRequest({ ...payload(body), path: '/other' }, { keys: KEY })).rejects.toMatchObject({ reason: 'mismatch' });
    const query = await rejection(verifyCreditLimitRequest({ ...payload(body), path: `${PATH}?x` }, { keys: KEY }));
    expect(query).toBeInstanceOf(RangeError);
    expect(query.message).toMatch(/^verifyCreditLimitRequest: path must be/);
  });
});

describe('creditLimitResponse: refusals', () => {
  it('names what was refused, and takes missing options as missing digits', () => {
    const limit = { tag: 'main', inputs: [{ tag: 'main', amount: '1', currency: 'CNY', icon: 'https://x/i.png', input: 'Credit' }] };
    for (const options of [{ digits: 9 }, undefined]) {
      let error: unknown;
      try {
        creditLimitResponse(limit, options as never);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/^Invalid credit limit: digits: /);
    }
  });
});
