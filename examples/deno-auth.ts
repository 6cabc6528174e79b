/**
 * Deno: get a one-time ident_code (and the cashier URL) from PassTo's identify/auth with the
 * passto library, here from the sandbox that a development gateway embeds.
 *
 *   npm run start:deno          # or start:node, start:bun, npm start: a gateway on 127.0.0.1:8787
 *   deno run --allow-net=127.0.0.1 --allow-env=PASSTO_BASE_URL --no-lock examples/deno-auth.ts
 *
 * `PASSTO_BASE_URL` points it at another sandbox (default http://127.0.0.1:8787/sandbox/api).
 * The keys are the sandbox's development values, never real ones.
 */
import { createClient } from '../src/index.ts';

const passto = createClient({
  platId: 'sandbox-plat',
  apiKey: 'sandbox-api-key',
  signatureKey: 'sandbox-signature-key',
  baseUrl: Deno.env.get('PASSTO_BASE_URL') ?? 'http://127.0.0.1:8787/sandbox/api',
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
