/**
 * backoff.ts, the one backoff: its exact bounds for every share of jitter, as the client (full),
 * forwarding (half) and the sandbox's deliveries (none) use it.
 */
import { describe, expect, it } from 'vitest';
import { type Backoff, backoffDelay } from '../src/backoff.ts';

describe('backoffDelay', () => {
  const full: Backoff = { baseDelay: 100, maxDelay: 700 };

  it('full jitter by default: draws below baseDelay * 2^(retry-1), capped at maxDelay, scaled by the random draw', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, full, () => 0.5))).toEqual([50, 100, 200, 350, 350]);
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, full, () => 0))).toEqual([0, 0, 0, 0]);
    expect(backoffDelay(3, full, () => 0.999)).toBeCloseTo(399.6, 6);
    expect(backoffDelay(1, { baseDelay: 300, maxDelay: 200 }, () => 1)).toBe(200);
    expect(backoffDelay(2, { ...full, jitter: 1 }, () => 0.25)).toBe(50);
  });

  it('no jitter: exactly baseDelay * 2^(retry-1), capped, whatever the draw', () => {
    const none: Backoff = { baseDelay: 5000, maxDelay: Number.POSITIVE_INFINITY, jitter: 0 };
    expect([1, 2, 3, 9].map((retry) => backoffDelay(retry, none, () => 0.7))).toEqual([5000, 10_000, 20_000, 1_280_000]);
    expect(backoffDelay(4, { baseDelay: 5000, maxDelay: 30_000, jitter: 0 }, () => 0.7)).toBe(30_000);
  });

  it('half jitter: drawn from [d/2, d)', () => {
    const half: Backoff = { baseDelay: 30_000, maxDelay: 6 * 3600_000, jitter: 0.5 };
    expect(backoffDelay(1, half, () => 0)).toBe(15_000);
    expect(backoffDelay(1, half, () => 0.5)).toBe(22_500);
    expect(backoffDelay(2, half, () => 0.999)).toBeCloseTo(59_970, 6);
    expect(backoffDelay(20, half, () => 0)).toBe(3 * 3600_000);
  });

  it('uses Math.random when no draw is given, staying inside the bound', () => {
    for (let i = 0; i < 50; i++) {
      const wait = backoffDelay(2, full);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(200);
      const half = backoffDelay(2, { ...full, jitter: 0.5 });
      expect(half).toBeGreaterThanOrEqual(100);
      expect(half).toBeLessThan(200);
    }
  });
});
