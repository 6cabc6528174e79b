/** Node 22+: the gateway on `@hono/node-server`, its event log in `node:sqlite`. */
import { serve } from '@hono/node-server';
import { DatabaseSync } from 'node:sqlite';
import type { GatewayHost } from '../serve-gateway.ts';

export const nodeHost: GatewayHost = {
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
};
