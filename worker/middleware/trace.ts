/** Gives every request a trace id: the caller's `trace` header, or a new one. */
import type { MiddlewareHandler } from 'hono';
import type { GatewayBindings } from '../bindings.ts';

const MAX_TRACE_LENGTH = 128;

/** Sets `c.var.trace` and echoes it in the `trace` response header. */
export function trace(): MiddlewareHandler<GatewayBindings> {
  return async function traceMiddleware(c, next) {
    const given = c.req.header('trace');
    const id = given && given.length <= MAX_TRACE_LENGTH ? given : crypto.randomUUID();
    c.set('trace', id);
    await next();
    c.header('trace', id);
  };
}
