/**
 * Durability under group commit: a storm of concurrent signed deliveries, the adapter killed
 * with SIGKILL in the middle of it (no shutdown, no flush), then restarted on the same SQLite
 * file: every event that was answered 200 is there. A 200 means committed (synchronous = FULL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bearer, webhookDelivery } from '../worker/signed.ts';
import { startAdapter, stopAll } from './adapter-process.ts';

const CONCURRENCY = 40;
/** The kill comes once this many deliveries were answered 200 (a count, not a time: CI machines differ in speed). */
const KILL_AFTER_ACKS = 150;
/** A bound for a gateway too slow to get there: the test then fails on the count, not by hanging. */
const STORM_LIMIT_MS = 30_000;

afterAll(() => stopAll());

describe.each(['node', 'deno', 'bun'] as const)('%s adapter killed with SIGKILL mid-storm', (runtime) => {
  const dir = mkdtempSync(join(tmpdir(), `passto-kill-${runtime}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every event it answered 200', async () => {
    const db = join(dir, 'gateway.sqlite');
    const adapter = await startAdapter(runtime, { PASSTO_DB: db });
    const { url } = adapter;
    const acked: string[] = [];
    let killed = false;
    let exited: Promise<void> | undefined;
    const kill = () => {
      if (killed) return;
      killed = true;
      exited = adapter.kill();
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
