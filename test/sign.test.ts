import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createSigner, sign } from '../src/index.ts';
import vectors from './vectors/rfc2202-hmac-sha1.json' with { type: 'json' };

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
const base64ToHex = (text: string) => Buffer.from(text, 'base64').toString('hex');

describe('sign: RFC 2202 HMAC-SHA-1 vectors', () => {
  for (const c of vectors.cases) {
    it(`case ${c.case}`, () => {
      // The vectors have no path: the whole message is the body, with an empty path.
      expect(base64ToHex(sign({ key: hex(c.key), path: '', body: hex(c.data) }))).toBe(c.digest);
      expect(base64ToHex(createSigner(hex(c.key))('', hex(c.data)))).toBe(c.digest);
    });
  }
});

describe('sign: against node:crypto', () => {
  const nodeSign = (key: string | Uint8Array, path: string, body: string | Uint8Array) =>
    createHmac('sha1', key).update(path).update(body).digest('base64');

  it('matches for random keys (0 to 200 bytes), unicode paths and bodies, string and byte inputs', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'grapheme', maxLength: 600 }),
        fc.boolean(),
        (key, path, body, bodyAsBytes) => {
          const bodyInput = bodyAsBytes ? new TextEncoder().encode(body) : body;
          const expected = nodeSign(key, path, body);
          expect(sign({ key, path, body: bodyInput })).toBe(expected);
          expect(createSigner(key)(path, bodyInput)).toBe(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('takes a string key as its UTF-8 bytes, also past the 64-byte block', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 0, maxLength: 120 }), fc.string(), (key, body) => {
        expect(sign({ key, path: '/v1/x', body })).toBe(nodeSign(key, '/v1/x', body));
      }),
    );
  });

  it('a signer gives the same answer on every call, whatever came before (state is not carried over)', () => {
    const signer = createSigner('k'.repeat(100));
    const first = signer('/v1/platform/identify/auth', '{"a":1}');
    signer('/other', 'x'.repeat(5000)); // grows the scratch buffer
    signer('/ü', '😀');
    expect(signer('/v1/platform/identify/auth', '{"a":1}')).toBe(first);
    expect(first).toBe(nodeSign('k'.repeat(100), '/v1/platform/identify/auth', '{"a":1}'));
  });

  it('outputs 28-character padded base64', () => {
    expect(sign({ key: 'k', path: '/p', body: '' })).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });
});

describe('createSigner without noble internals', () => {
  const nodeSign = (key: string, path: string, body: string) => createHmac('sha1', key).update(path).update(body).digest('base64');

  it('falls back to the public HMAC when iHash/oHash are missing or lack _cloneInto, with the same signatures', async () => {
    const actual = await vi.importActual<typeof import('@noble/hashes/hmac.js')>('@noble/hashes/hmac.js');
    const variants: ((keyed: Record<string, unknown>) => void)[] = [
      (keyed) => {
        delete keyed.iHash;
        delete keyed.oHash;
      },
      (keyed) => {
        (keyed.iHash as Record<string, unknown>)._cloneInto = undefined;
      },
    ];
    for (const strip of variants) {
      vi.resetModules();
      // Only the keyed HMAC createSigner inspects loses its internals: a noble without them would
      // still have working public methods, which need them in this version.
      const create = vi.fn((...args: Parameters<typeof actual.hmac.create>) => {
        const keyed = actual.hmac.create(...args);
        if (create.mock.calls.length === 1) strip(keyed as unknown as Record<string, unknown>);
        return keyed;
      });
      vi.doMock('@noble/hashes/hmac.js', () => ({ ...actual, hmac: Object.assign(actual.hmac.bind(null), { create }) }));
      try {
        const { createSigner: fallback } = await import('../src/sign.ts');
        const signer = fallback('k'.repeat(100));
        expect(create).toHaveBeenCalled();
        for (const [path, body] of [['/v1/platform/identify/auth', '{"a":1}'], ['/ü', '😀'], ['/x', 'y'.repeat(3000)]] as const) {
          expect(signer(path, body)).toBe(nodeSign('k'.repeat(100), path, body));
        }
        expect(signer('/p', 'b')).toBe(signer('/p', 'b'));
      } finally {
        vi.doUnmock('@noble/hashes/hmac.js');
        vi.resetModules();
      }
    }
  });
});

describe('createMac (the raw MAC inbound verification uses)', () => {
  it('answers node:crypto bytes in a new array per call, or in the buffer it was given', async () => {
    const { createMac } = await import('../src/sign.ts');
    const expected = createHmac('sha1', 'mac-key').update('/p').update('{"a":1}').digest('hex');
    const mac = createMac('mac-key');
    const first = mac('/p', '{"a":1}');
    const second = mac('/p', '{"a":1}');
    expect(first).not.toBe(second);
    expect(Buffer.from(first).toString('hex')).toBe(expected);
    mac('/p', 'something else');
    expect(Buffer.from(first).toString('hex'), 'an earlier answer is never overwritten').toBe(expected);
    const shared = new Uint8Array(20);
    const into = createMac('mac-key', shared);
    expect(into('/p', '{"a":1}')).toBe(shared);
    expect(Buffer.from(shared).toString('hex')).toBe(expected);
  });
});
