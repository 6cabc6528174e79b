/**
 * The gateway's one timeout for its calls to the platform backend (forwarding, credit limit).
 *
 * A plain `setTimeout` + `AbortController` throws away answers that are already in: an event loop
 * runs its expired timers before it polls for I/O (Node's loop runs the timers phase, then the
 * poll phase; the others are alike), so on a busy process a timer that has become due during a
 * long synchronous stretch aborts a request whose response bytes are waiting in the socket. A
 * forwarded event would then be sent again although the backend acknowledged it at once.
 * So when the timer fires, the abort waits one more I/O turn (`setImmediate` runs after the poll
 * phase); work that has settled by then counts.
 */

/** The longest delay a timer takes: setTimeout keeps it in 32 bits and fires at once for more. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The outcome of work run against a deadline: its value, or `timedOut`. */
export type Deadlined<T> = { timedOut: false; value: T } | { timedOut: true };

/**
 * Runs `work` with a signal that aborts `timeoutMs` after the start, unless the work settled by the
 * end of the I/O turn in which the timer fired. Answers the value, or `{timedOut: true}` once
 * aborted (without waiting for the work to notice); a rejection before that is passed on.
 *
 * @example
 * ```ts
 * const result = await withDeadline(3000, (signal) => fetch(url, { signal }).then((r) => r.text()));
 * if (result.timedOut) throw new Error('no answer within 3000 ms');
 * ```
 */
export function withDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<Deadlined<T>> {
  const controller = new AbortController();
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
    };
    const timer = setTimeout(
      () =>
        afterIoTurn(() =>
          settle(() => {
            controller.abort();
            resolve({ timedOut: true });
          }),
        ),
      Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS),
    );
    work(controller.signal).then(
      (value) => settle(() => resolve({ timedOut: false, value })),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/**
 * Runs `callback` after the I/O that is ready now has been handled: `setImmediate` (Node, Deno,
 * Bun: the check phase follows the poll phase). Where there is none (workerd without node
 * compatibility), a zero timer, which at least yields to the I/O queued behind this task.
 */
function afterIoTurn(callback: () => void): void {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') immediate(callback);
  else setTimeout(callback, 0);
}
