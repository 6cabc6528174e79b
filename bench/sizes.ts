/**
 * The size curve: signing 256 B, 4 KB, 64 KB and 1 MB bodies with `createSigner` (pure-JS SHA-1)
 * and inbound verification's async signer (noble below ASYNC_HMAC_THRESHOLD, WebCrypto from it on), against node:crypto `createHmac` at the same size, in the same run.
 */
import { createHmac } from 'node:crypto';
import { createSigner } from '../src/index.ts';
import { createMac } from '../src/sign.ts';
import { asyncSigner } from '../src/async-signer.ts';
import { check, type Measured, measure, type Row } from './harness.ts';
import { KEY, WEBHOOK_PATH } from './fixtures.ts';

export const SIZES: readonly [string, number][] = [
  ['256 B', 256],
  ['4 KB', 4 * 1024],
  ['64 KB', 64 * 1024],
  // Not one of issue 12's points: it shows where the WebCrypto threshold lies.
  ['256 KB', 256 * 1024],
  ['1 MB', 1024 * 1024],
];

export async function sizeRows(): Promise<Measured[]> {
  const signer = createSigner(KEY);
  // Inbound verification's signer: noble below the threshold, WebCrypto from it on.
  const signAsync = asyncSigner(KEY, createMac);
  const out: Measured[] = [];
  for (const [label, size] of SIZES) {
    const body = '{"a":"'.concat('x'.repeat(size - 8), '"}');
    const native = () => createHmac('sha1', KEY).update(WEBHOOK_PATH).update(body).digest('base64');
    const expected = native();
    check(signer(WEBHOOK_PATH, body) === expected && (await signAsync(WEBHOOK_PATH, body)) === expected, `${label}: same signature`);
    const baseline = `node:crypto createHmac ${label}`;
    const rows: Row[] = [
      { name: `passto createSigner ${label}`, baseline, run: (n) => repeat(n, () => signer(WEBHOOK_PATH, body)) },
      {
        name: `passto async signer ${label}`,
        baseline,
        async run(n) {
          let sum = 0;
          for (let i = 0; i < n; i++) sum += (await signAsync(WEBHOOK_PATH, body)).charCodeAt(i % 27);
          return sum;
        },
      },
      { name: baseline, run: (n) => repeat(n, native) },
    ];
    // Long messages take long per call: short rounds would hold one call each.
    out.push(...(await measure('sizes', rows, size >= 64 * 1024 ? 200 : undefined)));
  }
  return out;
}

function repeat(n: number, f: () => string): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += f().charCodeAt(i % 27);
  return sum;
}
