import type { ApiError } from './api-error.ts';
import type { HttpError } from './http-error.ts';
import type { NetworkError } from './network-error.ts';
import { PASSTO_ERROR, PasstoError } from './passto-error.ts';
import type { PayloadTooLargeError } from './payload-too-large-error.ts';
import type { ResponseError } from './response-error.ts';
import type { SignatureError } from './signature-error.ts';
import type { TimeoutError } from './timeout-error.ts';
import type { ValidationError } from './validation-error.ts';

/** Each error of this library by its `name`: what `isPasstoError(error, name)` narrows to. */
export interface PasstoErrors {
  PasstoError: PasstoError;
  ValidationError: ValidationError;
  ApiError: ApiError;
  HttpError: HttpError;
  ResponseError: ResponseError;
  TimeoutError: TimeoutError;
  NetworkError: NetworkError;
  SignatureError: SignatureError;
  PayloadTooLargeError: PayloadTooLargeError;
}

/** The `name` of one of this library's errors. */
export type PasstoErrorName = keyof PasstoErrors;

/**
 * True when `error` is one of this library's errors, also one thrown by another copy of the
 * package or in another realm, where `instanceof` fails: every PasstoError carries the
 * `Symbol.for('passto.error')` brand. A platform error of the same name (a `DOMException`
 * `TimeoutError`) has no brand and is not ours. Pass a name to narrow to that kind (`'PasstoError'`
 * is any of them).
 *
 * @example
 * ```ts
 * import { isPasstoError } from 'passto';
 * try { await client.identify.auth(input); }
 * catch (error) {
 *   if (isPasstoError(error, 'ApiError')) console.log(error.code, error.msg); // typed: ApiError
 *   else if (isPasstoError(error)) console.log(error.toJSON());
 *   else throw error;
 * }
 * ```
 */
export function isPasstoError(error: unknown): error is PasstoError;
export function isPasstoError<N extends PasstoErrorName>(error: unknown, name: N): error is PasstoErrors[N];
export function isPasstoError(error: unknown, name?: PasstoErrorName): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const ours = error instanceof PasstoError || (error as { [PASSTO_ERROR]?: unknown })[PASSTO_ERROR] === true;
  // 'PasstoError' is every one of ours: a `false` must not claim a subclass is not a PasstoError.
  return ours && (name === undefined || name === 'PasstoError' || (error as { name?: unknown }).name === name);
}
