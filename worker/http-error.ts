/**
 * The gateway's one HTTP error type, and the one place where any error becomes the JSON body
 * `{code, msg, trace}` (plus `fields` or `upstream` where they help). `code` is a stable
 * lowercase string; bad input never ends as a 500.
 */
import { httpErrorResponse, isPasstoError } from '../src/index.ts';

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
  // The library's own mapping (401 bad_signature, 400 invalid_request, 413, 502, 504, else 500),
  // plus what helps a caller here: the bad fields, and PassTo's own code and msg.
  const { status, code, msg } = httpErrorResponse(error);
  const e = error as Record<string, unknown>;
  const extra = isPasstoError(error, 'ValidationError')
    ? { fields: e.issues }
    : isPasstoError(error, 'ApiError')
      ? { upstream: { code: e.code, msg: e.msg } }
      : {};
  return new GatewayError(status, code, msg, extra);
}
