/**
 * What a development entry adds to the gateway: the embedded PassTo sandbox, mounted at
 * `/sandbox`, the PassTo client's way to it in-process, and its share of the periodic job. Only
 * the development entries (`npm start`, `npm run start:<runtime>`, the tests) import
 * worker/sandbox/ and pass one; the production entries pass none, so their bundle holds no
 * sandbox code, nor any path into it.
 */
import type { Context, Hono } from 'hono';
import type { GatewayBindings, PasstoInProcess } from './bindings.ts';
import type { GatewayConfig, GatewayEnv } from './env.ts';

/** What the sandbox's scheduled round needs. */
export interface SandboxRound {
  env: GatewayEnv;
  config: GatewayConfig;
  /** Calls the gateway in-process, as PassTo's deliveries reach it. */
  dispatch: (request: Request) => Promise<Response>;
  now: () => number;
}

/** The sandbox, as `createGateway({ sandbox })` mounts it. */
export interface DevelopmentSandbox {
  /** The sub-app, mounted at `/sandbox`. */
  app: Hono<GatewayBindings>;
  /** Where the gateway's PassTo client calls for this request: the sandbox in-process, or undefined for PassTo over the network. */
  passto(c: Context<GatewayBindings>): PasstoInProcess | undefined;
}

/** The development additions. */
export interface Development {
  sandbox: DevelopmentSandbox;
  /** Runs the sandbox's due webhook deliveries and purges its old rows; answers the deliveries tried. */
  scheduled(round: SandboxRound): Promise<number>;
}
