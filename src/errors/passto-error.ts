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

/**
 * True when `error` is a PasstoError, also across realms and duplicated copies of this package,
 * where `instanceof` fails: it checks the name too. Pass a name to narrow to one kind.
 */
export function isPasstoError(error: unknown, name?: string): error is PasstoError {
  if (!(error instanceof Error)) return false;
  if (name !== undefined) return error.name === name;
  return error instanceof PasstoError || 'trace' in error;
}
