import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignatureError, verify, verifyWebhook } from '../src/index.ts';
import { decodeSignature } from '../src/verify.ts';

const nodeSign = (key: Uint8Array | string, path: string, body: Uint8Array | string) =>
  createHmac('sha1', key).update(path).update(body).digest('base64');

describe('verify', () => {
  it('accepts what node:crypto signs, for string and byte inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 400 }), (key, path, body) => {
        const signature = nodeSign(key, path, body);
        expect(verify({ key, path, body, signature })).toBe(true);
        expect(verify({ key, path, body: new TextDecoder().decode(body), signature: nodeSign(key, path, new TextDecoder().decode(body)) })).toBe(true);
      }),
    );
  });

  it('rejects any single-byte change of the body', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (key, body, at, flip) => {
        const signature = nodeSign(key, '/v1/webhooks', body);
        const tampered = body.slice();
        const i = at % body.length;
        tampered[i] = tampered[i]! ^ flip;
        expect(verify({ key, path: '/v1/webhooks', body: tampered, signature })).toBe(false);
      }),
    );
  });

  it('rejects any single-character change of the path', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60, unit: 'binary-ascii' }), fc.nat(), fc.integer({ min: 1, max: 127 }), (path, at, flip) => {
        const signature = nodeSign('key', path, '{}');
        const i = at % path.length;
        const changed = path.slice(0, i) + String.fromCharCode(path.charCodeAt(i) ^ flip) + path.slice(i + 1);
        expect(verify({ key: 'key', path: changed, body: '{}', signature })).toBe(false);
      }),
    );
  });

  it('rejects any single-byte change of the decoded signature', () => {
    fc.assert(
      fc.property(fc.nat({ max: 19 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bytes = Buffer.from(nodeSign('key', '/p', 'body'), 'base64');
        bytes[at] = bytes[at]! ^ flip;
        expect(verify({ key: 'key', path: '/p', body: 'body', signature: bytes.toString('base64') })).toBe(false);
      }),
    );
  });

  it('gives false, never an exception, for missing, empty, malformed or wrong-length signatures', () => {
    const good = nodeSign('key', '/p', 'body');
    const bad: unknown[] = [
      undefined,
      null,
      '',
      ' ',
      good.slice(0, -1), // not a multiple of 4
      good.replace('=', ''), // padding removed
      `${good}AAAA`, // 23 bytes
      good.slice(0, 24), // 18 bytes
      `${good.slice(0, -2)}_=`, // URL alphabet
      `${good} `,
      `\n${good}`,
      '====',
      'A===',
      '\u0000'.repeat(28),
      '😀'.repeat(14),
      Buffer.from(good, 'base64').toString('hex'),
    ];
    for (const signature of bad) expect(verify({ key: 'key', path: '/p', body: 'body', signature: signature as string })).toBe(false);
    expect(verify({ key: 'key', path: '/p', body: 'body', signature: good })).toBe(true);
  });

  it('rejects non-canonical base64 whose unused bits are set', () => {
    const good = nodeSign('key', '/p', 'body'); // 20 bytes: 27 chars + '=', the last char carries 2 unused bits
    const last = good.at(-2)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const variant = `${good.slice(0, -2)}${sibling}=`;
    expect(Buffer.from(variant, 'base64').equals(Buffer.from(good, 'base64'))).toBe(true); // Node accepts it…
    expect(verify({ key: 'key', path: '/p', body: 'body', signature: variant })).toBe(false); // …we do not.
  });
});

describe('decodeSignature (shared by verify and the inbound verifiers)', () => {
  const good = nodeSign('k', '/p', 'b');
  const bad = ['', 'garbage', good.slice(0, -4), `${good}AAAA`, 'A'.repeat(28), `${good.slice(0, -1)}!`];

  it('decodes base64 of exactly 20 bytes and nothing else', () => {
    expect(decodeSignature(good)).toHaveLength(20);
    for (const value of [...bad, undefined, null, 42]) expect(decodeSignature(value), String(value)).toBeUndefined();
  });

  it('makes verify and verifyWebhook agree on every malformed signature', async () => {
    for (const signature of bad.filter((value) => value !== '' && decodeSignature(value) === undefined)) {
      expect(verify({ key: 'k', path: '/p', body: 'b', signature })).toBe(false);
      const request = new Request('https://x.example/p', { method: 'POST', headers: { signature }, body: 'b' });
      const error = await verifyWebhook(request, { keys: 'k' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SignatureError);
      expect((error as SignatureError).reason).toBe('malformed');
    }
  });
});
