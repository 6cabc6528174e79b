/**
 * The types every route, middleware and the sandbox share: the env the host gives the app and the
 * per-request variables. In their own file so that routes need not import `app.ts`, which imports
 * every route (no import cycle, type-only ones included: `npm run lint:cycles`).
 */
import type { Context } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import type { ClientOptions } from 'passto';
import type { PasstoVariables } from 'passto/hono';
import type { GatewayEnv } from './env.ts';

/** Per-request values the routes share (the webhook and credit-limit routes set `PasstoVariables`). */
export interface GatewayVariables extends RequestIdVariables, PasstoVariables {
  /** This exchange's trace id (the caller's `trace` header, or a new one); the same as `requestId`. */
  trace: string;
  /** The fetch for real network calls (PassTo, the platform backend). */
  fetch: typeof fetch;
  /** Calls this same app in-process, with the same env: the sandbox and the gateway talk this way. */
  dispatch: (request: Request) => Promise<Response>;
  /**
   * Set by a development entry (worker/development.ts): where the PassTo client calls instead of
   * PassTo over the network (the sandbox, in-process), or undefined to call PassTo. Unset in production.
   */
  passtoInProcess?: (c: Context<GatewayBindings>) => PasstoInProcess | undefined;
}

/** A PassTo reached without the network: its base URL and the fetch that carries the calls there. */
export type PasstoInProcess = Required<Pick<ClientOptions, 'baseUrl' | 'fetch'>>;

/** The Hono environment of the gateway app. */
export type GatewayBindings = { Bindings: GatewayEnv; Variables: GatewayVariables };
