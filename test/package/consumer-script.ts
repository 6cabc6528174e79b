/**
 * What every consumer project runs against the installed package: `sign` over the RFC 2202
 * vectors, `createClient` with an injected fetch answering identify/auth, and `verifyWebhook` on a
 * request signed by `passto/testing` (and refusing one signed with another key). One body of code,
 * wrapped as an ES module, a CommonJS script, TypeScript or a Worker, so every project kind runs
 * the same calls. It is plain JavaScript that type-checks under `strict` (every callback is
 * contextually typed), uses no Node global (Workers run it without nodejs_compat), and prints or
 * returns one JSON result that `expectConsumerResult` checks here, with node:crypto.
 */
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import vectors from '../vectors/rfc2202-hmac-sha1.json' with { type: 'json' };

/** The signature key of the client and of the webhooks. */
const KEY = 'sk_consumer_project_key';
const AUTH_PATH = '/v1/platform/identify/auth';
const IDENT_CODE = '0123456789abcdef0123456789abcdef';
const CASHIER_URL = `https://cashier.passto.credit/h5/?ident_code=${IDENT_CODE}`;

const BODY = `
  const cases = ${JSON.stringify(vectors.cases.map(({ key, data }) => ({ key, data })))};
  // sign() takes bytes: the vectors are hex; its base64 answer goes back to hex to compare.
  const signatures = cases.map((c) =>
    Array.from(
      atob(sign({ key: Uint8Array.from(c.key.match(/../g) ?? [], (b) => parseInt(b, 16)), path: '', body: Uint8Array.from(c.data.match(/../g) ?? [], (b) => parseInt(b, 16)) })),
      (ch) => ch.charCodeAt(0).toString(16).padStart(2, '0'),
    ).join(''),
  );

  let sent = { url: '', signature: '', body: '' };
  const passto = createClient({
    platId: 'plat-1',
    apiKey: 'ak_consumer_project',
    signatureKey: ${JSON.stringify(KEY)},
    fetch: async (input, init) => {
      sent = { url: String(input), signature: new Headers(init?.headers).get('signature') ?? '', body: String(init?.body) };
      const data = { ident_code: ${JSON.stringify(IDENT_CODE)}, url: ${JSON.stringify(CASHIER_URL)} };
      return new Response(JSON.stringify({ code: 0, msg: 'success', data, trace: 'trace-1' }), { headers: { 'Content-Type': 'application/json' } });
    },
  });
  const { ident_code, url } = await passto.identify.auth({
    custom_no: 'order-1001',
    customer_token: 'ct_session_1',
    token_expire: 4102444800000,
    callback_url: 'https://shop.example/passto/callback',
    client_ip: '203.0.113.7',
  });

  const webhookUrl = 'https://shop.example/webhooks/passto';
  const event = createWebhookEvent('PAY_SUCCESS', { amount: '12.34' });
  const delivery = await verifyWebhook(createSignedWebhookRequest({ url: webhookUrl, key: ${JSON.stringify(KEY)}, event }), { keys: ${JSON.stringify(KEY)} });
  const amount = delivery.event.type === 'PAY_SUCCESS' ? delivery.event.data.amount : '';
  const forged = await verifyWebhook(createSignedWebhookRequest({ url: webhookUrl, key: 'another-key', event }), { keys: ${JSON.stringify(KEY)} }).then(
    () => 'accepted',
    (error) => (isPasstoError(error) ? error.name : String(error)),
  );

  return { signatures, sent, auth: { ident_code, url }, webhook: { type: delivery.event.type, amount, eventKey: delivery.eventKey === event.event_id }, forged };
`;

const NAMES = { passto: 'sign, createClient, verifyWebhook, isPasstoError', testing: 'createSignedWebhookRequest, createWebhookEvent' };
const MAIN = `async function main() {${BODY}}\n`;
const PRINT = 'main().then((result) => console.log(JSON.stringify(result)));\n';

/** An ES module (`.mjs`, or `.ts` in an ESM or CommonJS TypeScript project) that prints the result. */
export const esmScript = `import { ${NAMES.passto} } from 'passto';\nimport { ${NAMES.testing} } from 'passto/testing';\n${MAIN}${PRINT}`;

/** A CommonJS script (`.cjs`) that prints the result. */
export const cjsScript = `const { ${NAMES.passto} } = require('passto');\nconst { ${NAMES.testing} } = require('passto/testing');\n${MAIN}${PRINT}`;

/** A Worker that answers every request with the result. */
export const workerScript = `import { ${NAMES.passto} } from 'passto';\nimport { ${NAMES.testing} } from 'passto/testing';\n${MAIN}export default { fetch: async () => Response.json(await main()) };\n`;

/** Checks a consumer's result: the digests are RFC 2202's, and the client signed what it sent. */
export function expectConsumerResult(result: unknown): void {
  const { sent, ...rest } = result as { sent: { url: string; signature: string; body: string } };
  expect(rest).toEqual({
    signatures: vectors.cases.map((c) => c.digest),
    auth: { ident_code: IDENT_CODE, url: CASHIER_URL },
    webhook: { type: 'PAY_SUCCESS', amount: '12.34', eventKey: true },
    forged: 'SignatureError',
  });
  expect(sent.url).toBe(`https://cashier.passto.credit/api${AUTH_PATH}?platId=plat-1`);
  expect(JSON.parse(sent.body)).toMatchObject({ custom_no: 'order-1001', client_ip: '203.0.113.7' });
  // Platform spec, "Signing": base64 HMAC-SHA1 over path + body, recomputed independently.
  expect(sent.signature).toBe(createHmac('sha1', KEY).update(AUTH_PATH).update(sent.body).digest('base64'));
}
