import { PasstoError } from './passto-error.ts';

/** An inbound body longer than the accepted limit; reading stopped as soon as it went past. */
export class PayloadTooLargeError extends PasstoError {
  override name = 'PayloadTooLargeError';
  /** The limit that was exceeded, in bytes. */
  readonly limit: number;

  constructor(init: { limit: number; trace?: string | undefined }) {
    super(`The body is larger than the limit of ${init.limit} bytes`, init);
    this.limit = init.limit;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limit: this.limit };
  }
}
