/**
 * The base of every error this library throws. Each subclass has its own `name`, and all carry
 * the `trace` of the exchange they belong to, so a failure can be found in PassTo's logs.
 *
 * No subclass puts a key, a `customer_token` or an `open_token` in its message or properties.
 */
export class PasstoError extends Error {
  override name = 'PasstoError';
  /** The trace id of the request or delivery this error belongs to, when there is one. */
  readonly trace: string | undefined;

  constructor(message: string, options: { trace?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.trace = options.trace;
  }

  /** A plain, secret-free view for logs and HTTP bodies. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, trace: this.trace };
  }
}

/** The names of this library's errors (each class sets its own). */
const NAMES = new Set([
  'PasstoError',
  'ValidationError',
  'ApiError',
  'HttpError',
  'ResponseError',
  'TimeoutError',
  'NetworkError',
  'SignatureError',
  'PayloadTooLargeError',
]);

/**
 * True when `error` is a PasstoError, also across realms and duplicated copies of this package,
 * where `instanceof` fails: then it must carry one of our names, a `trace` and `toJSON`, so a
 * platform `TimeoutError` (a DOMException) is not taken for ours. Pass a name to narrow to one kind.
 */
export function isPasstoError(error: unknown, name?: string): error is PasstoError {
  // An Error of any realm (instanceof Error fails across realms; the tag does not).
  if (Object.prototype.toString.call(error) !== '[object Error]') return false;
  const e = error as { name?: unknown; toJSON?: unknown };
  const ours =
    error instanceof PasstoError || (typeof e.name === 'string' && NAMES.has(e.name) && 'trace' in e && typeof e.toJSON === 'function');
  return ours && (name === undefined || e.name === name);
}
