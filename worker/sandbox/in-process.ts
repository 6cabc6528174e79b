/**
 * How the gateway's PassTo client reaches the sandbox: in-process (no network hop), at the
 * sandbox's API base, when `PASSTO_BASE_URL` is unset and the sandbox is on. A development entry
 * hands this to the gateway (worker/development.ts); the production Worker has no such way.
 */
import type { Context } from 'hono';
import type { GatewayBindings, PasstoInProcess } from '../bindings.ts';
import { readConfig } from '../env.ts';
import { SANDBOX } from './defaults.ts';

/**
 * The sandbox as this request's PassTo, or undefined to call the PassTo of `PASSTO_BASE_URL`.
 *
 * @example
 * ```ts
 * const client = createClient({ apiKey, signatureKey, platId, ...(passtoInSandbox(c) ?? { baseUrl }) });
 * ```
 */
export function passtoInSandbox(c: Context<GatewayBindings>): PasstoInProcess | undefined {
  const config = readConfig(c.env);
  if (config.passto.baseUrl !== undefined || !config.sandbox.enabled) return undefined;
  return {
    // The request's own origin: a PUBLIC_URL path prefix belongs to the proxy, not to this app.
    baseUrl: `${new URL(c.req.url).origin}${SANDBOX.apiBase}`,
    fetch: (input, init) => c.var.dispatch(new Request(input, init)),
  };
}
