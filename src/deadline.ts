/**
 * The one timer for outbound calls, which keeps answers that are already in.
 *
 * A plain `setTimeout` + `AbortController` throws away answers that are already in: an event loop
 * runs its expired timers before it polls for I/O (Node's loop runs the timers phase, then the
 * poll phase; the others are alike), so on a busy process a timer that has become due during a
 * long synchronous stretch aborts a request whose response bytes are waiting in the socket. A
 * forwarded event would then be sent again although the backend acknowledged it at once.
 * So when the timer fires, `onExpiry` waits one more I/O turn; work that has settled by then counts
 * (the caller ignores an expiry that comes after it settled).
 */
import { MAX_WAIT } from './retry.ts';

/**
 * Calls `onExpiry` `ms` milliseconds from now (kept within 0 and MAX_WAIT), after the I/O that is
 * ready at that moment has been handled. Answers the timer, for `clearTimeout`.
 *
 * @example
 * ```ts
 * const timer = deadlineTimer(3000, () => { if (!done) controller.abort(); });
 * ```
 */
export function deadlineTimer(ms: number, onExpiry: () => void): ReturnType<typeof setTimeout> {
  return setTimeout(() => afterIoTurn(onExpiry), Math.min(Math.max(0, ms), MAX_WAIT));
}

/**
 * Runs `callback` after the I/O that is ready now has been handled: `setImmediate` (Node, Deno,
 * Bun: the check phase follows the poll phase). Where there is none (browsers, workerd without
 * node compatibility), a zero timer, which at least yields to the I/O queued behind this task.
 */
function afterIoTurn(callback: () => void): void {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') immediate(callback);
  else setTimeout(callback, 0);
}
