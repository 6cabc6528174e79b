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

export function background(c: Context, work: Promise<unknown>): void {
  const settled = work.catch((error: unknown) => console.error('background work failed:', error instanceof Error ? error.message : error));
  // Without an execution context (Node, Deno, Bun) the promise runs on by itself.
  tryExecutionCtx(c)?.waitUntil(settled);
}
