/**
 * Durability under group commit: a storm of concurrent signed deliveries, the adapter killed
 * with SIGKILL in the middle of it (no shutdown, no flush), then restarted on the same SQLite
 * file: every event that was answered 200 is there. A 200 means committed (synchronous = FULL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bearer, webhookDelivery } from '../worker/signed.ts';
import { freePort, startAdapter, stopAll } from './adapter-process.ts';
import { type AdapterRuntime, ROOT, startCommand } from './runtimes.ts';

const CONCURRENCY = 40;
/** The kill comes once this many deliveries were answered 200 (a count, not a time: CI machines differ in speed). */
const KILL_AFTER_ACKS = 150;
/** A bound for a gateway too slow to get there: the test then fails on the count, not by hanging. */
const STORM_LIMIT_MS = 30_000;

afterAll(() => stopAll());

/** Spawns the adapter as `start:<runtime>` does, resolving once it listens; the test kills it itself. */
async function spawnAdapter(runtime: AdapterRuntime, db: string): Promise<{ child: ChildProcess; url: string }> {
  const { command, args } = startCommand(runtime);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', HOST: '127.0.0.1', PORT: String(port), PASSTO_DB: db }, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no banner:\n${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(`listening on ${url}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`exited before listening:\n${output}`)));
  });
  return { child, url };
}

describe.each(['node', 'deno', 'bun'] as const)('%s adapter killed with SIGKILL mid-storm', (runtime) => {
  const dir = mkdtempSync(join(tmpdir(), `passto-kill-${runtime}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every event it answered 200', async () => {
    const db = join(dir, 'gateway.sqlite');
    const { child, url } = await spawnAdapter(runtime, db);
    const acked: string[] = [];
    let killed = false;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const kill = () => {
      if (killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const limit = setTimeout(kill, STORM_LIMIT_MS);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (!killed) {
          const { event_id, ...init } = webhookDelivery();
          try {
            const response = await fetch(`${url}/v1/webhooks`, init);
            if (response.status === 200) acked.push(event_id);
            // Other deliveries are still in flight when it dies: some of them may be committed unanswered.
            if (acked.length >= KILL_AFTER_ACKS) kill();
            await response.arrayBuffer();
          } catch {
            // The connection died with the process: this delivery was never answered.
          }
        }
      }),
    );
    await exited;
    clearTimeout(limit);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const restarted = await startAdapter(runtime, { PASSTO_DB: db });
    try {
      const missing: string[] = [];
      for (let i = 0; i < acked.length; i += CONCURRENCY) {
        await Promise.all(
          acked.slice(i, i + CONCURRENCY).map(async (id) => {
            const response = await fetch(`${restarted.url}/v1/events/${encodeURIComponent(id)}`, { headers: bearer() });
            await response.arrayBuffer();
            if (response.status !== 200) missing.push(id);
          }),
        );
      }
      expect(missing).toEqual([]);
    } finally {
      await restarted.stop();
    }
  }, 90_000);
});
