/**
 * Runs the HTTP conformance suite against one adapter: starts it with `npm run start:<runtime>`'s
 * command on a free port, the `.dev.vars` values, `PASSTO_DB` in a new temp directory (nested, to
 * check it is created), a fast schedule timer, and forwarding to a local backend.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, startBackend } from '../worker/backend.ts';
import { type AdapterProcess, startAdapter, stopAll } from './adapter-process.ts';
import { FORWARD_SIGNATURE_KEY, type GatewayTarget, httpConformance } from './http-conformance.ts';
import type { AdapterRuntime } from './runtimes.ts';

/** Defines the suite for `runtime`; `banner` must match the runtime the process says it runs on. */
export function describeAdapter(runtime: AdapterRuntime, banner: RegExp): void {
  describe(`gateway on ${runtime} (adapters/${runtime}, npm run start:${runtime})`, () => {
    let dir: string;
    let dbPath: string;
    let backend: Backend;
    let gateway: AdapterProcess;
    let env: Record<string, string>;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `passto-${runtime}-`));
      dbPath = join(dir, 'nested', 'gateway.sqlite');
      backend = await startBackend();
      env = {
        PASSTO_DB: dbPath,
        SCHEDULE_INTERVAL_MS: '250',
        FORWARD_URL: `${backend.url}/passto/events`,
        FORWARD_SIGNATURE_KEY: FORWARD_SIGNATURE_KEY,
        FORWARD_BACKOFF_BASE_MS: '0',
      };
      gateway = await startAdapter(runtime, env);
    });
    afterAll(async () => {
      await stopAll();
      await backend?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('says which runtime serves it, and creates the SQLite file under PASSTO_DB', () => {
      expect(gateway.output()).toMatch(banner);
      expect(gateway.output()).toContain(`event log: ${dbPath}`);
      expect(gateway.output()).toContain('applied migrations: 0001_events.sql');
      expect(existsSync(dbPath)).toBe(true);
    });

    const target: GatewayTarget = {
      baseUrl: () => gateway.url,
      output: () => gateway.output(),
      backend: () => backend,
      async restart() {
        const code = await gateway.stop();
        if (code !== 0) throw new Error(`the ${runtime} adapter did not exit 0 on SIGTERM (${code}):\n${gateway.output().slice(-2000)}`);
        gateway = await startAdapter(runtime, env);
      },
    };
    httpConformance(target);

    it('shuts down on SIGTERM: exit 0, and the database file is left consistent', async () => {
      expect(await gateway.stop()).toBe(0);
      expect(gateway.output()).toContain('SIGTERM: shutting down');
    });
  });
}
