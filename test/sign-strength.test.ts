/**
 * sign.ts at the sizes that matter, cross-checked against node:crypto: every key length from 0 to
 * 200 bytes (past SHA-1's 64-byte block, where RFC 2104 section 2 hashes the key first), bodies up
 * to 8 KB of unicode (past the signer's first 1024-byte scratch buffer), and proof that
 * `createSigner` really takes its fast path, and takes the slow one whenever an internal it needs
 * is missing or means something else (a later noble in the caret range).
 */
import { createHmac } from 'node:crypto';
import { sha1 } from '@noble/hashes/legacy.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigner, sign } from '../src/index.ts';
import { fitScratch, signBytes } from '../src/sign.ts';

const nodeSign = (key: string | Uint8Array, path: string, body: string | Uint8Array) =>
  createHmac('sha1', key).update(path).update(body).digest('base64');

const keyBytes = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 151 + length) & 255);

/** Exactly `n` bytes, so the sizes the titles promise are the sizes drawn (fast-check's default would stay near 10). */
const bytesOfLength = (min: number, max: number) => fc.integer({ min, max }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
/** Any code point but a surrogate (those cannot stand alone in UTF-8). */
const codePoint = fc.integer({ min: 0, max: 0x10ffff - 0x800 }).map((c) => (c >= 0xd800 ? c + 0x800 : c));
/**
 * Text of up to 2048 code points from the whole of Unicode (up to 8 KB of UTF-8), or up to 8192
 * ASCII characters. Built from arrays of code points: fast-check's own unicode strings of this
 * length take seconds, which every mutant would pay.
 */
const unicodeBody = fc.oneof(
  fc.integer({ min: 0, max: 2048 }).chain((n) => fc.array(codePoint, { minLength: n, maxLength: n }).map((points) => String.fromCodePoint(...points))),
  fc.integer({ min: 0, max: 8192 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((bytes) => String.fromCharCode(...bytes.map((b) => b & 127)))),
);

describe('sign and createSigner: every key length, long bodies', () => {
  it('match node:crypto for every key length from 0 to 200 bytes, as bytes and as text', () => {
    for (let length = 0; length <= 200; length++) {
      const key = keyBytes(length);
      const textKey = 'k€'.repeat(length).slice(0, length); // up to 3 UTF-8 bytes per character
      const expected = nodeSign(key, '/v1/p', '{"n":1}');
      expect(sign({ key, path: '/v1/p', body: '{"n":1}' }), `${length}-byte key`).toBe(expected);
      expect(createSigner(key)('/v1/p', '{"n":1}'), `${length}-byte key`).toBe(expected);
      expect(createSigner(textKey)('/v1/p', '{"n":1}'), `${length}-character key`).toBe(nodeSign(textKey, '/v1/p', '{"n":1}'));
      expect(Buffer.from(signBytes({ key, path: '/v1/p', body: '{"n":1}' })).toString('base64')).toBe(expected);
    }
  });

  it('match node:crypto for random keys of 0 to 200 bytes and unicode bodies up to 8 KB, as text and as bytes', () => {
    fc.assert(
      fc.property(bytesOfLength(0, 200), fc.string({ unit: 'grapheme', maxLength: 40 }), unicodeBody, (key, path, body) => {
        const expected = nodeSign(key, path, body);
        const signer = createSigner(key);
        expect(signer(path, body)).toBe(expected);
        expect(signer(path, new TextEncoder().encode(body))).toBe(expected);
        expect(sign({ key, path, body })).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('a fresh signer signs a first message longer than its 1024-byte scratch buffer in full', () => {
    // Each size gets its own signer, so the scratch buffer must grow on this very call.
    for (const size of [1021, 1022, 1024, 1025, 2049, 5000, 8192, 70_000]) {
      const body = 'é'.repeat(Math.ceil(size / 2)).slice(0, Math.ceil(size / 2)); // 2 UTF-8 bytes each
      const bytes = keyBytes(size);
      expect(createSigner('key')('/v1/webhooks', body), `${size} bytes of text`).toBe(nodeSign('key', '/v1/webhooks', body));
      expect(createSigner('key')('/v1/webhooks', bytes), `${size} bytes`).toBe(nodeSign('key', '/v1/webhooks', bytes));
      expect(createSigner('key')('/'.repeat(size), ''), `a ${size}-character path`).toBe(nodeSign('key', '/'.repeat(size), ''));
    }
  });

  it('one signer stays right as messages grow and shrink (4-byte characters across every size)', () => {
    const signer = createSigner('rotating-key');
    for (const size of [10, 400, 1500, 3000, 7000, 20, 9000, 0, 12_000, 1]) {
      const body = '😀a'.repeat(size);
      expect(signer('/p', body), `${size}`).toBe(nodeSign('rotating-key', '/p', body));
    }
  });
});

describe('fitScratch: the signer\'s buffer', () => {
  it('reuses a buffer that is large enough, up to exactly its size', () => {
    const buffer = new Uint8Array(1024);
    expect(fitScratch(buffer, 0)).toBe(buffer);
    expect(fitScratch(buffer, 100)).toBe(buffer);
    expect(fitScratch(buffer, 1024)).toBe(buffer);
  });

  it('grows to at least the bytes needed and at least twice the old size', () => {
    const buffer = new Uint8Array(1024);
    expect(fitScratch(buffer, 1025).length).toBe(2048);
    expect(fitScratch(buffer, 1500).length).toBe(2048);
    expect(fitScratch(buffer, 2049).length).toBe(2049);
    expect(fitScratch(buffer, 5000).length).toBe(5000);
    expect(fitScratch(buffer, 5000)).not.toBe(buffer);
  });
});

describe('createSigner takes its fast path, and the slow one only when noble lacks what it needs', () => {
  type Hmac = typeof import('@noble/hashes/hmac.js');

  afterEach(() => {
    vi.doUnmock('@noble/hashes/hmac.js');
    vi.resetModules();
  });

  /** Loads sign.ts over a noble whose `hmac.create` is counted, and whose first keyed HMAC `strip` may spoil. */
  async function loadWith(strip: (keyed: Record<string, Record<string, unknown>>) => void = () => {}) {
    const actual = await vi.importActual<Hmac>('@noble/hashes/hmac.js');
    vi.resetModules();
    const create = vi.fn((...args: Parameters<Hmac['hmac']['create']>) => {
      const keyed = actual.hmac.create(...args);
      if (create.mock.calls.length === 1) strip(keyed as unknown as Record<string, Record<string, unknown>>);
      return keyed;
    });
    vi.doMock('@noble/hashes/hmac.js', () => ({ ...actual, hmac: Object.assign(actual.hmac.bind(null), { create }) }));
    const { createSigner: load, createMac } = await import('../src/sign.ts');
    return { createSigner: load, createMac, create };
  }

  const messages = [['/v1/platform/identify/auth', '{"a":1}'], ['/ü', '😀'], ['/x', 'y'.repeat(3000)]] as const;

  it('with this noble, keys HMAC once per signer and never again per call', async () => {
    const { createSigner: load, create } = await loadWith();
    const signer = load('k'.repeat(100));
    for (const [path, body] of messages) expect(signer(path, body)).toBe(nodeSign('k'.repeat(100), path, body));
    expect(create).toHaveBeenCalledTimes(1); // the slow path would key a fresh HMAC on every call
  });

  it('so does createMac without a shared buffer: a new 20-byte MAC per call', async () => {
    const { createMac, create } = await loadWith();
    const mac = createMac('k'.repeat(100));
    for (const [path, body] of messages) {
      const answer = mac(path, body);
      expect(answer).toHaveLength(20);
      expect(Buffer.from(answer).toString('base64')).toBe(nodeSign('k'.repeat(100), path, body));
    }
    expect(create).toHaveBeenCalledTimes(1);
  });

  const spoilers: Record<string, (keyed: Record<string, Record<string, unknown>>) => void> = {
    'no iHash': (keyed) => void delete keyed.iHash,
    'no oHash': (keyed) => void delete keyed.oHash,
  };
  for (const state of ['iHash', 'oHash']) {
    for (const method of ['_cloneInto', 'clone', 'update', 'digestInto']) {
      spoilers[`${state}.${method} missing`] = (keyed) => {
        keyed[state]![method] = undefined;
      };
    }
  }
  // The digests are written into each working copy's block buffer (noble's `buffer`): a copy
  // without one that holds 20 bytes takes the public HMAC.
  const badBlocks: Record<string, unknown> = { 'missing': undefined, 'not bytes': Array.from({ length: 64 }, () => 0), '19 bytes': new Uint8Array(19) };
  for (const state of ['iHash', 'oHash']) {
    for (const [what, block] of Object.entries(badBlocks)) {
      spoilers[`${state}'s copies have a block buffer ${what}`] = (keyed) => {
        const original = keyed[state]! as unknown as { clone(): Record<string, unknown> };
        const clone = original.clone.bind(original);
        keyed[state]!.clone = () => Object.assign(clone(), { buffer: block });
      };
    }
  }
  // A later noble in the caret range may keep the names with another meaning: every method is
  // there, so only createSigner's probe against the public HMAC can tell.
  spoilers['iHash not keyed (a fresh SHA-1 state)'] = (keyed) => {
    keyed.iHash = sha1.create() as unknown as Record<string, unknown>;
  };
  spoilers['iHash and oHash swapped'] = (keyed) => {
    [keyed.iHash, keyed.oHash] = [keyed.oHash!, keyed.iHash!];
  };

  it.each(Object.keys(spoilers))('falls back to the public HMAC when %s, with the same signatures', async (name) => {
    const { createSigner: load, create } = await loadWith(spoilers[name]);
    const signer = load('k'.repeat(100));
    for (const [path, body] of messages) expect(signer(path, body)).toBe(nodeSign('k'.repeat(100), path, body));
    expect(create.mock.calls.length).toBe(1 + messages.length); // one keyed HMAC per call
  });
});
