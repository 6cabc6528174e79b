/**
 * The baseline of `npm run bench:gateway`: a bare Hono app on the same runtime and server as the
 * adapter, reading the same body and answering 200. Started as `bare-hono.ts <port>`; prints
 * `listening on <url>` like the adapters.
 */
import { Hono } from 'hono';

declare const Deno: { serve(options: { port: number; hostname: string; onListen(): void }, handler: (request: Request) => Response | Promise<Response>): unknown; args: string[] } | undefined;
declare const Bun: { serve(options: { port: number; hostname: string; fetch(request: Request): Response | Promise<Response> }): unknown } | undefined;

const app = new Hono();
app.post('/v1/webhooks', async (c) => {
  await c.req.text();
  return c.json({ code: 0, msg: 'success' });
});

const port = Number(typeof Deno !== 'undefined' ? Deno.args[0] : process.argv[2]);
const hostname = '127.0.0.1';
const ready = () => console.log(`listening on http://${hostname}:${port}`);
if (typeof Deno !== 'undefined') {
  Deno.serve({ port, hostname, onListen: ready }, app.fetch);
} else if (typeof Bun !== 'undefined') {
  Bun.serve({ port, hostname, fetch: app.fetch });
  ready();
} else {
  const { serve } = await import('@hono/node-server');
  serve({ fetch: app.fetch, port, hostname }, ready);
}
