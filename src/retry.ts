/**
 * The retry policy: how many retries, exponential backoff with full jitter, and `Retry-After`
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

/** A checked retry policy (defaults in `options.ts`). */
export type RetryPolicy = Required<RetryOptions>;

/**
 * The wait before retry number `retry` (1 for the first): "full jitter", a uniform draw in
 * `[0, min(maxDelay, baseDelay * 2^(retry-1)))`, so that clients failing together spread out.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return random() * Math.min(policy.maxDelay, policy.baseDelay * 2 ** (retry - 1));
}

/**
 * The wait a `Retry-After` header asks for, in ms: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3). `undefined` when the header is missing or unreadable; a past date gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
