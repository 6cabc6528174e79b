/**
 * deadline.ts, the transport's timer: it fires one I/O turn after its delay (so that an answer
 * already in is kept: deadline-io-turn.test.ts proves that with a blocked event loop), and its
 * delay stays within what setTimeout can hold.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deadlineTimer } from '../src/deadline.ts';
import { MAX_WAIT } from '../src/retry.ts';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('deadlineTimer', () => {
  it('fires after the delay and one I/O turn (setImmediate)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fired = vi.fn();
    deadlineTimer(100, fired);
    vi.advanceTimersByTime(99);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).not.toHaveBeenCalled(); // waits for the I/O turn
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('keeps the delay within 0 and MAX_WAIT (setTimeout fires at once past 2^31-1 ms)', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const noop = () => {};
    clearTimeout(deadlineTimer(MAX_WAIT + 10, noop));
    clearTimeout(deadlineTimer(-5, noop));
    clearTimeout(deadlineTimer(1234, noop));
    expect(spy.mock.calls.map((call) => call[1])).toEqual([MAX_WAIT, 0, 1234]);
    spy.mockRestore();
  });

  it('without setImmediate (browsers, workerd), yields with a zero timer instead', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('setImmediate', undefined);
    const fired = vi.fn();
    deadlineTimer(100, fired);
    vi.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1);
    vi.runOnlyPendingTimers();
    expect(fired).toHaveBeenCalledTimes(1);
  });
});
