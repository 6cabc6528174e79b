/**
 * The gateway: one Hono app that signs outbound calls to PassTo, verifies and durably stores
 * PassTo's inbound calls, forwards events to the platform backend and, in development, embeds a
 * PassTo sandbox. Hosts (adapters/) hand it requests and an env with `DB`.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { tryExecutionCtx } from './background.ts';
import type { GatewayBindings } from './bindings.ts';
import { DEFAULTS, describeProblems, readConfig } from './env.ts';
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

export type { GatewayBindings, GatewayVariables } from './bindings.ts';

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
  // A known path with another method: 405 and `Allow` (RFC 9110 section 15.5.6), not 404.
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        c.json(
          { code: 'method_not_allowed', msg: `${c.req.method} is not allowed here; allowed: ${methods.join(', ')}`, trace: c.var.trace },
          405,
          { Allow: methods.join(', ') },
        ),
    }),
  );
  app.use(requireConfigured());
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
    // Hono's bearer auth throws its finished 401 (our body, its WWW-Authenticate challenge).
    if (error instanceof HTTPException && error.res) return error.getResponse();
    const { status, body } = errorBody(error, c.var.trace ?? crypto.randomUUID());
    if (status === 500) console.error('unexpected error:', error instanceof Error ? error.name : typeof error);
    return c.json(body, status as 400);
  });
  return app;
}

// Each misconfigured env is logged once, not on every request.
const reported = new WeakSet<object>();

/**
 * Every route but `/health` answers 503 `not_configured` while the configuration has problems,
 * naming each variable and why, never its value. On Workers nothing refuses to
 * start, so this is where a missing secret or a malformed value shows; the Node, Deno and Bun
 * adapters refuse to start instead (adapters/serve-gateway.ts).
 */
function requireConfigured(): MiddlewareHandler<GatewayBindings> {
  return async function requireConfiguredMiddleware(c, next) {
    const { problems } = readConfig(c.env);
    if (problems.length === 0 || c.req.path === '/health') return next();
    const lines = describeProblems(problems);
    if (!reported.has(c.env)) {
      reported.add(c.env);
      console.error(`passto gateway not configured: ${lines.join('; ')}`);
    }
    throw new GatewayError(503, 'not_configured', `The gateway is not configured: ${lines.join('; ')}`, { problems });
  };
}
