/** The start-up banner shared by every gateway host (adapters/banner.ts). */
import { describe, expect, it } from 'vitest';
import { banner } from '../../adapters/banner.ts';

const NOW = 1_767_225_600_000;

describe('banner', () => {
  it('prints the URL and a curl with the development token and a body valid for one hour', () => {
    const vars = { GATEWAY_TOKEN: 'dev-token', SANDBOX: 'on', sandboxMounted: true };
    const text = banner({ url: 'http://127.0.0.1:8787/', vars, runtime: 'Bun 1.4.5', now: NOW });
    expect(text).toContain('passto gateway on Bun 1.4.5 listening on http://127.0.0.1:8787\n');
    const curl = text.split('\n').find((l) => l.startsWith('curl '))!;
    expect(curl).toContain("curl -s -X POST http://127.0.0.1:8787/v1/identify/auth -H 'Authorization: Bearer dev-token'");
    const body = JSON.parse(/-d '([^']*)'/.exec(curl)![1]!);
    expect(body).toEqual({
      custom_no: 'order-1',
      customer_token: 'user-token-1',
      token_expire: NOW + 3_600_000,
      callback_url: 'https://example.com/callback',
      client_ip: '127.0.0.1',
    });
    expect(text).toContain('sandbox: on');
  });

  it.each([['a real token', 'prod-secret-token'], ['the dev token beside another', 'dev-token,prod-secret-token']])(
    'never prints %s: the curl reads $GATEWAY_TOKEN instead',
    (_name, token) => {
      const text = banner({ url: 'https://gw.example', vars: { GATEWAY_TOKEN: token, PASSTO_API_KEY: 'k-secret', PASSTO_SIGNATURE_KEY: 's-secret' } });
      expect(text).not.toContain('prod-secret-token');
      expect(text).not.toContain('secret');
      expect(text).toContain('-H "Authorization: Bearer $GATEWAY_TOKEN"');
      expect(text).toContain('sandbox: off');
    },
  );

  it.each([
    ['SANDBOX=true', 'true', true],
    ['SANDBOX=1', '1', true],
    ['SANDBOX unset', undefined, true],
    ['SANDBOX=on in a production entry (nothing mounted)', 'on', false],
  ])(
    'says the sandbox is off for %s (only SANDBOX=on where it is mounted turns it on), and then never prints the development token',
    (_name, value, sandboxMounted) => {
      const text = banner({ url: 'http://127.0.0.1:8787', vars: { GATEWAY_TOKEN: 'dev-token', SANDBOX: value, sandboxMounted }, now: NOW });
      expect(text).toContain('sandbox: off');
      expect(text).not.toContain('dev-token');
      expect(text).toContain('-H "Authorization: Bearer $GATEWAY_TOKEN"');
    },
  );
});
