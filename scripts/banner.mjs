/**
 * What every way of starting the gateway prints once it serves: where, and a ready-to-paste curl
 * that gets an ident_code through the sandbox. The bearer token is shown only when it is the
 * committed development value; a real token is never printed.
 * Plain JavaScript so `npm start` (Node 20, no TypeScript) and the adapters share it.
 *
 * @param {{ url: string; gatewayToken?: string | undefined; sandbox?: boolean }} options
 * @returns {string}
 */
export function startBanner({ url, gatewayToken, sandbox = true }) {
  const token = gatewayToken === 'dev-token' ? 'dev-token' : '$GATEWAY_TOKEN';
  const body = JSON.stringify({
    custom_no: 'order-1',
    customer_token: 'user-token-1',
    token_expire: Date.now() + 3_600_000,
    callback_url: 'https://example.com/callback',
    client_ip: '127.0.0.1',
  });
  const lines = [
    '',
    `passto gateway on ${url}${sandbox ? ' (sandbox on)' : ''}`,
    `  docs:   ${url}/docs`,
    '  get an ident_code:',
    `  curl -s -X POST ${url}/v1/identify/auth -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' -d '${body}'`,
    '',
  ];
  return lines.join('\n');
}
