/**
 * The embedded PassTo sandbox (development only): PassTo's API under `/sandbox/api`, its cashier
 * at `/sandbox/oauth`, and its webhook deliveries to the gateway. State lives in D1 (migration
 * 0002). With `SANDBOX` off (production) every route answers 404.
 */
import { Hono } from 'hono';
import type { GatewayBindings } from '../bindings.ts';
import { readConfig } from '../env.ts';
import { sandboxApi } from './api.ts';
import { oauthPage } from './oauth-page.ts';

export { runSandboxDeliveries } from './deliveries.ts';
export { purgeSandbox } from './purge.ts';

/** The sandbox sub-app; app.ts mounts it at `/sandbox`. */
export const sandbox = new Hono<GatewayBindings>();

sandbox.use(async function sandboxEnabled(c, next) {
  if (!readConfig(c.env).sandbox.enabled) return c.json({ code: 'not_found', msg: 'No such route', trace: c.var.trace }, 404);
  await next();
});
sandbox.route('/api', sandboxApi);
sandbox.route('/oauth', oauthPage);
