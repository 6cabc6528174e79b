/** Signing by WebCrypto, for the client: same bytes as `createSigner`, a much smaller bundle. */
import { encodeBase64 } from './base64.ts';
import { utf8 } from './utf8.ts';

/**
 * HMAC-SHA1 of `path + body` by WebCrypto, base64 (platform spec, "Signing"), the key imported
 * once per client. Same bytes as `createSigner` (both are RFC 2104 HMAC; the tests recompute it
 * with node:crypto), but without bundling noble: that keeps `createClient` inside its 7 KB budget.
 * Node 20, Deno, Bun, workerd and browsers (secure contexts) all have `crypto.subtle`.
 */
export function webCryptoSigner(key: string): (path: string, body: string) => Promise<string> {
  let keyed: Promise<CryptoKey> | undefined;
  return async (path, body) => {
    const subtle = typeof crypto === 'undefined' ? undefined : crypto.subtle;
    if (!subtle) throw new TypeError('This runtime has no WebCrypto (crypto.subtle), which createClient signs with');
    // utf8() of a string is a fresh Uint8Array over an ArrayBuffer, as BufferSource wants.
    keyed ??= subtle.importKey('raw', utf8(key) as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
    return encodeBase64(new Uint8Array(await subtle.sign('HMAC', await keyed, utf8(path + body) as Uint8Array<ArrayBuffer>)));
  };
}
