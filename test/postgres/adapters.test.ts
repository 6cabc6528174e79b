/**
 * The gateway's HTTP conformance suite (test/adapters/http-conformance.ts) on the Node, Deno and
 * Bun adapters with `PASSTO_DB` set to a PostgreSQL URL, as it runs on SQLite
 * (test/adapters/describe-adapter.ts): each runtime on its own new database of one throwaway server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapter, stopAll } from '../adapters/adapter-process.ts';
import { adapterConformance, type RunningAdapter } from '../adapters/describe-adapter.ts';
import { FORWARD_SIGNATURE_KEY } from '../adapters/http-conformance.ts';
import type { AdapterRuntime } from '../adapters/runtimes.ts';
import { startBackend } from '../worker/backend.ts';
import { describeWithPostgres } from './with-postgres.ts';

const RUNTIMES: [AdapterRuntime, RegExp][] = [
  ['node', /passto gateway on Node 22\.\d+\.\d+ listening on/],
  ['deno', /passto gateway on Deno \d+\.\d+\.\d+ listening on/],
  ['bun', /passto gateway on Bun \d+\.\d+\.\d+ listening on/],
];

await describeWithPostgres('the adapters on PostgreSQL (PASSTO_DB=postgres://…)', (server) => {
  afterAll(() => stopAll());
  for (const [runtime, banner] of RUNTIMES) {
    describe(`gateway on ${runtime} (npm run start:${runtime})`, () => {
      const running = {} as RunningAdapter;
      let url: string;
      beforeAll(async () => {
        url = await server.createDatabase(`gateway_${runtime}`);
        running.backend = await startBackend();
        running.env = {
          PASSTO_DB: url,
          SCHEDULE_INTERVAL_MS: '250',
          FORWARD_URL: `${running.backend.url}/passto/events`,
          FORWARD_SIGNATURE_KEY,
          FORWARD_BACKOFF_BASE_MS: '0',
        };
        running.gateway = await startAdapter(runtime, running.env);
      }, 40_000);
      afterAll(async () => {
        await running.gateway?.stop();
        await running.backend?.close();
      }, 20_000);

      it('says which runtime serves it and which database, without a password, and applies the migrations', () => {
        expect(running.gateway.output()).toMatch(banner);
        expect(running.gateway.output()).toContain(`event log: ${url}`);
        expect(running.gateway.output()).toContain('applied migrations: 0001_events.sql, 0002_sandbox.sql, 0003_forward_lease.sql, 0004_event_tombstones.sql');
      });

      adapterConformance(runtime, running);

      it('shuts down on SIGTERM: exit 0 once the pool is drained', async () => {
        expect(await running.gateway.stop()).toBe(0);
        expect(running.gateway.output()).toContain('SIGTERM: shutting down');
      });
    });
  }
});
