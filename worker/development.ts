/**
 * What a development entry adds to the gateway: the embedded PassTo sandbox, mounted at
 * `/sandbox`, and its share of the periodic job. Only the development entries (`npm start`,
 * `npm run start:<runtime>`, the tests) import worker/sandbox/ and pass one; the production
 * entries pass none, so their bundle holds no sandbox code.
 */
import type { Hono } from 'hono';
import type { GatewayBindings } from './bindings.ts';
import type { GatewayConfig, GatewayEnv } from './env.ts';

/** What the sandbox's scheduled round needs. */
export interface SandboxRound {
  env: GatewayEnv;
  config: GatewayConfig;
  /** Calls the gateway in-process, as PassTo's deliveries reach it. */
  dispatch: (request: Request) => Promise<Response>;
  now: () => number;
}

/** The development additions. */
export interface Development {
  /** The sandbox sub-app (`createGateway({ sandbox })`). */
  sandbox: Hono<GatewayBindings>;
  /** Runs the sandbox's due webhook deliveries and purges its old rows; answers the deliveries tried. */
  scheduled(round: SandboxRound): Promise<number>;
}
