import { PasstoError } from './passto-error.ts';

/** The request could not be sent, or the connection broke before a full answer arrived. */
export class NetworkError extends PasstoError {
  override name = 'NetworkError';

  constructor(init: { cause: unknown; trace?: string | undefined }) {
    const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
    super(`Network failure: ${reason}`, init);
  }
}
