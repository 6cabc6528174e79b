/**
 * Issue 8, item 5a: a response that arrived before the timeout fired is never discarded.
 *
 * Deterministic, no timed assertion: the backend runs on its own thread (worker_threads), so it
 * answers while this thread's event loop is blocked. The fetch below lets the request go out,
 * then blocks this thread (Atomics.wait) until the backend's answer is on the wire and for longer
 * than the timeout. When the loop runs again, the expired deadline timer comes before the poll for
 * the waiting response: a plain setTimeout + abort threw the answer away and sent the event again.
 */
import { Worker } from 'node:worker_threads';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { d1Database } from '../../src/sql-database.ts';
import { callBackend } from '../../worker/backend-call.ts';
import { readConfig } from '../../worker/env.ts';
import { forwardEvent } from '../../worker/forward.ts';
import { getEvent, insertEvent } from '../../worker/store/event-log.ts';
import type { SqlDatabase } from '../../worker/store/sql.ts';
import { devVars, migrationStatements } from './harness.ts';

const TIMEOUT_MS = 200;
/** Cells shared with the backend thread: requests received, "answer now", answers flushed. */
const RECEIVED = 0;
const GO = 1;
const FLUSHED = 2;

// The backend thread: on each request, waits for GO, answers 200, and marks FLUSHED once the
// answer has been handed to the OS (the `end` callback).
const BACKEND = `
const { parentPort, workerData } = require('node:worker_threads');
const { createServer } = require('node:http');
const cells = new Int32Array(workerData);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    Atomics.add(cells, ${RECEIVED}, 1);
    Atomics.wait(cells, ${GO}, 0, 20000);
    Atomics.store(cells, ${GO}, 0);
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
    res.end('{"ok":true}', () => { Atomics.store(cells, ${FLUSHED}, 1); Atomics.notify(cells, ${FLUSHED}); });
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;

let worker: Worker;
let cells: Int32Array;
let backendUrl: string;
let mf: Miniflare;
let db: SqlDatabase;
let blocked = 0;

beforeAll(async () => {
  cells = new Int32Array(new SharedArrayBuffer(12));
  worker = new Worker(BACKEND, { eval: true, workerData: cells.buffer });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  backendUrl = `http://127.0.0.1:${port}`;
  mf = new Miniflare({ modules: true, script: 'export default {fetch(){return new Response()}}', d1Databases: { DB: 'x' }, compatibilityDate: '2026-04-01' });
  const d1 = await mf.getD1Database('DB');
  for (const statement of migrationStatements()) await d1.prepare(statement).run();
  db = d1Database(d1);
});
afterAll(async () => {
  worker?.postMessage('close');
  await mf?.dispose();
});
beforeEach(() => {
  Atomics.store(cells, RECEIVED, 0);
  Atomics.store(cells, FLUSHED, 0);
  blocked = 0;
});

/**
 * The real fetch, with this thread blocked while the answer arrives: once the backend has the
 * request, it is told to answer, and this thread sleeps until the answer is flushed and then for
 * twice the timeout, so the deadline timer is overdue when the loop runs again.
 */
const blockingFetch: typeof fetch = async (input, init) => {
  const response = fetch(input, init);
  // Polled from the check phase (setImmediate), so that after the block the loop goes on to its
  // timers phase first, as it does after any busy stretch of I/O callbacks.
  for (let i = 0; i < 1_000_000 && Atomics.load(cells, RECEIVED) === 0; i++) await new Promise((resolve) => setImmediate(resolve));
  expect(Atomics.load(cells, RECEIVED)).toBe(1);
  Atomics.store(cells, GO, 1);
  Atomics.notify(cells, GO);
  expect(Atomics.wait(cells, FLUSHED, 0, 20_000)).not.toBe('timed-out');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2 * TIMEOUT_MS); // a blocked event loop
  blocked++;
  return response;
};

it('forwards once: an acknowledgement already in when the overdue timer fires counts (delivered, 1 forward)', async () => {
  await insertEvent(db, { event_id: 'evt-busy', type: 'PAY_SUCCESS', trace: null, payload: '{"event_id":"evt-busy"}', status: 'pending', received_at: 0 });
  const config = readConfig({
    ...devVars(),
    FORWARD_URL: `${backendUrl}/events`,
    FORWARD_SIGNATURE_KEY: 'k',
    FORWARD_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  expect(await forwardEvent({ db, config, fetch: blockingFetch }, 'evt-busy')).toBe('delivered');
  expect(blocked).toBe(1);
  expect(Atomics.load(cells, RECEIVED)).toBe(1);
  expect(await getEvent(db, 'evt-busy')).toMatchObject({ status: 'delivered', attempts: 1, last_error: null });
});

it('keeps a credit-limit answer (status and body) that is in when the overdue timer fires', async () => {
  const answer = await callBackend(blockingFetch, `${backendUrl}/limits`, { headers: {}, body: '{}' }, { timeoutMs: TIMEOUT_MS, readBody: true });
  expect(blocked).toBe(1);
  expect(answer).toEqual({ kind: 'answered', status: 200, ok: true, body: '{"ok":true}' });
});
