/**
 * Cloudflare Workers: wrangler's `main`. Hands requests to the gateway app with D1 as its event
 * database, and the cron trigger to the redelivery job.
 */
import { createGateway } from '../../worker/app.ts';
import type { Vars } from '../../worker/env.ts';
import { runScheduled } from '../../worker/scheduled.ts';
import { type D1Like, d1Database } from '../../worker/store/d1.ts';

type Env = Vars & { DB: D1Like };

const app = createGateway();
// One wrapped env per wrangler env object, so configuration is parsed once, not per request.
const envs = new WeakMap<object, Vars & { DB: ReturnType<typeof d1Database> }>();
const gatewayEnv = (env: Env) => {
  let wrapped = envs.get(env);
  if (!wrapped) {
    wrapped = { ...env, DB: d1Database(env.DB) };
    envs.set(env, wrapped);
  }
  return wrapped;
};

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => app.fetch(request, gatewayEnv(env), ctx),
  // Awaited, not waitUntil: the invocation lasts until the round is done, and its outcome is logged.
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    await runScheduled(app, gatewayEnv(env), ctx);
  },
};
