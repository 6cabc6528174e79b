/**
 * The retry policy: how many retries, their backoff (backoff.ts, full jitter), and `Retry-After`
 * (RFC 9110 §10.2.3: delay-seconds or an HTTP date).
 */

/** `retry` as a caller writes it; missing fields take the defaults. */
export interface RetryOptions {
  /** Retries after the first attempt (`0`: none). Default 2. */
  limit?: number;
  /** Backoff before the first retry, doubled for each further one, in ms. Default 300. */
  baseDelay?: number;
  /** The longest backoff, in ms. Default 5000. */
  maxDelay?: number;
}

/**
 * The longest wait a timer can take: setTimeout stores its delay in 32 bits and fires after 1 ms
 * for anything longer, so every timeout, deadline and wait is kept at or below this.
 */
export const MAX_WAIT = 2 ** 31 - 1;

/** A checked retry policy (defaults in `options.ts`). */
export type RetryPolicy = Required<RetryOptions>;

/**
 * The wait a `Retry-After` header asks for, in ms, at most MAX_WAIT: delay-seconds or an HTTP date
 * in the IMF-fixdate form `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 §10.2.3, §5.6.7). `undefined`
 * for anything else (the normal backoff applies): `Date.parse` reads almost any text as a date
 * ("1.5" is in 2001), which would mean an immediate retry. A past date gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('120'); // 120000
 * parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT'); // 0: in the past
 * parseRetryAfter('1.5'); // undefined
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  const wait = /^\d+$/.test(text)
    ? Number(text) * 1000
    : /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/.test(text)
      ? Date.parse(text) - now
      : Number.NaN;
  return Number.isNaN(wait) ? undefined : Math.min(Math.max(0, wait), MAX_WAIT);
}
