/** Work that goes on after the response: `waitUntil` on Workers, a detached promise elsewhere. */
import type { Context, ExecutionContext } from 'hono';

/** The request's execution context; Hono throws when there is none (outside Workers). */
export function tryExecutionCtx(c: Context): ExecutionContext | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/** Background work still running outside Workers, so a host can let it finish before it stops. */
const running = new Set<Promise<unknown>>();

/** Runs `work` after the response; its failure is logged (the cron or timer retries what it left undone). */
export function background(c: Context, work: Promise<unknown>): void {
  const settled = work.catch((error: unknown) => console.error('background work failed:', error instanceof Error ? error.message : error));
  const ctx = tryExecutionCtx(c);
  if (ctx) {
    ctx.waitUntil(settled);
    return;
  }
  // Without an execution context (Node, Deno, Bun) the promise runs on by itself: keep track of it.
  running.add(settled);
  void settled.finally(() => running.delete(settled));
}

/** Resolves once the background work started so far has finished (hosts call it before closing the database). */
export async function backgroundSettled(): Promise<void> {
  while (running.size > 0) await Promise.all(running);
}
