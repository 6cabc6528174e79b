/** Signing by WebCrypto, for the client: same bytes as `createSigner`, a much smaller bundle. */
import { utf8 } from './utf8.ts';

/**
 * HMAC-SHA1 of `path + body` by WebCrypto, base64 (platform spec, "Signing"), the key imported
 * once per client. Same bytes as `createSigner` (both are RFC 2104 HMAC; the tests recompute it
 * with node:crypto), but without bundling noble: that keeps `createClient` inside its 7 KB budget.
 * Node 20, Deno, Bun, workerd and browsers (secure contexts) all have `crypto.subtle`; without it,
 * this throws a TypeError at once, so `createClient` fails rather than its first call.
 */
export function webCryptoSigner(key: string): (path: string, body: string) => Promise<string> {
  // Checked when the client is created, not on its first call.
  const subtle = typeof crypto === 'undefined' ? undefined : crypto.subtle;
  if (!subtle) throw new TypeError('createClient: this runtime has no WebCrypto (crypto.subtle), which the client signs with');
  let keyed: Promise<CryptoKey> | undefined;
  return async (path, body) => {
    // utf8() of a string is a fresh Uint8Array over an ArrayBuffer, as BufferSource wants.
    keyed ??= subtle.importKey('raw', utf8(key) as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']).catch((error) => {
      // Not kept: the next call tries again instead of failing forever.
      keyed = undefined;
      throw error;
    });
    const mac = new Uint8Array(await subtle.sign('HMAC', await keyed, utf8(path + body) as Uint8Array<ArrayBuffer>));
    // 20 bytes: btoa of their Latin-1 string is their base64, and saves bundling base64.ts.
    return btoa(String.fromCharCode(...mac));
  };
}
