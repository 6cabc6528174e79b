/**
 * The periodic job (the Worker's cron trigger; a timer in the other adapters): forwards due
 * events and purges events past their retention (their tombstones stay until
 * `EVENT_TOMBSTONE_DAYS`). A development entry adds the sandbox's due webhook deliveries.
 */
import type { ExecutionContext, Hono } from 'hono';
import { outbound } from './app.ts';
import type { GatewayBindings } from './bindings.ts';
import type { Development } from './development.ts';
import { type GatewayEnv, readConfig } from './env.ts';
import { forwardDueEvents } from './forward.ts';
import { purgeEvents } from './store/event-log.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs one round of the periodic job; answers what it did, for logs and tests. */
export async function runScheduled(
  app: Hono<GatewayBindings>,
  env: GatewayEnv,
  options: { executionCtx?: ExecutionContext | undefined; development?: Development | undefined } = {},
): Promise<{ forwarded: number; sandboxDeliveries: number; purged: number }> {
  const config = readConfig(env);
  const now = Date.now;
  const forwarded = await forwardDueEvents({ db: env.DB, config, fetch: outbound, now });
  const dispatch = async (request: Request) => app.fetch(request, env, options.executionCtx);
  // `sandbox.enabled` is true only where a development entry mounts the sandbox (worker/env.ts).
  const sandboxDeliveries = options.development && config.sandbox.enabled ? await options.development.scheduled({ env, config, dispatch, now }) : 0;
  const purged = await purgeEvents(env.DB, now() - config.eventRetentionDays * DAY_MS, now() - config.eventTombstoneDays * DAY_MS);
  return { forwarded, sandboxDeliveries, purged };
}
