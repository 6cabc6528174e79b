/**
 * Node (20 or later, plain JavaScript) with node:http alone: receive PassTo's webhook events,
 * verified from the raw body, the header object and the path, without building a Fetch Request.
 *
 *   npm run build && node examples/node-http-webhook.mjs
 *
 * PassTo signs `path + body`: point PassTo (or the sandbox) at http://127.0.0.1:3000/webhooks/passto.
 * `PORT` and `PASSTO_SIGNATURE_KEY` change the port and the key (default: the sandbox's key).
 */
import { createServer } from 'node:http';
import { httpErrorResponse, PayloadTooLargeError, verifyWebhook } from 'passto';

const keys = process.env.PASSTO_SIGNATURE_KEY ?? 'sandbox-signature-key';
const MAX_BODY_BYTES = 1024 * 1024;
// Event keys handled while this process lives: PassTo retries, so handle each event once.
// Use a durable store in production (createSqlEventStore).
const handled = new Set();

/** Reads the raw body, refusing it once it passes `limit` bytes (so a huge body costs no more). */
async function readBody(req, limit) {
  const chunks = [];
  let length = 0;
  for await (const chunk of req) {
    length += chunk.length;
    if (length > limit) throw new PayloadTooLargeError({ limit, trace: req.headers.trace });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  // The path alone: req.url holds the query string too.
  const path = req.url.split('?', 1)[0];
  if (req.method !== 'POST' || path !== '/webhooks/passto') return answer(res, 404, { code: 'not_found', msg: 'not found', trace: undefined });
  try {
    const body = await readBody(req, MAX_BODY_BYTES);
    const { event, eventKey } = await verifyWebhook({ body, headers: req.headers, path }, { keys, maxBodyBytes: MAX_BODY_BYTES });
    if (!handled.has(eventKey)) {
      handled.add(eventKey);
      console.log(`handled ${String(event.type)} ${eventKey}`);
    }
    answer(res, 200, { ok: true });
  } catch (error) {
    // 401 bad signature, 400 invalid body, 413 too large: {code, msg, trace}, never a secret.
    const { status, ...body } = httpErrorResponse(error, req.headers.trace);
    // An unread body is left behind: close the connection rather than read it.
    if (!req.complete) res.setHeader('connection', 'close');
    answer(res, status, body);
  }
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/webhooks/passto`));
