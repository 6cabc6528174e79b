/**
 * The gateway's one HTTP error type, and the one place where any error becomes the JSON body
 * `{code, msg, trace}` (plus `fields` or `upstream` where they help). `code` is a stable
 * lowercase string; bad input never ends as a 500.
 */
import { isPasstoError } from '../src/index.ts';

/** An error the gateway answers with: status, stable code, a message safe to show. */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The body and status for any error, with the request's trace. */
export function errorBody(error: unknown, trace: string): { status: number; body: Record<string, unknown> } {
  const known = toGatewayError(error);
  return { status: known.status, body: { code: known.code, msg: known.message, trace, ...known.extra } };
}

function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (isPasstoError(error)) {
    const e = error as unknown as Record<string, unknown>;
    switch (error.name) {
      case 'ValidationError':
        return new GatewayError(400, 'invalid_request', error.message, { fields: e.issues });
      case 'SignatureError':
        return new GatewayError(401, 'bad_signature', error.message);
      case 'PayloadTooLargeError':
        return new GatewayError(413, 'payload_too_large', error.message);
      case 'ApiError':
        return new GatewayError(502, 'upstream_error', error.message, { upstream: { code: e.code, msg: e.msg } });
      case 'TimeoutError':
        return new GatewayError(504, 'upstream_timeout', error.message);
      case 'HttpError':
      case 'ResponseError':
      case 'NetworkError':
        return new GatewayError(502, 'upstream_error', error.message);
    }
  }
  return new GatewayError(500, 'internal_error', 'Internal error');
}
