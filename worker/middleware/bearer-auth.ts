/**
 * `Authorization: Bearer <GATEWAY_TOKEN>` for the platform's routes. `GATEWAY_TOKEN` may hold
 * several comma-separated tokens (rotation). Every token is compared, in constant time, through
 * fixed-length HMACs so neither the position of a difference nor the tokens' lengths show.
 */
import type { MiddlewareHandler } from 'hono';
import { signBytes } from '../../src/sign.ts';
import { timingSafeEqual } from '../../src/timing-safe-equal.ts';
import type { GatewayBindings } from '../app.ts';
import { readConfig } from '../env.ts';
import { GatewayError } from '../http-error.ts';

// A per-isolate random key: digests of equal strings match, nothing else can be learned from them.
// Made on first use: Workers refuse random values at global scope.
let compareKey: Uint8Array | undefined;
const digest = (token: string) => {
  compareKey ??= crypto.getRandomValues(new Uint8Array(32));
  return signBytes({ key: compareKey, path: '', body: token });
};

/** Refuses requests without a valid bearer token with 401 `unauthorized`. */
export function bearerAuth(): MiddlewareHandler<GatewayBindings> {
  return async function bearerAuthMiddleware(c, next) {
    const tokens = readConfig(c.env).gatewayTokens;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match) throw new GatewayError(401, 'unauthorized', 'Missing bearer token');
    // Without GATEWAY_TOKEN no token matches; the answer does not tell a caller so.
    if (tokens.length === 0) console.error('GATEWAY_TOKEN is not set: every bearer-protected route refuses');
    const given = digest(match[1]!);
    let ok = false;
    for (const token of tokens) ok = timingSafeEqual(digest(token), given) || ok;
    if (!ok) throw new GatewayError(401, 'unauthorized', 'Invalid bearer token');
    await next();
  };
}
