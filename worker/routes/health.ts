/** `GET /health`: liveness, answered even while the configuration has problems (app.ts). */
import type { MiddlewareHandler } from 'hono';
import type { GatewayBindings } from '../bindings.ts';

/** The route's handlers; mounted by the route table (worker/routes.ts). */
export const answerHealth: readonly MiddlewareHandler<GatewayBindings>[] = [async (c) => c.json({ ok: true as const })];
