/**
 * The client never follows a redirect: a 307/308 would re-post the signed body, the `api-key`
 * header and the `customer_token` to whatever origin `Location` names, and a 301/302/303 would
 * turn the call into a GET. A 3xx is an HttpError naming where it pointed; the target gets nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, HttpError } from '../src/index.ts';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('identify calls and redirects', () => {
  let status = 302;
  let targetHits = 0;
  let origin: string;
  let target: string;
  const passto = createServer((req, res) => {
    req.resume();
    res.writeHead(status, { location: `${target}/api/v1/platform/identify/auth` }).end();
  });
  const elsewhere = createServer((req, res) => {
    targetHits++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0,"msg":"ok","data":{"ident_code":"stolen","url":"https://x.example/"}}');
  });
  beforeAll(async () => {
    origin = await listen(passto);
    target = await listen(elsewhere);
  });
  afterAll(() => {
    passto.close();
    elsewhere.close();
  });

  it.each([301, 302, 303, 307, 308])('a %i is an HttpError naming the Location, and nothing reaches it', async (code) => {
    status = code;
    const client = createClient({ platId: 'plat-1', apiKey: 'api-key-0123456789', signatureKey: 'signature-key-0123456789', baseUrl: `${origin}/api`, retry: 0 });
    const error = await client.identify
      .auth({ custom_no: 'o-1', customer_token: 'customer-token-0123', token_expire: Date.now() + 3_600_000, callback_url: 'https://shop.example/cb', client_ip: '127.0.0.1' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(code);
    expect((error as HttpError).message).toBe(`HTTP ${code}: a redirect to ${target}/api/v1/platform/identify/auth was not followed`);
    expect(targetHits).toBe(0);
  });
});
