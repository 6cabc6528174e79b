/**
 * PassTo's answer envelope `{code, msg, data, trace}` (platform spec, "Response envelope and
 * errors"), as the sandbox API writes it. `code` 0 is success.
 *
 * The sandbox's rule for HTTP statuses: a request PassTo cannot even consider (bad api-key or
 * signature: 401; a body that fails the schema: 400) gets that HTTP status with the same `code`;
 * a well-formed request refused for a business reason (unknown platform: 404; unknown, used or
 * expired ident_code: 404, 409, 410) gets HTTP 200 with the non-zero `code`, so clients exercise
 * both paths the spec warns about ("a non-zero code, whatever the HTTP status").
 */
import type { Context } from 'hono';
import type { GatewayBindings } from '../bindings.ts';

/** A refusal: PassTo's non-zero code, its message (never a secret), and the HTTP status used. */
export interface PasstoFailure {
  httpStatus: 200 | 400 | 401 | 404;
  code: number;
  msg: string;
}

/** The success envelope. */
export function passtoSuccess(c: Context<GatewayBindings>, data: unknown): Response {
  return c.json({ code: 0, msg: 'success', data, trace: c.var.trace }, 200);
}

/** A failure envelope, `data: null`. */
export function passtoFailure(c: Context<GatewayBindings>, failure: PasstoFailure): Response {
  return c.json({ code: failure.code, msg: failure.msg, data: null, trace: c.var.trace }, failure.httpStatus);
}
