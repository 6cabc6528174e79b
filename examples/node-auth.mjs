/**
 * Node (20 or later, plain JavaScript): get a one-time ident_code (and the cashier URL) from
 * PassTo's identify/auth with the passto package, here from the sandbox of a development gateway.
 *
 *   npm start                   # or start:node, start:deno, start:bun: a gateway on 127.0.0.1:8787
 *   npm run build && node examples/node-auth.mjs
 *
 * `PASSTO_BASE_URL` points it at another sandbox (default http://127.0.0.1:8787/sandbox/api).
 * The keys are the sandbox's development values, never real ones.
 */
import { createClient } from 'passto';

const passto = createClient({
  platId: 'sandbox-plat',
  apiKey: 'sandbox-api-key',
  signatureKey: 'sandbox-signature-key',
  baseUrl: process.env.PASSTO_BASE_URL ?? 'http://127.0.0.1:8787/sandbox/api',
});

const { ident_code, url, trace } = await passto.identify.auth({
  custom_no: `order-${Date.now()}`,
  customer_token: 'user-token-1',
  token_expire: Date.now() + 60 * 60 * 1000, // the user's token stays valid for an hour
  callback_url: 'https://example.com/callback',
  client_ip: '127.0.0.1',
});
console.log(`ident_code: ${ident_code}`);
console.log(`cashier URL: ${url}`);
console.log(`trace: ${trace}`);
