/**
 * src/decode-merchant-name.ts: percent and form encoding decoded; a name it cannot decode is kept
 * as sent.
 */
import { describe, expect, it } from 'vitest';
import { decodeMerchantName } from '../src/decode-merchant-name.ts';

describe('decodeMerchantName', () => {
  it('decodes percent and form encoding, and keeps what it cannot decode', () => {
    expect(decodeMerchantName('%E5%95%86+A')).toBe('商 A');
    expect(decodeMerchantName('a+b')).toBe('a b');
    expect(decodeMerchantName('%zz shop')).toBe('%zz shop');
    expect(decodeMerchantName('plain shop')).toBe('plain shop');
  });
});
