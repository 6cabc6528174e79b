/**
 * Node (20 or later, plain JavaScript) with Fastify: receive PassTo's webhook events, verified
 * from the raw body, the header object and the path, without building a Fetch Request.
 *
 *   npm run build && node examples/fastify-webhook.mjs
 *
 * PassTo signs `path + body`: point PassTo (or the sandbox) at http://127.0.0.1:3000/webhooks/passto.
 * `PORT` and `PASSTO_SIGNATURE_KEY` change the port and the key (default: the sandbox's key).
 */
import Fastify from 'fastify';
import { httpErrorResponse, verifyWebhook } from 'passto';

const keys = process.env.PASSTO_SIGNATURE_KEY ?? 'sandbox-signature-key';
// Event keys handled while this process lives: PassTo retries, so handle each event once.
// Use a durable store in production (createSqlEventStore).
const handled = new Set();

const app = Fastify();
// In its own scope, so that the raw-body parser applies to this route only.
app.register(async (scope) => {
  // The body as raw bytes (a Buffer): the signature covers them exactly as sent, never re-serialized JSON.
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  scope.post('/webhooks/passto', async (request, reply) => {
    try {
      // The path alone: request.url holds the query string too.
      const path = request.url.split('?', 1)[0];
      const { event, eventKey } = await verifyWebhook({ body: request.body ?? '', headers: request.headers, path }, { keys });
      if (!handled.has(eventKey)) {
        handled.add(eventKey);
        console.log(`handled ${String(event.type)} ${eventKey}`);
      }
      return { ok: true };
    } catch (error) {
      // 401 bad signature, 400 invalid body, 413 too large: {code, msg, trace}, never a secret.
      const { status, ...body } = httpErrorResponse(error, request.headers.trace);
      return reply.code(status).send(body);
    }
  });
});

const port = Number(process.env.PORT ?? 3000);
await app.listen({ port, host: '127.0.0.1' });
console.log(`listening on http://127.0.0.1:${port}/webhooks/passto`);
