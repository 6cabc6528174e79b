/**
 * The gateway's view of PassTo: a client with the Worker's keys, reaching PassTo at
 * `PASSTO_BASE_URL` (default PassTo's own), or wherever a development entry says instead (the
 * sandbox, in-process: worker/development.ts). Also the public origin and the signed path of
 * inbound calls.
 */
import type { Context } from 'hono';
import { createClient, type Client } from 'passto';
import type { GatewayBindings } from './bindings.ts';
import { describeProblems, readConfig, type Vars } from './env.ts';
import { GatewayError } from './http-error.ts';

/**
 * Refuses with 503 `not_configured` when a variable this route needs has a problem. The app
 * already answers 503 for any problem (app.ts); this keeps a route safe when called on its own.
 */
export function requireUsable(c: Context<GatewayBindings>, ...names: (keyof Vars)[]): void {
  const bad = readConfig(c.env).problems.filter((p) => names.includes(p.variable));
  if (bad.length > 0) throw new GatewayError(503, 'not_configured', describeProblems(bad).join('; '));
}

/** The gateway's public base URL: `PUBLIC_URL`, or the origin of the request it received. */
export function publicOrigin(c: Context<GatewayBindings>): string {
  requireUsable(c, 'PUBLIC_URL');
  return readConfig(c.env).publicUrl ?? new URL(c.req.url).origin;
}

/**
 * The path PassTo signed for an inbound call: the path of the public URL it called. When
 * `PUBLIC_URL` has a path prefix that a proxy strips (`https://pay.example.com/passto`), the
 * prefix is put back.
 */
export function signedInboundPath(c: Context<GatewayBindings>): string {
  requireUsable(c, 'PUBLIC_URL');
  return readConfig(c.env).publicPathPrefix + new URL(c.req.url).pathname;
}

/** The keys PassTo may sign its calls with (the current one, and the previous one during a rotation). */
export function passtoKeys(c: Context<GatewayBindings>): string[] {
  const { signatureKey, previousSignatureKey } = readConfig(c.env).passto;
  if (!signatureKey) throw new GatewayError(503, 'not_configured', 'PASSTO_SIGNATURE_KEY is not set');
  return previousSignatureKey ? [signatureKey, previousSignatureKey] : [signatureKey];
}

/** A PassTo client for this request; 503 `not_configured` when the Worker lacks its keys. */
export function passtoClient(c: Context<GatewayBindings>): Client {
  const config = readConfig(c.env);
  const { apiKey, signatureKey, platId, baseUrl, lang, timeoutMs, platIdParam, customerNoField } = config.passto;
  if (!apiKey || !signatureKey || !platId) {
    throw new GatewayError(503, 'not_configured', 'PASSTO_API_KEY, PASSTO_SIGNATURE_KEY and PASSTO_PLAT_ID must be set');
  }
  // Only a development entry sets this; the production Worker has no other PassTo than the network's.
  const inProcess = c.var.passtoInProcess?.(c);
  return createClient({
    apiKey,
    signatureKey,
    platId,
    platIdParam,
    customerNoField,
    timeout: timeoutMs,
    ...(lang ? { lang } : {}),
    ...(inProcess ?? { ...(baseUrl ? { baseUrl } : {}), fetch: c.var.fetch }),
  });
}
