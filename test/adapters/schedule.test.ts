/** The schedule timer that replaces the Worker's cron outside Cloudflare (adapters/schedule.ts). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSchedule } from '../../adapters/schedule.ts';

describe('startSchedule', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every interval, the first run one interval after the start', async () => {
    const task = vi.fn(async () => {});
    const schedule = startSchedule(task, { intervalMs: 1000, onError: () => {} });
    await vi.advanceTimersByTimeAsync(999);
    expect(task).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(task).toHaveBeenCalledTimes(4);
    await schedule.stop();
  });

  it('never overlaps runs: a slow run delays the next one', async () => {
    let active = 0;
    let maxActive = 0;
    const starts: number[] = [];
    const task = async () => {
      starts.push(Date.now());
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      active--;
    };
    const schedule = startSchedule(task, { intervalMs: 1000, onError: () => {} });
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(maxActive).toBe(1);
    // Runs start at 1 s, then as soon as the previous 2.5 s run ends (a 0 ms timeout fires after 1 ms).
    expect(starts[0]! - t0).toBe(1000);
    expect(starts).toHaveLength(4);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(2500);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(2502);
    const stopped = schedule.stop(); // the fourth run is still going: let it end
    await vi.advanceTimersByTimeAsync(3000);
    await stopped;
  });

  it('logs a failed run and keeps going', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const task = vi.fn(async () => {
      n++;
      if (n === 1) throw new Error('database is locked');
    });
    const schedule = startSchedule(task, { intervalMs: 100, onError: (error) => errors.push(error) });
    await vi.advanceTimersByTimeAsync(350);
    expect(task).toHaveBeenCalledTimes(3);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('database is locked');
    await schedule.stop();
  });

  it('survives a throwing error logger', async () => {
    const task = vi.fn(async () => {
      throw new Error('x');
    });
    const schedule = startSchedule(task, {
      intervalMs: 100,
      onError: () => {
        throw new Error('logger broke');
      },
    });
    await vi.advanceTimersByTimeAsync(250);
    expect(task).toHaveBeenCalledTimes(2);
    await schedule.stop();
  });

  it('stop() cancels the timer and waits for the run in progress', async () => {
    let finished = false;
    const task = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      finished = true;
    });
    const schedule = startSchedule(task, { intervalMs: 100, onError: () => {} });
    await vi.advanceTimersByTimeAsync(150); // the first run is in progress
    const stopped = schedule.stop().then(() => finished);
    await vi.advanceTimersByTimeAsync(500);
    expect(await stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(1);
  });
});
