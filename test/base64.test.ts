/**
 * Standard base64 (src/base64.ts, RFC 4648 section 4), checked against node:crypto's Buffer:
 * encoding any bytes, including outputs long enough to be built in several chunks, and strict
 * decoding, which accepts exactly the canonical padded encodings and nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../src/base64.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const nodeEncode = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** RFC 4648 section 4 with padding and canonical unused bits: what a strict decoder accepts. */
function strictlyValid(text: string): boolean {
  const shape = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);
  return shape && Buffer.from(text, 'base64').toString('base64') === text;
}

describe('encodeBase64', () => {
  it('matches Buffer for every length from 0 to 70 bytes', () => {
    for (let length = 0; length <= 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 89 + length * 7 + 255) & 255);
      expect(encodeBase64(bytes), `${length} bytes`).toBe(nodeEncode(bytes));
    }
  });

  it('matches Buffer for random bytes up to 20 KB', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000, size: 'max' }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(nodeEncode(bytes));
      }),
      { numRuns: 60 },
    );
  });

  it('matches Buffer around each boundary where the output is built in 8192-character chunks', () => {
    // 6144 bytes make exactly 8192 characters; the chunked path starts one byte later.
    for (const length of [6143, 6144, 6145, 6146, 6147, 12_288, 12_289, 24_577]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + 17) & 255);
      const encoded = encodeBase64(bytes);
      expect(encoded.length, `${length} bytes`).toBe(Math.ceil(length / 3) * 4);
      expect(encoded, `${length} bytes`).toBe(nodeEncode(bytes));
    }
  });

  it('encodes 1 MB, far past the number of arguments an engine takes in one call', () => {
    const bytes = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7) & 255);
    expect(encodeBase64(bytes) === nodeEncode(bytes)).toBe(true);
  });

  it('uses every character of the alphabet at every position of a group', () => {
    for (let v = 0; v < 64; v++) {
      const c = ALPHABET[v]!;
      for (const text of [`${c}AAA`, `A${c}AA`, `AA${c}A`, `AAA${c}`]) {
        expect(encodeBase64(Uint8Array.from(Buffer.from(text, 'base64')))).toBe(text);
      }
    }
  });
});

describe('decodeBase64', () => {
  it('gives back what Buffer encoded, for random bytes up to 8 KB', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8192, size: 'max' }), (bytes) => {
        const decoded = decodeBase64(nodeEncode(bytes));
        // Compared as hex: vitest's deep equality walks a typed array element by element.
        expect(decoded && Buffer.from(decoded).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
      }),
      { numRuns: 100 },
    );
  });

  it('decodes every one of the 64 characters at every position of a group, and the padded forms', () => {
    for (let v = 0; v < 64; v++) {
      const c = ALPHABET[v]!;
      expect(decodeBase64(`${c}AAA`), c).toEqual(Uint8Array.of(v << 2, 0, 0));
      expect(decodeBase64(`A${c}AA`), c).toEqual(Uint8Array.of(v >> 4, (v & 15) << 4, 0));
      expect(decodeBase64(`AA${c}A`), c).toEqual(Uint8Array.of(0, v >> 2, (v & 3) << 6));
      expect(decodeBase64(`AAA${c}`), c).toEqual(Uint8Array.of(0, 0, v));
      expect(decodeBase64(`${c}A==`), c).toEqual(Uint8Array.of(v << 2));
      expect(decodeBase64(`A${c}A=`), c).toEqual(Uint8Array.of(v >> 4, (v & 15) << 4));
    }
  });

  it('refuses every code unit outside the alphabet (Latin-1, and samples up to 0xFFFF), at every position', () => {
    const codes = [...Array.from({ length: 0x300 }, (_, i) => i), 0x2b + 0x100, 0xd800, 0xdfff, 0xfeff, 0xff0b, 0xffff];
    const accepted: string[] = [];
    for (const code of codes) {
      const c = String.fromCharCode(code);
      if (ALPHABET.includes(c)) continue;
      for (const text of [`${c}AAA`, `A${c}AA`, `AA${c}A`, `AAA${c}`, `AAAA${c}AAA`]) {
        if (text !== 'AAA=' && decodeBase64(text) !== undefined) accepted.push(JSON.stringify(text));
      }
    }
    expect(accepted).toEqual([]);
  });

  it('accepts exactly the strict, canonical, padded encodings (generated text over the alphabet and =)', () => {
    const text = fc.string({ unit: fc.constantFrom(...'AQgw+/9zB='), maxLength: 16 });
    fc.assert(
      fc.property(text, (candidate) => {
        const decoded = decodeBase64(candidate);
        if (strictlyValid(candidate)) expect(decoded).toEqual(Uint8Array.from(Buffer.from(candidate, 'base64')));
        else expect(decoded, candidate).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('places padding only at the end, one or two characters, with unused bits zero', () => {
    const refused = [
      'A', 'AA', 'AAA', 'AAAAA', // not a multiple of 4
      '=', '==', '====', 'A===', '=AAA', 'A=AA', 'AA=A', '==AA', 'A=A=', // = where a character belongs
      'AA==AAAA', 'AAA=AAAA', 'AA=AAAAA', 'AA==AA==', 'AAA=AAA=', 'QUI=QUI=', // padding before the end
      'AB==', 'AAB=', 'AP==', 'AAD=', // unused bits set: Buffer would accept these
      'AAAA ', ' AAAA', 'AA\n==', 'AA-_', // whitespace, URL alphabet
    ];
    for (const text of refused) expect(decodeBase64(text), JSON.stringify(text)).toBeUndefined();
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
    expect(decodeBase64('AA==')).toEqual(Uint8Array.of(0));
    expect(decodeBase64('AAA=')).toEqual(Uint8Array.of(0, 0));
    expect(decodeBase64('//8=')).toEqual(Uint8Array.of(255, 255));
    expect(decodeBase64('/w==')).toEqual(Uint8Array.of(255));
    expect(decodeBase64('////')).toEqual(Uint8Array.of(255, 255, 255));
    expect(decodeBase64('AAAAAA==')).toEqual(Uint8Array.of(0, 0, 0, 0));
  });
});
