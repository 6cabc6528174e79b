/** Signature verification (platform spec, "Signing": verification compares in constant time). */
import { decodeBase64 } from './base64.ts';
import { type SignInput, signBytes } from './sign.ts';
import { timingSafeEqual } from './timing-safe-equal.ts';

/** What `verify` takes: `sign`'s input and the signature received. */
export interface VerifyInput extends SignInput {
  /** The base64 signature to check; anything malformed simply does not match. */
  signature: string | null | undefined;
}

/**
 * Checks a signature against `path + body`, comparing the decoded bytes in constant time.
 * A missing, empty, malformed or wrong-length signature gives `false`, never an exception.
 *
 * @example
 * ```ts
 * import { verify } from 'passto';
 * const ok = verify({ key, path: new URL(request.url).pathname, body: rawBody, signature });
 * ```
 */
export function verify({ key, path, body, signature }: VerifyInput): boolean {
  const received = decodeSignature(signature);
  return received !== undefined && signatureMatches(received, { key, path, body });
}

/** The length of an HMAC-SHA1 signature, in bytes. */
export const SIGNATURE_BYTES = 20;

/** Decodes a base64 signature; `undefined` unless it is a string of base64 for exactly 20 bytes. */
export function decodeSignature(signature: unknown): Uint8Array | undefined {
  if (typeof signature !== 'string') return undefined;
  const received = decodeBase64(signature);
  return received !== undefined && received.length === SIGNATURE_BYTES ? received : undefined;
}

/** True when the decoded signature `received` is the HMAC of `path + body`, compared in constant time. */
export function signatureMatches(received: Uint8Array, input: SignInput): boolean {
  return timingSafeEqual(received, signBytes(input));
}
