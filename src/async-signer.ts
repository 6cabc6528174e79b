/**
 * HMAC-SHA1 where the caller can wait (the client, inbound verification): the synchronous keyed
 * noble MAC (sign.ts's `createMac`) for platform-size messages, the runtime's native HMAC (WebCrypto) for large ones. Both are
 * RFC 2104 HMAC over the UTF-8 of path, then body: the same bytes either way (the tests cross-check
 * both sides of the threshold against node:crypto).
 */
import { encodeBase64 } from './base64.ts';
import { type Input, maxUtf8Length, writeUtf8 } from './utf8.ts';

/**
 * Bodies of at least this many units (bytes, or UTF-16 units of a string) are signed by WebCrypto.
 * An awaited `crypto.subtle.sign` has a fixed cost (a copy of the message, a thread hop or promise
 * turns: 20-50 µs on Node, Deno and Bun here, far more under load), then hashes natively; the
 * synchronous SHA-1 pays only per byte. On the size curve (bench/sizes.ts, bench/RESULTS.md)
 * WebCrypto lost at 4 KB everywhere and at 64 KB on Node and Deno, and won at 1 MB on all three
 * (Bun already at 64 KB): 256 KB is the crossover rounded up to the side where no runtime loses.
 * Platform messages (about 250 bytes to a few KB) never reach it.
 */
export const ASYNC_HMAC_THRESHOLD = 256 * 1024;

/** A raw MAC that may answer later: at once below the threshold, by WebCrypto above it. */
export type AsyncMac = (path: string, body: Input) => Uint8Array | Promise<Uint8Array>;

/**
 * The MAC for one key, `sync` making the synchronous one (noble's `createMac`, passed in so this
 * file does not bundle noble itself). WebCrypto is used only where it exists (`crypto.subtle`, missing in an
 * insecure browser context) and only while it works: a failed key import or sign falls back to
 * the synchronous MAC for that call (same bytes) and the import is tried again on the next large body.
 */
export function asyncMac(key: string, sync: (key: string) => (path: string, body: Input) => Uint8Array): AsyncMac {
  const mac = sync(key);
  let keyed: Promise<CryptoKey> | undefined;
  const native = async (path: string, body: Input): Promise<Uint8Array> => {
    const subtle = crypto.subtle;
    // Path and body encoded apart, as the synchronous MAC does: a surrogate pair split across them must not join.
    const bytes = new Uint8Array(maxUtf8Length(path) + maxUtf8Length(body));
    const pathLength = writeUtf8(path, bytes, 0);
    const length = pathLength + writeUtf8(body, bytes, pathLength);
    try {
      keyed ??= subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
      return new Uint8Array(await subtle.sign('HMAC', await keyed, bytes.subarray(0, length)));
    } catch {
      // Not kept: the next large body tries again; this one is signed synchronously, the same bytes.
      keyed = undefined;
      return mac(path, body);
    }
  };
  return (path, body) => (body.length >= ASYNC_HMAC_THRESHOLD && typeof crypto !== 'undefined' && crypto.subtle ? native(path, body) : mac(path, body));
}

/** `asyncMac` in base64: the client's signer. */
export function asyncSigner(key: string, sync: (key: string) => (path: string, body: Input) => Uint8Array): (path: string, body: Input) => string | Promise<string> {
  const mac = asyncMac(key, sync);
  return (path, body) => {
    const out = mac(path, body);
    return out instanceof Uint8Array ? encodeBase64(out) : out.then(encodeBase64);
  };
}
