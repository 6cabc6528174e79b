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

/** The adapter process a suite drives, with its env and backend (filled in by its `beforeAll`). */
export interface RunningAdapter {
  gateway: AdapterProcess;
  backend: Backend;
  env: Record<string, string>;
}

/** The HTTP conformance suite on `running`: a restart stops its gateway (expecting exit 0) and starts a new one. */
export function adapterConformance(runtime: AdapterRuntime, running: RunningAdapter): void {
  const target: GatewayTarget = {
    baseUrl: () => running.gateway.url,
    output: () => running.gateway.output(),
    backend: () => running.backend,
    async restart() {
      const code = await running.gateway.stop();
      if (code !== 0) throw new Error(`the ${runtime} adapter did not exit 0 on SIGTERM (${code}):\n${running.gateway.output().slice(-2000)}`);
      running.gateway = await startAdapter(runtime, running.env);
    },
  };
  httpConformance(target);
}

/** Defines the suite for `runtime`; `banner` must match the runtime the process says it runs on. */
export function describeAdapter(runtime: AdapterRuntime, banner: RegExp): void {
  describe(`gateway on ${runtime} (adapters/${runtime}, npm run start:${runtime})`, () => {
    let dir: string;
    let dbPath: string;
    const running = {} as RunningAdapter;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `passto-${runtime}-`));
      dbPath = join(dir, 'nested', 'gateway.sqlite');
      running.backend = await startBackend();
      running.env = {
        PASSTO_DB: dbPath,
        SCHEDULE_INTERVAL_MS: '250',
        FORWARD_URL: `${running.backend.url}/passto/events`,
        FORWARD_SIGNATURE_KEY: FORWARD_SIGNATURE_KEY,
        FORWARD_BACKOFF_BASE_MS: '0',
      };
      running.gateway = await startAdapter(runtime, running.env);
    });
    afterAll(async () => {
      await stopAll();
      await running.backend?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('says which runtime serves it, and creates the SQLite file under PASSTO_DB', () => {
      expect(running.gateway.output()).toMatch(banner);
      expect(running.gateway.output()).toContain(`event log: ${dbPath}`);
      expect(running.gateway.output()).toContain('applied migrations: 0001_events.sql');
      expect(existsSync(dbPath)).toBe(true);
    });

    adapterConformance(runtime, running);

    it('shuts down on SIGTERM: exit 0, and the database file is left consistent', async () => {
      expect(await running.gateway.stop()).toBe(0);
      expect(running.gateway.output()).toContain('SIGTERM: shutting down');
    });
  });
}
