/**
 * The speed-only paths of inbound verification give exactly the answers of the general ones they
 * skip: plain-object headers scanned once (src/inbound.ts `headerReader`), and merchant names without `%` or `+` not decoded
 * (src/decode-merchant-name.ts). Each is compared with the general code on random inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMerchantName } from '../src/decode-merchant-name.ts';
import { headerReader } from '../src/inbound.ts';

/** What the code did before the fast path, as a value or the error's class and message. */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

/** The header lookup before the fast path (src/inbound.ts at 85cf275): every name scanned per lookup. */
function scanningReader(record: Readonly<Record<string, unknown>>, where: string): (name: string) => string | undefined {
  return (name) => {
    let value: string | undefined;
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() !== name) continue;
      const lines = record[key];
      if (lines === undefined) continue;
      for (const line of Array.isArray(lines) ? lines : [lines]) {
        if (typeof line !== 'string') throw new TypeError(`${where}: headers: the ${name} field must be a string or an array of strings`);
        value = value === undefined ? line : `${value}, ${line}`;
      }
    }
    return value;
  };
}

describe('headerReader: plain objects read as a scan of every name would', () => {
  const NAMES = ['signature', 'signerature', 'trace', 'token', 'timestamp', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'x'];

  it('on lower-case and mixed-case records, strings, lists, undefined and wrong types', () => {
    const name = fc.constantFrom('signature', 'Signature', 'SIGNATURE', 'signerature', 'trace', 'Trace', 'token', 'timestamp', 'constructor', 'x', 'X');
    const value = fc.oneof(fc.string({ maxLength: 4 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }), fc.constant(undefined), fc.constant(null), fc.integer(), fc.constant(['a', 1]));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 6 }), (entries) => {
        const record = Object.fromEntries(entries) as Record<string, string>;
        const fast = headerReader(record, 'w');
        const slow = scanningReader(record, 'w');
        for (const n of NAMES) expect(outcome(() => fast(n))).toEqual(outcome(() => slow(n)));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads no inherited or non-enumerable property as a field', () => {
    const record = Object.create({ signature: 'inherited' }) as Record<string, string>;
    Object.defineProperty(record, 'trace', { value: 'hidden', enumerable: false });
    record.token = 't';
    const read = headerReader(record, 'w');
    expect([read('signature'), read('trace'), read('token'), read('constructor'), read('__proto__')]).toEqual([undefined, undefined, 't', undefined, undefined]);
  });

  it('combines two spellings of one name in key order, and lists with ", "', () => {
    expect(headerReader({ Trace: 'a', trace: ['b', 'c'] }, 'w')('trace')).toBe('a, b, c');
    expect(headerReader({ trace: ['b', 'c'], TRACE: 'a' }, 'w')('trace')).toBe('b, c, a');
    expect(headerReader({ trace: [] }, 'w')('trace')).toBeUndefined();
    expect(headerReader({ trace: ['b', 'c'] }, 'w')('trace')).toBe('b, c');
  });

  it('refuses a field of another type only when it is read', () => {
    const read = headerReader({ trace: 5, token: 't' } as unknown as Record<string, string>, 'verifyWebhook');
    expect(read('token')).toBe('t');
    expect(() => read('trace')).toThrow(new TypeError('verifyWebhook: headers: the trace field must be a string or an array of strings'));
    expect(() => headerReader({ Trace: null } as unknown as Record<string, string>, 'w')('trace')).toThrow(TypeError);
  });
});

describe('decodeMerchantName: names without % or + are returned as they are', () => {
  const general = (name: string) => {
    try {
      return decodeURIComponent(name.replaceAll('+', ' '));
    } catch {
      return name;
    }
  };
  it('matches the general decoding on random names', () => {
    const name = fc.array(fc.constantFrom('a', '商', '+', '%', '%E5', '%95%86', '%2B', '%zz', ' ', '😀', '\uD800'), { maxLength: 8 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(name, fc.string()), (n) => {
        expect(decodeMerchantName(n)).toBe(general(n));
      }),
      { numRuns: 3000 },
    );
  });
  it('decodes a name with only + or only %', () => {
    expect(decodeMerchantName('A+B')).toBe('A B');
    expect(decodeMerchantName('%E5%95%86')).toBe('商');
    expect(decodeMerchantName('Shop A')).toBe('Shop A');
  });
});
