/**
 * src/utf8.ts pinned where a mutant could hide behind its callers: maxUtf8Length is the exact
 * length of bytes (the signer sizes its scratch buffer with it, so a bound three times too large
 * would triple the memory of a large byte body) and a bound for text; writeUtf8 writes at any
 * offset and answers the count written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
