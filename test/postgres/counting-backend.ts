/**
 * A platform backend on 127.0.0.1 that counts the gateway's forwards per event (the `event-id`
 * header) and how many are in flight, answers each after `delayMs`, and can be down (503).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingBackend {
  url: string;
  /** Forwards received per event id, and those answered 200. */
  received: Map<string, number>;
  delivered: Map<string, number>;
  /** Requests received and not yet answered. */
  inFlight(): number;
  /** Answers 503 while true. */
  down: boolean;
  delayMs: number;
  close(): Promise<void>;
}

export async function startCountingBackend(): Promise<CountingBackend> {
  let inFlight = 0;
  const backend: CountingBackend = {
    url: '',
    received: new Map(),
    delivered: new Map(),
    inFlight: () => inFlight,
    down: false,
    delayMs: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    inFlight++;
    // Answered, or the gateway went away first (killed mid-request): no longer in flight.
    res.once('close', () => inFlight--);
    req.resume();
    req.on('end', () => {
      const id = decodeURIComponent(String(req.headers['event-id'] ?? ''));
      backend.received.set(id, (backend.received.get(id) ?? 0) + 1);
      const down = backend.down;
      setTimeout(() => {
        if (!down) backend.delivered.set(id, (backend.delivered.get(id) ?? 0) + 1);
        res.writeHead(down ? 503 : 200, { 'content-type': 'application/json' });
        res.end('{}');
      }, backend.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return backend;
}
