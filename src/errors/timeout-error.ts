import { PasstoError } from './passto-error.ts';

/** One attempt, or the overall deadline across retries, ran out of time. */
export class TimeoutError extends PasstoError {
  override name = 'TimeoutError';
  /** The limit that ran out, in milliseconds. */
  readonly timeout: number;
  /** Which limit ran out. */
  readonly scope: 'attempt' | 'deadline';

  constructor(init: { timeout: number; scope: 'attempt' | 'deadline'; trace?: string | undefined }) {
    super(`Request timed out: the ${init.scope} limit of ${init.timeout} ms ran out`, init);
    this.timeout = init.timeout;
    this.scope = init.scope;
  }
}
