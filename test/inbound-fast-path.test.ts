/**
 * The fast paths of inbound verification (src/inbound.ts) give the same results as the slow ones:
 * a string body signed without its UTF-8 round trip (unless it holds a lone surrogate), the body
 * limit counted in UTF-8 bytes of a string, large bodies checked by WebCrypto, and keyed MACs
 * cached per key.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ASYNC_HMAC_THRESHOLD } from '../src/async-signer.ts';
import { PayloadTooLargeError, verifyWebhook } from '../src/index.ts';
import { keyedMacCount, matchingKey } from '../src/inbound.ts';
import { createWebhookEvent } from '../src/testing.ts';

const KEY = 'fast-path-key-0123456789';
const PATH = '/webhooks/passto';
const hmac = (key: string, path: string, body: string | Uint8Array) => createHmac('sha1', key).update(path).update(body).digest('base64');
const event = (remark: string) => JSON.stringify({ ...createWebhookEvent('PAY_SUCCESS'), retry: 0, event_id: 'evt-1', data: { ...createWebhookEvent('PAY_SUCCESS').data, remark } });
const headers = (body: string | Uint8Array, key = KEY) => ({ signature: hmac(key, PATH, body), trace: 'tr-1' });

afterEach(() => vi.restoreAllMocks());

describe('verifyWebhook payload form: string bodies', () => {
  it('a well-formed string keeps its exact text as rawBody, multi-byte included', async () => {
    const body = event('示例 é 😀');
    const delivery = await verifyWebhook({ body, headers: headers(body), path: PATH }, { keys: KEY });
    expect(delivery.rawBody).toBe(body);
    expect((delivery.event as { data: { remark: string } }).data.remark).toBe('示例 é 😀');
  });

  it('a lone surrogate is signed and returned as its UTF-8 (U+FFFD), exactly as the bytes form gives it', async () => {
    // JSON.stringify would escape it: the raw surrogate is put in the text afterwards.
    const body = event('lone @ here').replace('@', '\ud800');
    expect(body).toContain('\ud800');
    const bytes = new TextEncoder().encode(body);
    const fromString = await verifyWebhook({ body, headers: headers(body), path: PATH }, { keys: KEY });
    const fromBytes = await verifyWebhook({ body: bytes, headers: headers(bytes), path: PATH }, { keys: KEY });
    expect(fromString.rawBody).toBe(fromBytes.rawBody);
    expect(fromString.rawBody).toContain('\ufffd');
    expect(fromString.rawBody).not.toContain('\ud800');
  });

  it('the limit counts UTF-8 bytes of a string, at and around it (3-byte characters)', async () => {
    const body = event('示'.repeat(100));
    const size = new TextEncoder().encode(body).length;
    expect(size).toBeGreaterThan(body.length);
    const run = (maxBodyBytes: number) => verifyWebhook({ body, headers: headers(body), path: PATH }, { keys: KEY, maxBodyBytes });
    await expect(run(size)).resolves.toMatchObject({ rawBody: body });
    await expect(run(size - 1)).rejects.toBeInstanceOf(PayloadTooLargeError);
    // Between the string's length in units and three times it: the one case that is counted by encoding.
    await expect(run(body.length)).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(run(body.length - 1)).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(run(3 * body.length)).resolves.toMatchObject({ rawBody: body });
  });

  it('the limit counts a bytes body by its length, also between a third of the limit and the limit', async () => {
    const body = new TextEncoder().encode(event('示'.repeat(100)));
    const run = (maxBodyBytes: number) => verifyWebhook({ body, headers: headers(body), path: PATH }, { keys: KEY, maxBodyBytes });
    // Bytes are never counted as a string would be (a string of n units may take 3n bytes).
    await expect(run(body.length)).resolves.toMatchObject({ event: { event_id: 'evt-1' } });
    await expect(run(2 * body.length)).resolves.toMatchObject({ event: { event_id: 'evt-1' } });
    await expect(run(body.length - 1)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});

describe('large bodies: WebCrypto from ASYNC_HMAC_THRESHOLD on', () => {
  for (const extra of [-1, 0, 1, 5000]) {
    it(`a body of threshold ${extra >= 0 ? '+' : ''}${extra} bytes verifies from a string and from bytes, and a wrong key does not`, async () => {
      const base = event('');
      const body = event('x'.repeat(ASYNC_HMAC_THRESHOLD + extra - new TextEncoder().encode(base).length));
      expect(new TextEncoder().encode(body).length).toBe(ASYNC_HMAC_THRESHOLD + extra);
      const bytes = new TextEncoder().encode(body);
      for (const b of [body, bytes]) {
        const delivery = await verifyWebhook({ body: b, headers: headers(b), path: PATH }, { keys: ['other-key-000000', KEY] });
        expect(delivery.keyIndex).toBe(1);
        expect(delivery.rawBody).toBe(body);
        await expect(verifyWebhook({ body: b, headers: headers(b, 'wrong-key-0000'), path: PATH }, { keys: KEY })).rejects.toMatchObject({ reason: 'mismatch' });
      }
      const request = new Request(`https://m.example${PATH}`, { method: 'POST', headers: headers(body), body });
      expect((await verifyWebhook(request, { keys: KEY })).rawBody).toBe(body);
    });
  }

  it('uses WebCrypto only from the threshold on', async () => {
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const received = new Uint8Array(Buffer.from(hmac(KEY, PATH, 'a'), 'base64'));
    expect(matchingKey([KEY], PATH, 'x'.repeat(ASYNC_HMAC_THRESHOLD - 1), received)).toBe(-1);
    expect(sign).not.toHaveBeenCalled();
    await expect(matchingKey([KEY], PATH, 'x'.repeat(ASYNC_HMAC_THRESHOLD), received)).resolves.toBe(-1);
    expect(sign).toHaveBeenCalledTimes(1);
  });
});

describe('matchingKey', () => {
  it('checks every key and answers the first that matches, through more keys than the keyed-MAC cache holds', async () => {
    const body = event('cache');
    const keys = Array.from({ length: 40 }, (_, i) => `rotating-key-${i}`);
    for (const i of [0, 17, 39, 17, 0]) {
      const received = new Uint8Array(Buffer.from(hmac(keys[i]!, PATH, body), 'base64'));
      expect(matchingKey(keys, PATH, body, received)).toBe(i);
      expect(matchingKey([...keys, keys[i]!], PATH, body, received)).toBe(i);
      expect(matchingKey(keys.filter((_, j) => j !== i), PATH, body, received)).toBe(-1);
      // The cache of keyed MACs stays bounded however many keys pass through it.
      expect(keyedMacCount()).toBeGreaterThan(0);
      expect(keyedMacCount()).toBeLessThanOrEqual(16);
    }
  });
});

describe('eventKey', () => {
  it('is the raw-body scan`s key for string, number and repeated ids', async () => {
    const base = createWebhookEvent('PAY_SUCCESS');
    const cases: [string, string][] = [
      ['"evt_1"', 'evt_1'],
      ['"42"', '"42"'],
      ['9007199254740993', '9007199254740993'],
      ['"first","event_id":"second"', 'second'],
      ['7,"event\\u005fid":"escaped-name"', 'escaped-name'],
      ['"text","event_id":1.0', '1.0'],
    ];
    for (const [raw, key] of cases) {
      const body = JSON.stringify({ ...base, event_id: '@' }).replace('"@"', raw);
      const delivery = await verifyWebhook({ body, headers: headers(body), path: PATH }, { keys: KEY });
      expect(delivery.eventKey, raw).toBe(key);
    }
  });
});
