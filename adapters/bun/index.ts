/**
 * Bun: the gateway on `Bun.serve`, its event log in `bun:sqlite`.
 * `npm run start:bun`: development values from `.dev.vars`. `npm run serve:bun`: production, the
 * real environment only; it refuses to start, naming every problem, while the configuration has any.
 */
import { Database } from 'bun:sqlite';
import { serveGateway } from '../serve-gateway.ts';

await serveGateway({
  runtime: `Bun ${Bun.version}`,
  env: Bun.env,
  openSqlite: (path) => new Database(path, { create: true }),
  serve: async ({ fetch, port, hostname }) => {
    const server = Bun.serve({ port, hostname, fetch: (request) => fetch(request) });
    return { close: () => server.stop() };
  },
  onSignal: (signal, handler) => process.on(signal, handler),
  exit: (code) => process.exit(code),
});
