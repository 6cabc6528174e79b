/**
 * Node (20 or later, plain JavaScript) with Express: receive PassTo's webhook events, verified
 * from the raw body, the header object and the path, without building a Fetch Request.
 *
 *   npm run build && node examples/express-webhook.mjs
 *
 * PassTo signs `path + body`: point PassTo (or the sandbox) at http://127.0.0.1:3000/webhooks/passto.
 * `PORT` and `PASSTO_SIGNATURE_KEY` change the port and the key (default: the sandbox's key).
 */
import express from 'express';
import { httpErrorResponse, verifyWebhook } from 'passto';

const keys = process.env.PASSTO_SIGNATURE_KEY ?? 'sandbox-signature-key';
// Event keys handled while this process lives: PassTo retries, so handle each event once.
// Use a durable store in production (createSqlEventStore).
const handled = new Set();

const app = express();
app.post(
  '/webhooks/passto',
  // The body as raw bytes (a Buffer): the signature covers them exactly as sent, never re-serialized JSON.
  express.raw({ type: '*/*', limit: '1mb' }),
  async (req, res) => {
    try {
      // req.path: the path alone, without the query string (req.url has it; in a Router, use req.baseUrl + req.path).
      const { event, eventKey } = await verifyWebhook({ body: req.body ?? '', headers: req.headers, path: req.path }, { keys });
      if (!handled.has(eventKey)) {
        handled.add(eventKey);
        console.log(`handled ${String(event.type)} ${eventKey}`);
      }
      res.json({ ok: true });
    } catch (error) {
      // 401 bad signature, 400 invalid body, 413 too large: {code, msg, trace}, never a secret.
      const { status, ...body } = httpErrorResponse(error, req.get('trace'));
      res.status(status).json(body);
    }
  },
);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/webhooks/passto`));
