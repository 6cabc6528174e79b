/**
 * A response that arrived before the timeout fired is never discarded, by forwarding or by the credit-limit call.
 *
 * Deterministic, no timed assertion: the backend runs on its own thread (worker_threads), so it
 * answers while this thread's event loop is blocked. The fetch below lets the request go out,
 * then blocks this thread (Atomics.wait) until the backend's answer is on the wire and for longer
 * than the timeout. When the loop runs again, the expired deadline timer comes before the poll for
 * the waiting response: a plain setTimeout + abort threw the answer away and sent the event again.
 */
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { d1Database } from '../../src/sql-database.ts';
import { callBackend } from '../../worker/backend-call.ts';
import { readConfig } from '../../worker/env.ts';
import { forwardEvent } from '../../worker/forward.ts';
import { getEvent, insertEvent } from '../../worker/store/event-log.ts';
import type { SqlDatabase } from '../../worker/store/sql.ts';
import { type HeldBackend, startHeldBackend } from '../held-backend.ts';
import { devVars, migrationStatements } from './harness.ts';

const TIMEOUT_MS = 200;
let backend: HeldBackend;
let mf: Miniflare;
let db: SqlDatabase;

beforeAll(async () => {
  backend = await startHeldBackend(2 * TIMEOUT_MS);
  mf = new Miniflare({ modules: true, script: 'export default {fetch(){return new Response()}}', d1Databases: { DB: 'x' }, compatibilityDate: '2026-04-01' });
  const d1 = await mf.getD1Database('DB');
  for (const statement of migrationStatements()) await d1.prepare(statement).run();
  db = d1Database(d1);
});
afterAll(async () => {
  backend?.stop();
  await mf?.dispose();
});
beforeEach(() => backend.reset());

it('forwards once: an acknowledgement already in when the overdue timer fires counts (delivered, 1 forward)', async () => {
  await insertEvent(db, { event_id: 'evt-busy', type: 'PAY_SUCCESS', trace: null, payload: '{"event_id":"evt-busy"}', status: 'pending', received_at: 0 });
  const config = readConfig({
    ...devVars(),
    FORWARD_URL: `${backend.url}/events`,
    FORWARD_SIGNATURE_KEY: 'k',
    FORWARD_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  expect(await forwardEvent({ db, config, fetch: backend.blockingFetch }, 'evt-busy')).toBe('delivered');
  expect(backend.blocked()).toBe(1);
  expect(backend.received()).toBe(1);
  expect(await getEvent(db, 'evt-busy')).toMatchObject({ status: 'delivered', attempts: 1, last_error: null });
});

it('keeps a credit-limit answer (status and body) that is in when the overdue timer fires', async () => {
  const answer = await callBackend(backend.blockingFetch, `${backend.url}/limits`, { headers: {}, body: '{}' }, { timeoutMs: TIMEOUT_MS, readBody: true });
  expect(backend.blocked()).toBe(1);
  expect(answer).toEqual({ kind: 'answered', status: 200, ok: true, body: '{"ok":true}' });
});
