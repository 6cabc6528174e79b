/**
 * Gives every request a trace id, on Hono's `requestId` middleware with the `trace` header: the
 * caller's `trace` (the platform's own id, which PassTo's spec asks to pass along), or a new
 * UUID. The id is `c.var.trace` for the routes and is echoed in the `trace` response header.
 */
import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import type { GatewayBindings } from '../bindings.ts';

const MAX_TRACE_LENGTH = 128;

/**
 * The id a caller's header gives, or a new one. `requestId` alone also refuses any character but
 * `[A-Za-z0-9_=-]`; a caller's id is kept whatever its characters (a header value cannot hold a
 * line break), so a platform's dotted or colon-separated ids still correlate the logs.
 */
const given = (header: string | undefined) => (header && header.length <= MAX_TRACE_LENGTH ? header : crypto.randomUUID());

/** Sets `c.var.trace` (and Hono's `c.var.requestId`) and the `trace` response header. */
export function trace(): MiddlewareHandler<GatewayBindings> {
  const assign = requestId({ headerName: 'trace', limitLength: MAX_TRACE_LENGTH, generator: (c) => given(c.req.header('trace')) });
  return async function traceMiddleware(c, next) {
    return assign(c, async () => {
      c.set('trace', c.var.requestId);
      await next();
    });
  };
}
