/**
 * The async signer (src/async-signer.ts): noble's synchronous createMac (the client's and inbound
 * verification's) below ASYNC_HMAC_THRESHOLD, WebCrypto from it on.
 * Both sides must give node:crypto's bytes, at, around and far from the threshold, for strings
 * (multi-byte UTF-8 included) and bytes.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ASYNC_HMAC_THRESHOLD, asyncMac, asyncSigner } from '../src/async-signer.ts';
import { createMac } from '../src/sign.ts';

const KEY = 'pk_'.concat('Zx8Qm2Lr5Tv9Wc3Hy7Jb1Nd4Gf6Ks0Pa'.repeat(4)).slice(0, 100);
const PATH = '/passto/webhook';
const node = (key: string, path: string, body: string | Uint8Array) => createHmac('sha1', key).update(path).update(body).digest('base64');
const T = ASYNC_HMAC_THRESHOLD;

afterEach(() => vi.restoreAllMocks());

describe('asyncSigner', () => {
  it('the threshold lies within the measured size curve (bench/sizes.ts): above 4 KB, below 1 MB', () => {
    expect(T).toBeGreaterThan(4 * 1024);
    expect(T).toBeLessThan(1024 * 1024);
  });

  it('RFC 2202 HMAC-SHA1 vectors 1 and 2', async () => {
    const hex = async (key: string, data: string) => Buffer.from(await asyncMac(key, createMac)('', data)).toString('hex');
    expect(await hex('\x0b'.repeat(20), 'Hi There')).toBe('b617318655057264e28bc0b6fb378c8ef146be00');
    expect(await hex('Jefe', 'what do ya want for nothing?')).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });

  it('gives node:crypto bytes just below, at and above the threshold, for strings and bytes', async () => {
    for (const sync of [createMac]) {
      const signer = asyncSigner(KEY, sync);
      for (const size of [1, T - 2, T - 1, T, T + 1, T + 2, 4 * T]) {
        const text = 'a'.repeat(size);
        expect(await signer(PATH, text), `${sync.name}: string of ${size}`).toBe(node(KEY, PATH, text));
        const bytes = new TextEncoder().encode(text);
        expect(await signer(PATH, bytes), `${sync.name}: bytes of ${size}`).toBe(node(KEY, PATH, bytes));
      }
    }
  });

  it('below the threshold it answers at once (synchronous MAC); from it on by WebCrypto', async () => {
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const mac = asyncMac(KEY, createMac);
    expect(mac(PATH, 'x'.repeat(T - 1))).toBeInstanceOf(Uint8Array);
    expect(sign).not.toHaveBeenCalled();
    const late = mac(PATH, 'x'.repeat(T));
    expect(late).toBeInstanceOf(Promise);
    await late;
    expect(sign).toHaveBeenCalledTimes(1);
  });

  it('multi-byte UTF-8 around the threshold, and a surrogate pair split between path and body, as node:crypto', async () => {
    const signer = asyncSigner(KEY, createMac);
    for (const size of [T - 1, T, T + 1]) {
      for (const unit of ['é', '示', '😀']) {
        const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
        expect(await signer(PATH, text), `${unit} x ${size}`).toBe(node(KEY, PATH, text));
      }
      // A lone high surrogate ending the path and a lone low one starting the body: each is U+FFFD
      // on its own (TextEncoder), never joined into one character.
      const body = `\udc00${'b'.repeat(size)}`;
      expect(await signer('/p\ud83d', body)).toBe(node(KEY, '/p\ud83d', body));
    }
  });

  it('a failing WebCrypto falls back to the synchronous MAC for that call, and is tried again on the next large body', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValueOnce(new Error('import failed'));
    const signer = asyncSigner(KEY, createMac);
    const body = 'z'.repeat(T + 10);
    expect(await signer(PATH, body)).toBe(node(KEY, PATH, body));
    expect(await signer(PATH, body)).toBe(node(KEY, PATH, body));
    expect(importKey).toHaveBeenCalledTimes(2);
    vi.spyOn(crypto.subtle, 'sign').mockRejectedValueOnce(new Error('sign failed'));
    expect(await signer(PATH, body)).toBe(node(KEY, PATH, body));
  });

  it('property: any key, path and body (either side of the threshold) as node:crypto', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, unit: 'grapheme' }),
        fc.string({ unit: 'binary' }),
        fc.constantFrom(0, 1, 100, T - 1, T, T + 1),
        fc.string({ unit: 'binary', maxLength: 8 }),
        async (key, path, padding, tail) => {
          const body = 'q'.repeat(padding) + tail;
          expect(await asyncSigner(key, createMac)(path, body)).toBe(node(key, path, body));
        },
      ),
      { numRuns: 40 },
    );
  });
});
