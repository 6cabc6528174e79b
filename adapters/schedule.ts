/**
 * The Worker's cron trigger, as a timer for the long-running adapters (Node, Deno, Bun): runs a
 * task every interval, never two runs at once, logs failures and keeps going.
 */

/** A running schedule. */
export interface Schedule {
  /** Stops the timer and waits for a run in progress to end. */
  stop(): Promise<void>;
}

/** What `startSchedule` needs besides the task. */
export interface ScheduleOptions {
  intervalMs: number;
  /** Told about each failed run; the error is passed as is, so the caller decides what is safe to print. */
  onError: (error: unknown) => void;
}

/**
 * Runs `task` every `intervalMs`, counted from the start of each run; a run that takes longer
 * than the interval delays the next one instead of overlapping it. The first run is one
 * interval after the start, like a cron tick.
 *
 * @example
 * ```ts
 * const schedule = startSchedule(() => runScheduled(app, env), { intervalMs: 60_000, onError: console.error });
 * await schedule.stop();
 * ```
 */
export function startSchedule(task: () => Promise<unknown>, options: ScheduleOptions): Schedule {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  const tick = (): void => {
    const started = Date.now();
    running = (async () => {
      try {
        await task();
      } catch (error) {
        try {
          options.onError(error);
        } catch {
          // A failing logger must not stop the schedule either.
        }
      }
    })();
    void running.then(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(tick, Math.max(0, options.intervalMs - (Date.now() - started)));
    });
  };

  timer = setTimeout(tick, options.intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
