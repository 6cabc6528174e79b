/**
 * Deno: the gateway on `Deno.serve`, its event log in `node:sqlite`.
 * `npm run start:deno`: development values from `.dev.vars`. `npm run serve:deno`: production, the
 * real environment only; it refuses to start, naming every problem, while the configuration has any.
 */
import { DatabaseSync } from 'node:sqlite';
import { serveGateway } from '../serve-gateway.ts';

await serveGateway({
  runtime: `Deno ${Deno.version.deno}`,
  env: Deno.env.toObject(),
  openSqlite: (path) => new DatabaseSync(path),
  serve: ({ fetch, port, hostname }) =>
    new Promise((resolve) => {
      const server = Deno.serve({ port, hostname, onListen: () => resolve({ close: () => server.shutdown() }) }, (request) => fetch(request));
    }),
  onSignal: (signal, handler) => Deno.addSignalListener(signal, handler),
  exit: (code) => Deno.exit(code),
});
