/**
 * `Authorization: Bearer <GATEWAY_TOKEN>` for the platform's routes, on Hono's own bearer-auth
 * middleware (RFC 6750: the `WWW-Authenticate: Bearer realm="passto"` challenge of section 3, the
 * `b64token` syntax of section 2.1). `GATEWAY_TOKEN` may hold several comma-separated tokens
 * (rotation). Every token is compared, in constant time, through fixed-length HMACs so neither the
 * position of a difference nor the tokens' lengths show. Refusals are the gateway's
 * `{code, msg, trace}` body with status 401.
 */
import type { MiddlewareHandler } from 'hono';
import { bearerAuth as honoBearerAuth } from 'hono/bearer-auth';
import { signBytes } from 'passto/internal';
import { timingSafeEqual } from 'passto/internal';
import type { GatewayBindings } from '../bindings.ts';
import { readConfig } from '../env.ts';
import { GatewayError } from '../http-error.ts';

/** The realm of the challenge (RFC 6750 section 3). */
export const REALM = 'passto';

// A per-isolate random key: digests of equal strings match, nothing else can be learned from them.
// Made on first use: Workers refuse random values at global scope.
let compareKey: Uint8Array | undefined;
const digest = (token: string) => {
  compareKey ??= crypto.getRandomValues(new Uint8Array(32));
  return signBytes({ key: compareKey, path: '', body: token });
};

/** True when `given` is one of `tokens`; every token is compared, whatever matches first. */
function matchesAny(given: string, tokens: readonly string[]): boolean {
  const mac = digest(given);
  let ok = false;
  for (const token of tokens) ok = timingSafeEqual(digest(token), mac) || ok;
  return ok;
}

/**
 * A 401 in the gateway's shape with its challenge, thrown from Hono's message hook so that every
 * refusal, whatever Hono would have answered (400 for a malformed header), is the gateway's 401.
 */
const refusal = (msg: string, challenge: string) => (): never => {
  throw new GatewayError(401, 'unauthorized', msg, {}, { 'WWW-Authenticate': challenge });
};

/**
 * Refuses requests without a valid bearer token with 401 `unauthorized` and a `WWW-Authenticate`
 * challenge; without any `GATEWAY_TOKEN` configured, with 503 `not_configured`.
 *
 * @example
 * ```ts
 * app.post('/v1/identify/auth', bearerAuth(), handler); // worker/routes.ts: `auth: 'bearer'`
 * ```
 */
export function bearerAuth(): MiddlewareHandler<GatewayBindings> {
  const challenge = `Bearer realm="${REALM}"`;
  const check = honoBearerAuth<GatewayBindings>({
    realm: REALM,
    verifyToken: (token, c) => matchesAny(token, readConfig(c.env).gatewayTokens),
    noAuthenticationHeader: { message: refusal('Missing bearer token', challenge) },
    // Another scheme, or a token with characters RFC 6750 does not allow: still "not authenticated", so 401.
    invalidAuthenticationHeader: { message: refusal('The Authorization header must be `Bearer <token>`', `${challenge}, error="invalid_request"`) },
    invalidToken: { message: refusal('Invalid bearer token', `${challenge}, error="invalid_token"`) },
  });
  return async function bearerAuthMiddleware(c, next) {
    // The app refuses an unconfigured gateway first (app.ts); this keeps the route safe on its own.
    if (readConfig(c.env).gatewayTokens.length === 0) throw new GatewayError(503, 'not_configured', 'GATEWAY_TOKEN: not set');
    return check(c, next);
  };
}
