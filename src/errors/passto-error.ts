/**
 * The brand of this library's errors. `Symbol.for` gives the same symbol to every copy of the
 * package and every realm (the global symbol registry is shared), where `instanceof` fails.
 */
export const PASSTO_ERROR: unique symbol = /* @__PURE__ */ Symbol.for('passto.error');

/**
 * The base of every error this library throws. Each subclass has its own `name`, and all carry
 * the `trace` of the exchange they belong to, so a failure can be found in PassTo's logs.
 *
 * No subclass puts a key, a `customer_token` or an `open_token` in its message or properties.
 */
export class PasstoError extends Error {
  override name = 'PasstoError';
  /** Marks this library's errors across copies of the package and realms (see `isPasstoError`). */
  declare readonly [PASSTO_ERROR]: true;
  /** The trace id of the request or delivery this error belongs to, when there is one. */
  readonly trace: string | undefined;

  constructor(message: string, options: { trace?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.trace = options.trace;
    // Set here, not as a class member, so that an unused error class stays tree-shakable.
    Object.defineProperty(this, PASSTO_ERROR, { value: true });
  }

  /** A plain, secret-free view for logs and HTTP bodies. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, trace: this.trace };
  }
}
