/**
 * The one backoff: exponential, capped, with a chosen share of jitter. The client, forwarding
 * and the sandbox's deliveries all wait by it (with their own base, cap and jitter).
 */

/** How the wait grows: `baseDelay` before the first retry, doubled each time, at most `maxDelay`. */
export interface Backoff {
  /** The wait before the first retry, in ms, before jitter. */
  baseDelay: number;
  /** The longest wait, in ms, before jitter. */
  maxDelay: number;
  /**
   * The share of the wait that is random, from 0 to 1 (default 1): the wait is drawn uniformly
   * from `[d * (1 - jitter), d)`. 1 is "full jitter" (`[0, d)`), 0.5 "equal jitter" (`[d/2, d)`),
   * 0 none (exactly `d`). Jitter spreads out the retries of callers that failed together.
   */
  jitter?: number;
}

/**
 * The wait before retry number `retry` (1 for the first): `d = min(maxDelay, baseDelay * 2^(retry-1))`,
 * then jittered as `d * (1 - jitter + jitter * random())`.
 *
 * @example
 * ```ts
 * backoffDelay(3, { baseDelay: 300, maxDelay: 5000 }); // uniform in [0, 1200)
 * backoffDelay(3, { baseDelay: 5000, maxDelay: Infinity, jitter: 0 }); // 20000
 * ```
 */
export function backoffDelay(retry: number, backoff: Backoff, random: () => number = Math.random): number {
  const jitter = backoff.jitter ?? 1;
  return Math.min(backoff.maxDelay, backoff.baseDelay * 2 ** (retry - 1)) * (1 - jitter + jitter * random());
}
