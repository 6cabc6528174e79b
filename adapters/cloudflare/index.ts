/**
 * Cloudflare Workers: wrangler's `main`. Hands requests to the gateway app with D1 as its event
 * database, and the cron trigger to the redelivery job.
 */
import { createGateway } from '../../worker/app.ts';
import { describeProblems, readConfig, type Vars } from '../../worker/env.ts';
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
    const wrapped = gatewayEnv(env);
    // A misconfigured Worker does nothing on its own either: a malformed EVENT_RETENTION_DAYS must
    // not purge with a default, nor a malformed FORWARD_MAX_ATTEMPTS give up on events early.
    const { problems } = readConfig(wrapped);
    if (problems.length > 0) {
      console.error(`scheduled run skipped, passto gateway not configured: ${describeProblems(problems).join('; ')}`);
      return;
    }
    await runScheduled(app, wrapped, ctx);
  },
};
