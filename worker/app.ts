/**
 * The gateway: one Hono app that signs outbound calls to PassTo, verifies and durably stores
 * PassTo's inbound calls, forwards events to the platform backend and, in development, embeds a
 * PassTo sandbox. Hosts (adapters/) hand it requests and an env with `DB`.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { tryExecutionCtx } from './background.ts';
import { DEFAULTS, type GatewayEnv } from './env.ts';
import { errorBody, GatewayError } from './http-error.ts';
import { bearerAuth } from './middleware/bearer-auth.ts';
import { trace } from './middleware/trace.ts';
import { creditLimit } from './routes/credit-limit.ts';
import { docs } from './routes/docs.ts';
import { events } from './routes/events.ts';
import { identify } from './routes/identify.ts';
import { webhooks } from './routes/webhooks.ts';
import { sandbox } from './sandbox/index.ts';

/** The global fetch, called unbound (Workers refuse `fetch` called as a method of another object). */
export const outbound: typeof fetch = (input, init) => fetch(input, init);

/** Per-request values the routes share. */
export interface GatewayVariables {
  /** This exchange's trace id (the caller's `trace` header, or a new one). */
  trace: string;
  /** The fetch for real network calls (PassTo, the platform backend). */
  fetch: typeof fetch;
  /** Calls this same app in-process, with the same env: the sandbox and the gateway talk this way. */
  dispatch: (request: Request) => Promise<Response>;
}

export type GatewayBindings = { Bindings: GatewayEnv; Variables: GatewayVariables };

/**
 * Creates the gateway app.
 *
 * @example
 * ```ts
 * const app = createGateway();
 * export default { fetch: (request, env, ctx) => app.fetch(request, { ...env, DB: d1Database(env.DB) }, ctx) };
 * ```
 */
export function createGateway(): Hono<GatewayBindings> {
  const app = new Hono<GatewayBindings>();

  app.use(trace());
  app.use(async function context(c, next) {
    c.set('fetch', outbound);
    const executionCtx = tryExecutionCtx(c);
    c.set('dispatch', async (request) => app.fetch(request, c.env, executionCtx));
    await next();
  });
  app.use(
    bodyLimit({
      maxSize: DEFAULTS.maxBodyBytes,
      onError: () => {
        throw new GatewayError(413, 'payload_too_large', `The body is larger than ${DEFAULTS.maxBodyBytes} bytes`);
      },
    }),
  );

  app.get('/health', (c) => c.json({ ok: true }));
  app.use('/v1/identify/*', bearerAuth());
  app.use('/v1/events/*', bearerAuth()); // also matches /v1/events itself
  app.route('/v1/identify', identify);
  app.route('/v1/credit-limit', creditLimit);
  app.route('/v1/webhooks', webhooks);
  app.route('/v1/events', events);
  app.route('/', docs);
  app.route('/sandbox', sandbox);

  app.notFound((c) => c.json({ code: 'not_found', msg: 'No such route', trace: c.var.trace }, 404));
  app.onError((error, c) => {
    const { status, body } = errorBody(error, c.var.trace ?? crypto.randomUUID());
    if (status === 500) console.error('unexpected error:', error instanceof Error ? error.name : typeof error);
    return c.json(body, status as 400);
  });
  return app;
}

