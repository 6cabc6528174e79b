/**
 * The embedded PassTo sandbox (development only): PassTo's API under `/sandbox/api`, its cashier
 * at `/sandbox/oauth`, and its webhook deliveries to the gateway. State lives in D1 (migration
 * 0002). The gateway's PassTo client reaches it in-process (in-process.ts) when PASSTO_BASE_URL is
 * unset. Only the development entries import this folder (worker/development.ts); there, with
 * `SANDBOX` off, every route answers 404, as it does in production where nothing is mounted.
 */
import { Hono } from 'hono';
import type { GatewayBindings } from '../bindings.ts';
import type { Development } from '../development.ts';
import { readConfig } from '../env.ts';
import { sandboxApi } from './api.ts';
import { runSandboxDeliveries } from './deliveries.ts';
import { passtoInSandbox } from './in-process.ts';
import { oauthPage } from './oauth-page.ts';
import { purgeSandbox } from './purge.ts';

/** The sandbox sub-app, mounted at `/sandbox` by `createGateway({ sandbox })`. */
const sandbox = new Hono<GatewayBindings>();

sandbox.use(async function sandboxEnabled(c, next) {
  if (!readConfig(c.env).sandbox.enabled) return c.json({ code: 'not_found', msg: 'No such route', trace: c.var.trace }, 404);
  await next();
});
sandbox.route('/api', sandboxApi);
sandbox.route('/oauth', oauthPage);

/**
 * What the development entries pass to the gateway and its periodic job.
 *
 * @example
 * ```ts
 * const app = createGateway({ sandbox: development.sandbox });
 * await runScheduled(app, env, { development });
 * ```
 */
export const development: Development = {
  sandbox: { app: sandbox, passto: passtoInSandbox },
  async scheduled({ env, config, dispatch, now }) {
    const attempted = await runSandboxDeliveries({ db: env.DB, config, dispatch, now });
    await purgeSandbox(env.DB, now());
    return attempted;
  },
};
