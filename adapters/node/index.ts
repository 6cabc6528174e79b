/**
 * Node 22+: the gateway on `@hono/node-server`, its event log in `node:sqlite`.
 * `npm run start:node`: development values from `.dev.vars`. `npm run serve:node`: production, the
 * real environment only; it refuses to start, naming every problem, while the configuration has any.
 */
import { serve } from '@hono/node-server';
import { DatabaseSync } from 'node:sqlite';
import { serveGateway } from '../serve-gateway.ts';

await serveGateway({
  runtime: `Node ${process.versions.node}`,
  env: process.env,
  openSqlite: (path) => new DatabaseSync(path),
  serve: ({ fetch, port, hostname }) =>
    new Promise((resolve, reject) => {
      const server = serve({ fetch, port, hostname }, () =>
        resolve({ close: () => new Promise((done) => server.close(() => done())) }),
      );
      server.once('error', reject);
    }),
  onSignal: (signal, handler) => process.on(signal, handler),
  exit: (code) => process.exit(code),
});
