/**
 * The small helpers the signer and the client's checks stand on, pinned where a mutant could hide
 * behind a caller: maxUtf8Length is the exact length of bytes (the signer sizes its scratch buffer
 * with it, so a bound three times too large would triple the memory of a large byte body) and a
 * bound for text; writeUtf8 writes at any offset; a bad header value's issue says what it must be;
 * decodeMerchantName decodes form encoding and leaves a name it cannot decode as sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/index.ts';
import { decodeMerchantName } from '../src/decode-merchant-name.ts';
import { HEADER_MESSAGE } from '../src/header-value.ts';
import { maxUtf8Length, utf8, writeUtf8 } from '../src/utf8.ts';

describe('utf8 helpers', () => {
  it('maxUtf8Length: the exact length of bytes, and at least the UTF-8 length of text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 64 }), (bytes, text) => {
        expect(maxUtf8Length(bytes)).toBe(bytes.length);
        expect(maxUtf8Length(text)).toBeGreaterThanOrEqual(new TextEncoder().encode(text).length);
      }),
    );
  });

  it('writeUtf8 writes text or bytes at any offset and answers the count written', () => {
    const target = new Uint8Array(16).fill(0xee);
    expect(writeUtf8('é/', target, 0)).toBe(3);
    expect(writeUtf8(Uint8Array.of(1, 2), target, 3)).toBe(2);
    expect(writeUtf8('€', target, 5)).toBe(3);
    expect([...target.subarray(0, 9)]).toEqual([0xc3, 0xa9, 0x2f, 1, 2, 0xe2, 0x82, 0xac, 0xee]);
    expect(utf8('é')).toEqual(Uint8Array.of(0xc3, 0xa9));
  });
});

describe('header values', () => {
  it('a bad per-call trace is refused with the issue saying what a header value must be', async () => {
    const client = createClient({ platId: 'p', apiKey: 'api-key-0123', signatureKey: 'k', fetch: () => Promise.reject(new Error('not sent')) });
    const input = { custom_no: 'c', customer_token: 't', token_expire: Date.now() + 60_000, callback_url: 'https://a.example/', client_ip: '203.0.113.7' };
    const error = await client.identify.auth(input, { trace: ' padded ' }).catch((e: unknown) => e);
    expect(HEADER_MESSAGE).toBe('printable ASCII, not empty, without surrounding spaces');
    expect(error).toMatchObject({ name: 'ValidationError', issues: [{ path: 'trace', message: HEADER_MESSAGE }] });
  });
});

describe('decodeMerchantName', () => {
  it('decodes percent and form encoding, and keeps what it cannot decode', () => {
    expect(decodeMerchantName('%E5%95%86+A')).toBe('商 A');
    expect(decodeMerchantName('a+b')).toBe('a b');
    expect(decodeMerchantName('%zz shop')).toBe('%zz shop');
    expect(decodeMerchantName('plain shop')).toBe('plain shop');
  });
});
