/**
 * The sandbox's open_token: an HS256 JWT (RFC 7519), signed by `hono/jwt`. Its key is derived
 * from the sandbox signature key, so it is stable across restarts and no new secret needs
 * configuring, but a JWT never reveals the signature key itself.
 */
import { sign } from 'hono/jwt';

/** What identify/redirect's JWT carries (platform spec, "Outbound: identify/redirect"). */
export interface OpenTokenClaims {
  projectId: string;
  platformId: string;
  platformUserId: string;
  userId: string;
  identCode: string;
  /** Seconds since the epoch. */
  iat: number;
  /** Seconds since the epoch: iat + 3600. */
  exp: number;
}

const JWT_KEY_LABEL = 'passto-sandbox-open-token';

/**
 * The HS256 key for one sandbox signature key: HMAC-SHA256(signatureKey, label).
 *
 * @example
 * ```ts
 * const key = await openTokenKey('sandbox-signature-key');
 * ```
 */
export async function openTokenKey(signatureKey: string): Promise<CryptoKey> {
  const derive = await importHmac(encode(signatureKey), ['sign']);
  const raw = new Uint8Array(await crypto.subtle.sign('HMAC', derive, encode(JWT_KEY_LABEL)));
  return importHmac(raw, ['sign', 'verify']);
}

/**
 * Signs claims as a compact HS256 JWT (header `{"alg":"HS256","typ":"JWT"}`).
 *
 * @example
 * ```ts
 * const jwt = await signJwt(claims, await openTokenKey(signatureKey));
 * const openToken = `Bearer ${jwt}`;
 * ```
 */
export function signJwt(claims: OpenTokenClaims, key: CryptoKey): Promise<string> {
  return sign({ ...claims }, key, 'HS256');
}

function encode(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

function importHmac(raw: Uint8Array<ArrayBuffer>, usages: ('sign' | 'verify')[]): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, usages);
}
