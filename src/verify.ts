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
  if (typeof signature !== 'string') return false;
  const received = decodeBase64(signature);
  if (received === undefined || received.length !== 20) return false;
  return timingSafeEqual(received, signBytes({ key, path, body }));
}
