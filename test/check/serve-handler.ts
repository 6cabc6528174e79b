/** Serves a fetch handler on a real HTTP port of 127.0.0.1, for the CLI tests (the CLI needs a URL). */
import { createServer } from 'node:http';

export async function serveHandler(handler: (request: Request) => Response | Promise<Response>) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const body = Buffer.concat(chunks);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, ...(body.length > 0 ? { body } : {}) });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
