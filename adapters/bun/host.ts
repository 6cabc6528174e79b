/** Bun: the gateway on `Bun.serve`, its event log in `bun:sqlite`. */
import { Database } from 'bun:sqlite';
import type { GatewayHost } from '../serve-gateway.ts';

export const bunHost: GatewayHost = {
  runtime: `Bun ${Bun.version}`,
  env: Bun.env,
  openSqlite: (path) => new Database(path, { create: true }),
  serve: async ({ fetch, port, hostname }) => {
    const server = Bun.serve({ port, hostname, fetch: (request) => fetch(request) });
    return { close: () => server.stop() };
  },
  onSignal: (signal, handler) => process.on(signal, handler),
  exit: (code) => process.exit(code),
};
