/** `POST /v1/identify/auth`: the platform backend asks for a one-time code; the gateway signs and calls PassTo. */
import type { MiddlewareHandler } from 'hono';
import type { GatewayBindings } from '../bindings.ts';
import { passtoClient } from '../upstream.ts';
import { readJson } from '../validate.ts';

/** The route's handlers, the last one answering; mounted by the route table (worker/routes.ts). */
export const requestAuthCode: readonly MiddlewareHandler<GatewayBindings>[] = [
  async function requestAuthCodeHandler(c) {
    const body = await readJson(c.req.raw);
    // The client validates the body (400 naming every bad field) before anything is sent.
    const result = await passtoClient(c).identify.auth(body as never, { trace: c.var.trace });
    return c.json({ ident_code: result.ident_code, url: result.url, trace: result.trace });
  },
];
