/**
 * A backend on 127.0.0.1, in its own thread, whose answer this thread controls, and a fetch that
 * blocks this thread's event loop while that answer arrives: the setting in which a plain timer
 * would throw away an answer that is already in (src/deadline.ts). Used by the transport's and the
 * gateway's deadline tests.
 */
import { Worker } from 'node:worker_threads';
import { expect } from 'vitest';

/** Cells shared with the backend thread: requests received, "answer now", answer flushed. */
const RECEIVED = 0;
const GO = 1;
const FLUSHED = 2;

// On each request: waits for GO, answers 200, and marks FLUSHED once the answer has been handed to
// the OS (the `end` callback).
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

/** The running backend. */
export interface HeldBackend {
  url: string;
  /** Requests the backend has received since the last `reset`. */
  received(): number;
  /** How many calls of `blockingFetch` blocked the loop since the last `reset`. */
  blocked(): number;
  /**
   * The real fetch, with this thread blocked while the answer arrives: once the backend has the
   * request it is told to answer, and this thread sleeps until the answer is flushed and then for
   * `blockMs`, so a timer of less than that is overdue when the loop runs again.
   */
  blockingFetch: typeof fetch;
  reset(): void;
  stop(): void;
}

/** Starts the backend thread; `blockMs` is how long `blockingFetch` blocks after the answer is flushed. */
export async function startHeldBackend(blockMs: number): Promise<HeldBackend> {
  const cells = new Int32Array(new SharedArrayBuffer(12));
  const worker = new Worker(BACKEND, { eval: true, workerData: cells.buffer });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  let blocked = 0;
  const blockingFetch: typeof fetch = async (input, init) => {
    const response = fetch(input, init);
    // Polled from the check phase (setImmediate), so that after the block the loop goes on to its
    // timers phase first, as it does after any busy stretch of I/O callbacks.
    for (let i = 0; i < 1_000_000 && Atomics.load(cells, RECEIVED) === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(Atomics.load(cells, RECEIVED)).toBe(1);
    Atomics.store(cells, GO, 1);
    Atomics.notify(cells, GO);
    expect(Atomics.wait(cells, FLUSHED, 0, 20_000)).not.toBe('timed-out');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, blockMs); // a blocked event loop
    blocked++;
    return response;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => Atomics.load(cells, RECEIVED),
    blocked: () => blocked,
    blockingFetch,
    reset() {
      Atomics.store(cells, RECEIVED, 0);
      Atomics.store(cells, FLUSHED, 0);
      blocked = 0;
    },
    stop: () => worker.postMessage('close'),
  };
}
