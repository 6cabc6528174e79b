/** Event identity (test/integrity/event-identity-suite.ts) on the Node, Deno and Bun adapters, each on its SQLite event log. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { eventIdentitySuite } from '../integrity/event-identity-suite.ts';
import { type Backend, startBackend } from '../worker/backend.ts';
import { type AdapterProcess, startAdapter } from './adapter-process.ts';
import type { AdapterRuntime } from './runtimes.ts';

describe.each<AdapterRuntime>(['node', 'deno', 'bun'])('event identity on the %s adapter (SQLite)', (runtime) => {
  let dir: string;
  let backend: Backend;
  let gateway: AdapterProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `passto-identity-${runtime}-`));
    backend = await startBackend();
    gateway = await startAdapter(runtime, {
      PASSTO_DB: join(dir, 'gateway.sqlite'),
      SCHEDULE_INTERVAL_MS: '250',
      FORWARD_URL: `${backend.url}/passto/events`,
      FORWARD_SIGNATURE_KEY: 'identity-forward-key',
      FORWARD_BACKOFF_BASE_MS: '0',
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  eventIdentitySuite({
    fetch: (path, init) => fetch(`${gateway.url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) }),
    backend: () => backend,
  });
});
