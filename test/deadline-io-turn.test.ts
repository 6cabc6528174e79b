/**
 * The transport's timer (deadline.ts) keeps an answer that arrived before it fired.
 *
 * Deterministic, no timed assertion: the backend runs on its own thread (worker_threads), so it
 * answers while this thread's event loop is blocked. The fetch lets the request go out, then
 * blocks this thread (Atomics.wait) until the answer is on the wire and for longer than the
 * timeout. When the loop runs again, the expired timer comes before the poll for the waiting
 * answer: a plain setTimeout + abort threw the answer away (a forwarded event was then sent again
 * although the backend had acknowledged it). Not part of the mutation run (vitest.mutation.config.ts):
 * it blocks its thread, which the instrumented run does not tolerate; deadline-strength covers the timer there.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../src/transport.ts';

const TIMEOUT_MS = 200;
/** Cells shared with the backend thread: requests received, "answer now", answers flushed. */
const RECEIVED = 0;
const GO = 1;
const FLUSHED = 2;

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

beforeAll(async () => {
  cells = new Int32Array(new SharedArrayBuffer(12));
  worker = new Worker(BACKEND, { eval: true, workerData: cells.buffer });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  backendUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  worker?.postMessage('close');
});
describe('an answer already in when the overdue timer fires', () => {
  it('is kept: status and body (one attempt, no retry)', async () => {
    let blocked = 0;
    const blockingFetch: typeof fetch = async (input, init) => {
      const response = fetch(input, init);
      // Polled from the check phase, so that after the block the loop goes on to its timers phase first.
      for (let i = 0; i < 1_000_000 && Atomics.load(cells, RECEIVED) === 0; i++) await new Promise((resolve) => setImmediate(resolve));
      Atomics.store(cells, GO, 1);
      Atomics.notify(cells, GO);
      expect(Atomics.wait(cells, FLUSHED, 0, 20_000)).not.toBe('timed-out');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2 * TIMEOUT_MS); // a blocked event loop
      blocked++;
      return response;
    };
    const answer = await send({ url: `${backendUrl}/limits`, headers: {}, body: '{}', fetch: blockingFetch, timeout: TIMEOUT_MS }, (a) => [a.status, a.text]);
    expect(blocked).toBe(1);
    expect(Atomics.load(cells, RECEIVED)).toBe(1);
    expect(answer).toEqual([200, '{"ok":true}']);
  });
});

