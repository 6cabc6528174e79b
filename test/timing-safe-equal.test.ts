/**
 * timingSafeEqual (src/timing-safe-equal.ts): equal exactly when both byte strings are, checked
 * against node:crypto; inputs of different lengths are never equal, even when one is a prefix
 * of the other or the extra bytes are zeros (the sandbox compares api keys of any length with it).
 */
import { timingSafeEqual as nodeTimingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timingSafeEqual } from '../src/timing-safe-equal.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('timingSafeEqual: equal lengths', () => {
  it('agrees with node:crypto for any two byte strings of one length (0 to 64 bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, rest) => {
        const b = Uint8Array.from(a, (byte, i) => (i < rest.length ? rest[i]! : byte));
        expect(timingSafeEqual(a, b)).toBe(nodeTimingSafeEqual(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a difference in any single bit at any position', () => {
    const a = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
    expect(timingSafeEqual(a, a.slice())).toBe(true);
    for (let at = 0; at < a.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const b = a.slice();
        b[at] = b[at]! ^ (1 << bit);
        expect(timingSafeEqual(a, b), `byte ${at}, bit ${bit}`).toBe(false);
      }
    }
  });

  it('does not let a later equal byte cancel an earlier difference', () => {
    expect(timingSafeEqual(bytes(1, 0), bytes(0, 0))).toBe(false);
    expect(timingSafeEqual(bytes(0xff, 0xff), bytes(0x00, 0xff))).toBe(false);
    expect(timingSafeEqual(bytes(0x0f, 0xf0), bytes(0xf0, 0x0f))).toBe(false);
  });

  it('calls two empty inputs equal', () => {
    expect(timingSafeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe('timingSafeEqual: unequal lengths', () => {
  it('never calls inputs of different lengths equal: prefixes, zero padding, empty against anything', () => {
    const key = new TextEncoder().encode('sandbox-api-key');
    const cases: [Uint8Array, Uint8Array][] = [
      [new Uint8Array(0), key],
      [key.subarray(0, 1), key],
      [key.subarray(0, key.length - 1), key],
      [bytes(1, 0), bytes(1)], // the extra byte is 0: XOR with a missing byte reads as 0
      [bytes(1), bytes(1, 0)],
      [bytes(0), new Uint8Array(0)],
    ];
    for (const [a, b] of cases) {
      expect(timingSafeEqual(a, b), `${a.length} vs ${b.length}`).toBe(false);
      expect(timingSafeEqual(b, a), `${b.length} vs ${a.length}`).toBe(false);
    }
  });

  it('is false whenever the lengths differ, whatever the bytes (0 to 64 bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        fc.pre(a.length !== b.length);
        expect(timingSafeEqual(a, b)).toBe(false);
        // A prefix, and the same bytes followed by zeros, are refused too.
        if (a.length > 0) expect(timingSafeEqual(a, a.subarray(0, a.length - 1))).toBe(false);
        expect(timingSafeEqual(a, Uint8Array.from({ length: a.length + 1 }, (_, i) => a[i] ?? 0))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
