/**
 * Where the sandbox, playing PassTo, reaches the gateway: it sends requests in-process to the
 * gateway's own route, but signs the path of the gateway's public URL, as PassTo signs the path
 * of the URL it calls (platform spec, "Signing"). They differ when `PUBLIC_URL` has a path prefix
 * that a proxy strips; the gateway's verification (worker/upstream.ts) puts it back the same way.
 */
import type { GatewayConfig } from '../env.ts';

/**
 * The request URL (for the in-process call) and the signed path of one gateway route.
 *
 * @example
 * ```ts
 * gatewayTarget(config, 'http://127.0.0.1:8787', '/v1/webhooks');
 * // { url: 'http://127.0.0.1:8787/v1/webhooks', path: '/v1/webhooks' }
 * ```
 */
export function gatewayTarget(config: GatewayConfig, requestOrigin: string, route: string): { url: string; path: string } {
  return { url: `${requestOrigin}${route}`, path: `${config.publicPathPrefix}${route}` };
}
