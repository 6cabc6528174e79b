/**
 * The Worker's handlers, for the production entry (index.ts, wrangler's `main`) and the
 * development one (dev.ts, `npm start`): requests go to the gateway app with D1 as its event
 * database, the cron trigger to the periodic job.
 */
import { createGateway } from '../../worker/app.ts';
import type { Development } from '../../worker/development.ts';
import { describeProblems, type GatewayEnv, readConfig, type Vars } from '../../worker/env.ts';
import { runScheduled } from '../../worker/scheduled.ts';
import { type D1Batching, groupCommitD1 } from '../../worker/store/d1.ts';

type Env = Vars & { DB: D1Batching };

/**
 * The Worker; with `development`, the sandbox is mounted and runs its deliveries on each cron.
 *
 * @example
 * ```ts
 * export default cloudflareWorker(); // production: no sandbox in the bundle
 * ```
 */
export function cloudflareWorker(development?: Development): ExportedHandler<Env> {
  const app = createGateway(development ? { sandbox: development.sandbox } : {});
  // One wrapped env per wrangler env object, so configuration is parsed once, not per request.
  const envs = new WeakMap<object, GatewayEnv>();
  const gatewayEnv = (env: Env) => {
    let wrapped = envs.get(env);
    if (!wrapped) {
      // Writes of concurrent requests share one D1 batch (group commit): one round trip for many.
      wrapped = { ...env, DB: groupCommitD1(env.DB), sandboxMounted: development !== undefined };
      envs.set(env, wrapped);
    }
    return wrapped;
  };
  return {
    fetch: (request, env, ctx) => app.fetch(request, gatewayEnv(env), ctx),
    // Awaited, not waitUntil: the invocation lasts until the round is done, and its outcome is logged.
    async scheduled(_controller, env, ctx) {
      const wrapped = gatewayEnv(env);
      // A misconfigured Worker does nothing on its own either: a malformed EVENT_RETENTION_DAYS must
      // not purge with a default, nor a malformed FORWARD_MAX_ATTEMPTS give up on events early.
      const { problems } = readConfig(wrapped);
      if (problems.length > 0) {
        console.error(`scheduled run skipped, passto gateway not configured: ${describeProblems(problems).join('; ')}`);
        return;
      }
      await runScheduled(app, wrapped, { executionCtx: ctx, development });
    },
  };
}
