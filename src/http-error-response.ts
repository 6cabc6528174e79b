/**
 * The one place where an error becomes an HTTP answer: `{status, code, msg, trace}`. Messages of
 * this library's errors carry no secrets and no values (see `PasstoError`); anything else gets a
 * fixed message, so an unexpected exception never leaks into a response.
 */
import { isPasstoError } from './errors/is-passto-error.ts';

/** An error as an HTTP answer: the status, and the JSON body `{code, msg, trace}`. */
export interface HttpErrorResponse {
  status: 400 | 401 | 413 | 500 | 502 | 504;
  /** A stable, machine-readable code: `bad_signature`, `invalid_request`, ... */
  code: string;
  /** A human-readable explanation without secrets. */
  msg: string;
  /** The trace id of the exchange, when known. */
  trace: string | undefined;
}

/** Per error name: the status and code it answers with. */
const BY_NAME: Record<string, Pick<HttpErrorResponse, 'status' | 'code'>> = {
  SignatureError: { status: 401, code: 'bad_signature' },
  ValidationError: { status: 400, code: 'invalid_request' },
  PayloadTooLargeError: { status: 413, code: 'payload_too_large' },
  // Failures of calls to PassTo, for a gateway that relays them.
  ApiError: { status: 502, code: 'upstream_error' },
  HttpError: { status: 502, code: 'upstream_error' },
  ResponseError: { status: 502, code: 'upstream_error' },
  NetworkError: { status: 502, code: 'upstream_unreachable' },
  TimeoutError: { status: 504, code: 'upstream_timeout' },
};

/**
 * Maps an error to `{status, code, msg, trace}`: `SignatureError` 401 `bad_signature`,
 * `ValidationError` 400 `invalid_request` (msg names the fields), `PayloadTooLargeError` 413
 * `payload_too_large`, PassTo call failures 502/504, anything else 500 `internal_error` with a
 * fixed message. `trace` is the error's own, else the one given (the request's `trace` header).
 *
 * @example
 * ```ts
 * import { httpErrorResponse } from 'passto/hono';
 * const { status, ...body } = httpErrorResponse(error, c.req.header('trace'));
 * return c.json(body, status);
 * ```
 */
export function httpErrorResponse(error: unknown, trace?: string): HttpErrorResponse {
  if (isPasstoError(error) && Object.hasOwn(BY_NAME, error.name)) {
    return { ...BY_NAME[error.name]!, msg: error.message, trace: error.trace ?? trace };
  }
  return { status: 500, code: 'internal_error', msg: 'internal error', trace };
}
