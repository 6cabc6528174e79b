/**
 * The types every route, middleware and the sandbox share: the env the host gives the app and the
 * per-request variables. In their own file so that routes need not import `app.ts`, which imports
 * every route (no import cycle, type-only ones included: `npm run lint:cycles`).
 */
import type { RequestIdVariables } from 'hono/request-id';
import type { GatewayEnv } from './env.ts';

/** Per-request values the routes share. */
export interface GatewayVariables extends RequestIdVariables {
  /** This exchange's trace id (the caller's `trace` header, or a new one); the same as `requestId`. */
  trace: string;
  /** The fetch for real network calls (PassTo, the platform backend). */
  fetch: typeof fetch;
  /** Calls this same app in-process, with the same env: the sandbox and the gateway talk this way. */
  dispatch: (request: Request) => Promise<Response>;
}

/** The Hono environment of the gateway app. */
export type GatewayBindings = { Bindings: GatewayEnv; Variables: GatewayVariables };
