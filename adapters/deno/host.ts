/** Deno: the gateway on `Deno.serve`, its event log in `node:sqlite`. */
import { DatabaseSync } from 'node:sqlite';
import type { GatewayHost } from '../serve-gateway.ts';

export const denoHost: GatewayHost = {
  runtime: `Deno ${Deno.version.deno}`,
  env: Deno.env.toObject(),
  openSqlite: (path) => new DatabaseSync(path),
  serve: ({ fetch, port, hostname }) =>
    new Promise((resolve) => {
      const server = Deno.serve({ port, hostname, onListen: () => resolve({ close: () => server.shutdown() }) }, (request) => fetch(request));
    }),
  onSignal: (signal, handler) => Deno.addSignalListener(signal, handler),
  exit: (code) => Deno.exit(code),
};
