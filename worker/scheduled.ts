/**
 * The periodic job (the Worker's cron trigger; a timer in the other adapters): forwards due
 * events, runs the sandbox's due webhook deliveries, and purges events past their retention (their
 * tombstones stay until `EVENT_TOMBSTONE_DAYS`).
 */
import type { ExecutionContext, Hono } from 'hono';
import { outbound } from './app.ts';
import type { GatewayBindings } from './bindings.ts';
import { type GatewayEnv, readConfig } from './env.ts';
import { forwardDueEvents } from './forward.ts';
import { purgeSandbox, runSandboxDeliveries } from './sandbox/index.ts';
import { purgeEvents } from './store/event-log.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs one round of the periodic job; answers what it did, for logs and tests. */
export async function runScheduled(
  app: Hono<GatewayBindings>,
  env: GatewayEnv,
  executionCtx?: ExecutionContext,
): Promise<{ forwarded: number; sandboxDeliveries: number; purged: number }> {
  const config = readConfig(env);
  const now = Date.now;
  const forwarded = await forwardDueEvents({ db: env.DB, config, fetch: outbound, now });
  const sandboxDeliveries = config.sandbox.enabled
    ? await runSandboxDeliveries({ db: env.DB, config, dispatch: async (request: Request) => app.fetch(request, env, executionCtx), now })
    : 0;
  const purged = await purgeEvents(env.DB, now() - config.eventRetentionDays * DAY_MS, now() - config.eventTombstoneDays * DAY_MS);
  if (config.sandbox.enabled) await purgeSandbox(env.DB, now());
  return { forwarded, sandboxDeliveries, purged };
}
