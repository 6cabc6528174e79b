/**
 * The signer on a platform-size message (an identify/auth call, about 250 bytes): passto's
 * `createSigner` and `sign` against node:crypto `createHmac` and WebCrypto HMAC, each giving the
 * same signature first.
 */
import { createHmac } from 'node:crypto';
import { createSigner, sign } from '../src/index.ts';
import { check, type Measured, measure, type Row } from './harness.ts';
import { AUTH_BODY, AUTH_PATH, KEY } from './fixtures.ts';

export const SIGNING_BASELINE = 'node:crypto createHmac';
const encoder = new TextEncoder();

export async function signingRows(): Promise<Measured[]> {
  const signer = createSigner(KEY);
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(KEY), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const webCrypto = async (): Promise<string> => {
    // The same work as the others: UTF-8 encode path + body, MAC, base64 the 20 bytes.
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(AUTH_PATH + AUTH_BODY)));
    return btoa(String.fromCharCode(...mac));
  };
  const native = () => createHmac('sha1', KEY).update(AUTH_PATH).update(AUTH_BODY).digest('base64');
  const expected = native();
  check(signer(AUTH_PATH, AUTH_BODY) === expected, 'createSigner');
  check(sign({ key: KEY, path: AUTH_PATH, body: AUTH_BODY }) === expected, 'sign');
  check((await webCrypto()) === expected, 'WebCrypto');
  const sync = (f: () => string) => (n: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += f().charCodeAt(i % 27);
    return sum;
  };
  const rows: Row[] = [
    { name: 'passto createSigner', baseline: SIGNING_BASELINE, run: sync(() => signer(AUTH_PATH, AUTH_BODY)) },
    { name: 'passto sign', baseline: SIGNING_BASELINE, run: sync(() => sign({ key: KEY, path: AUTH_PATH, body: AUTH_BODY })) },
    { name: SIGNING_BASELINE, run: sync(native) },
    {
      name: 'WebCrypto subtle.sign (awaited per call)',
      baseline: SIGNING_BASELINE,
      async run(n) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += (await webCrypto()).charCodeAt(i % 27);
        return sum;
      },
    },
  ];
  return measure('signing', rows);
}

/** Bytes signed per call, for the report. */
export const SIGNED_BYTES = encoder.encode(AUTH_PATH + AUTH_BODY).length;
