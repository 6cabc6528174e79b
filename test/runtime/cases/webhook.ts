/**
 * Webhook conformance: `verifyWebhook` on a real `Request` of the runtime, and on the payload form
 * (`{ body, headers, path }`), signed over the URL's path + raw body with node:crypto outside the
 * suite (test/vectors/conformance.json).
 */
import { isPasstoError, SignatureError, verifyWebhook } from '../../../src/index.ts';
import vectors from '../../vectors/conformance.json' with { type: 'json' };
import { assert, assertEqual, assertRejects, type Case, group } from '../harness.ts';

const w = vectors.webhook;

function delivery(init: { body?: string; headers?: Record<string, string>; url?: string } = {}): Request {
  return new Request(init.url ?? w.url, {
    method: 'POST',
    headers: init.headers ?? { signature: w.signature, token: 'sess-token', trace: 'delivery-1', timestamp: '1777777788000' },
    body: init.body ?? w.body,
  });
}

async function rejectsWith(request: Request, reason: string, what: string, keys: string | string[] = w.key): Promise<void> {
  const error = await assertRejects(verifyWebhook(request, { keys }), what);
  assert(error instanceof SignatureError && isPasstoError(error, 'SignatureError'), `${what}: a SignatureError, got ${String(error)}`);
  assertEqual(error.reason, reason, `${what}: reason`);
  assert(!`${error.message} ${JSON.stringify(error)}`.includes(w.key), `${what}: the error holds the key`);
}

export const webhookCases: Case[] = group('webhook', [
  {
    name: 'verifyWebhook accepts a signed delivery and returns the event, headers and raw body',
    async run() {
      const d = await verifyWebhook(delivery(), { keys: w.key });
      assertEqual(d.event.type, 'PAY_SUCCESS', 'type');
      assertEqual((d.event as { event_id?: unknown }).event_id, 'evt_20260501_000001', 'event_id');
      assertEqual(d.rawBody, w.body, 'raw body');
      assertEqual(d.keyIndex, 0, 'keyIndex');
      assertEqual(d.trace, 'delivery-1', 'trace');
      assertEqual(d.token, 'sess-token', 'token');
      assertEqual(d.timestamp, '1777777788000', 'timestamp');
    },
  },
  {
    name: 'verifyWebhook accepts the `signerature` spelling and any key of a rotation',
    async run() {
      const misspelt = delivery({ headers: { signerature: w.signature, trace: 'delivery-2' } });
      assertEqual((await verifyWebhook(misspelt, { keys: w.key })).keyIndex, 0, 'signerature header');
      const rotated = await verifyWebhook(delivery(), { keys: ['an-older-key-that-no-longer-signs', w.key] });
      assertEqual(rotated.keyIndex, 1, 'the second key matched');
    },
  },
  {
    name: 'verifyWebhook rejects a tampered body, another path, a wrong key, a missing or malformed signature',
    async run() {
      await rejectsWith(delivery({ body: w.body.replace('10001.23', '10001.24') }), 'mismatch', 'tampered body');
      await rejectsWith(delivery({ url: w.url.replace('/passto/webhook', '/passto/webhook2') }), 'mismatch', 'another path');
      await rejectsWith(delivery(), 'mismatch', 'wrong key', 'not-the-key');
      await rejectsWith(delivery({ headers: { trace: 'delivery-3' } }), 'missing', 'no signature header');
      await rejectsWith(delivery({ headers: { signature: 'not base64!' } }), 'malformed', 'garbage signature');
      await rejectsWith(delivery({ headers: { signature: w.signature.slice(0, 24) } }), 'malformed', 'short signature');
    },
  },
  {
    name: 'verifyWebhook takes { body, headers, path }: bytes or text, a header object in any case or Headers; a query in the path is refused',
    async run() {
      const headers = { Signature: w.signature, token: 'sess-token', TRACE: 'delivery-4', timestamp: '1777777788000' };
      for (const body of [w.body, new TextEncoder().encode(w.body)]) {
        for (const fields of [headers, new Headers(headers)]) {
          const d = await verifyWebhook({ body, headers: fields, path: w.path }, { keys: ['an-older-key', w.key] });
          assertEqual(d.event.type, 'PAY_SUCCESS', 'type');
          assertEqual(d.rawBody, w.body, 'raw body');
          assertEqual(d.keyIndex, 1, 'keyIndex');
          assertEqual(d.trace, 'delivery-4', 'trace');
          assertEqual(d.token, 'sess-token', 'token');
        }
      }
      const tampered = verifyWebhook({ body: w.body.replace('10001.23', '10001.24'), headers, path: w.path }, { keys: w.key });
      const error = await assertRejects(tampered, 'tampered payload');
      assert(error instanceof SignatureError && error.reason === 'mismatch', `tampered payload: a mismatch, got ${String(error)}`);
      const query = await assertRejects(verifyWebhook({ body: w.body, headers, path: `${w.path}?from=passto` }, { keys: w.key }), 'query in path');
      assert(query instanceof RangeError, `query in path: a RangeError, got ${String(query)}`);
    },
  },
]);
