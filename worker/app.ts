/**
 * The gateway: one Hono app that signs outbound calls to PassTo, verifies and durably stores
 * PassTo's inbound calls, and forwards events to the platform backend. Its routes, with their
 * auth, come from the route table (routes.ts); development entries add the PassTo sandbox. Hosts
 * (adapters/) hand it requests and an env with `DB`.
 */
import type { MiddlewareHandler } from 'hono';
// PatternRouter (`hono/tiny`): the smallest router, ~1.5 KiB gzip less in the Worker than the default
// SmartRouter, and plenty for a table of twenty routes (issue 12, target 4).
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { matchedRoutes } from 'hono/route';
import { tryExecutionCtx } from './background.ts';
import type { GatewayBindings } from './bindings.ts';
import type { DevelopmentSandbox } from './development.ts';
import { DEFAULTS, describeProblems, readConfig } from './env.ts';
import { errorResponse, GatewayError } from './http-error.ts';
import { bearerAuth } from './middleware/bearer-auth.ts';
import { trace } from './middleware/trace.ts';
import { honoPath, ROUTES, type RouteAuth } from './routes.ts';

/** The global fetch, called unbound (Workers refuse `fetch` called as a method of another object). */
export const outbound: typeof fetch = (input, init) => fetch(input, init);

export type { GatewayBindings, GatewayVariables } from './bindings.ts';

/** What the host adds to the gateway. */
export interface GatewayOptions {
  /**
   * The PassTo sandbox, mounted at `/sandbox` by development entries only (never in the production
   * Worker), and reached in-process by the PassTo client when `PASSTO_BASE_URL` is unset.
   */
  sandbox?: DevelopmentSandbox;
}

/**
 * Creates the gateway app.
 *
 * @example
 * ```ts
 * const app = createGateway();
 * export default { fetch: (request, env, ctx) => app.fetch(request, { ...env, DB: d1Database(env.DB) }, ctx) };
 * ```
 */
export function createGateway(options: GatewayOptions = {}): Hono<GatewayBindings> {
  const app = new Hono<GatewayBindings>();

  app.use(trace());
  app.use(async function context(c, next) {
    c.set('fetch', outbound);
    // Looked up only when used: outside Workers, Hono's getter throws, and building that error on
    // every request cost ~4% of the Node adapter's CPU (issue 12).
    c.set('dispatch', async (request) => app.fetch(request, c.env, tryExecutionCtx(c)));
    if (options.sandbox) c.set('passtoInProcess', options.sandbox.passto);
    await next();
  });
  // A known path with another method: 405 and `Allow` (RFC 9110 section 15.5.6), not 404.
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        errorResponse(c, new GatewayError(405, 'method_not_allowed', `${c.req.method} is not allowed here; allowed: ${methods.join(', ')}`, {}, { Allow: methods.join(', ') })),
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

  for (const route of ROUTES) {
    const [first, ...rest] = [...AUTH[route.auth](), ...route.handlers];
    if (!first) throw new TypeError(`route ${route.operationId}: no handler`);
    app.on(route.method.toUpperCase(), honoPath(route.path), first, ...rest);
  }
  if (options.sandbox) app.route('/sandbox', options.sandbox.app);

  app.notFound((c) => errorResponse(c, new GatewayError(404, 'not_found', 'No such route')));
  // One path for every error: ours, Hono's (`HTTPException`), the SDK's and the unexpected (500).
  app.onError((error, c) => errorResponse(c, error));
  return app;
}

/** The middleware each kind of auth puts before a route's handlers (a PassTo signature is verified by the handler, over the raw body). */
const AUTH: Record<RouteAuth, () => MiddlewareHandler<GatewayBindings>[]> = {
  bearer: () => [bearerAuth()],
  signature: () => [],
  none: () => [],
};

// Each misconfigured env is logged once, not on every request.
const reported = new WeakSet<object>();

/** `METHOD /path` of the routes the table marks `servesUnconfigured`, as the router registered them. */
const SERVES_UNCONFIGURED = new Set(ROUTES.filter((route) => route.servesUnconfigured).map((route) => `${route.method.toUpperCase()} ${honoPath(route.path)}`));

/**
 * Every route but those the table marks `servesUnconfigured` (`/health`) answers 503
 * `not_configured` while the configuration has problems, naming each variable and why, never its
 * value. On Workers nothing refuses to start, so this is where a missing secret or a malformed
 * value shows; the Node, Deno and Bun adapters refuse to start instead (adapters/serve-gateway.ts).
 */
function requireConfigured(): MiddlewareHandler<GatewayBindings> {
  return async function requireConfiguredMiddleware(c, next) {
    const { problems } = readConfig(c.env);
    // The route that answers is the last one matched: the table's routes follow every middleware.
    const answering = matchedRoutes(c).at(-1);
    if (problems.length === 0 || (answering && SERVES_UNCONFIGURED.has(`${answering.method} ${answering.path}`))) return next();
    const lines = describeProblems(problems);
    if (!reported.has(c.env)) {
      reported.add(c.env);
      console.error(`passto gateway not configured: ${lines.join('; ')}`);
    }
    throw new GatewayError(503, 'not_configured', `The gateway is not configured: ${lines.join('; ')}`, { problems });
  };
}
