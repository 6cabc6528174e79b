/** A scriptable platform backend on 127.0.0.1, recording what the gateway sends it. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Backend {
  url: string;
  received: Received[];
  /** Decides each answer; the default answers 200 `{}`. */
  respond: (request: Received) => { status: number; body?: string; delayMs?: number };
  close(): Promise<void>;
}

export async function startBackend(): Promise<Backend> {
  const backend: Backend = {
    url: '',
    received: [],
    respond: () => ({ status: 200, body: '{}' }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      backend.received.push(received);
      const answer = backend.respond(received);
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body ?? '{}');
      }, answer.delayMs ?? 0);
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return backend;
}
