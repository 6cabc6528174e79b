/**
 * A platform backend on 127.0.0.1 for the integrity tests: any status and headers (a 3xx with a
 * `Location`), answers held back until the test opens a gate, and the most requests it ever had
 * in flight at once.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface ScriptedBackend {
  url: string;
  requests: ScriptedRequest[];
  /** Requests received and not yet answered. */
  inFlight: number;
  /** The most requests in flight at one time so far. */
  maxInFlight: number;
  /** Decides each answer; the default answers 200 `{}`. */
  answer: (request: ScriptedRequest) => ScriptedAnswer;
  /** From now on, answers wait until `open()` (requests already waiting included). */
  hold(): void;
  open(): void;
  close(): Promise<void>;
}

export async function startScriptedBackend(): Promise<ScriptedBackend> {
  let gate: Promise<void> = Promise.resolve();
  let release = () => {};
  const backend: ScriptedBackend = {
    url: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    answer: () => ({ status: 200, body: '{}' }),
    hold() {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    open() {
      release();
      gate = Promise.resolve();
    },
    close: () =>
      new Promise((resolve) => {
        backend.open();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      backend.requests.push(request);
      backend.inFlight++;
      backend.maxInFlight = Math.max(backend.maxInFlight, backend.inFlight);
      void gate.then(() => {
        const answer = backend.answer(request);
        backend.inFlight--;
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body ?? '{}');
      });
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return backend;
}
