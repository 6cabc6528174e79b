/**
 * The signing benchmark body, run unchanged by Node (bundled), Deno and Bun: times passto's
 * `createSigner` and `sign` against `node:crypto` `createHmac` and WebCrypto HMAC on a
 * platform-size message, and prints the rates as one JSON line. bench/run.ts starts it on each
 * runtime and prints the table.
 *
 * Method: every row first signs once and must give the same signature as the others; then a
 * warm-up; then ROUNDS rounds in which each row runs for ROUND_MS in turn (interleaved, so drift
 * on a shared machine hits every row alike). The rate reported is the fastest round: load from
 * other processes only ever slows a round down, so the fastest is the closest to the true cost.
 */
import { createHmac } from 'node:crypto';
import { createSigner, sign } from '../src/index.ts';
import { runtimeName } from '../test/runtime/runtime-name.ts';

/** A realistic identify/auth call (platform spec, "Outbound: identify/auth"): about 250 bytes signed. */
const PATH = '/v1/platform/identify/auth';
const BODY = JSON.stringify({
  custom_no: 'ORD-20260501-000123',
  customer_token: 'eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi0xMjM0NTY3ODkw.Zm9vYmFy',
  token_expire: 1777777777000,
  callback_url: 'https://shop.example.com/creditpay/callback',
  client_ip: '203.0.113.42',
});
/** Real signature keys are about 100 characters (longer than SHA-1's block, so HMAC hashes them). */
const KEY = 'pk_'.concat('Zx8Qm2Lr5Tv9Wc3Hy7Jb1Nd4Gf6Ks0Pa'.repeat(4)).slice(0, 100);

const WARMUP_MS = 400;
const ROUNDS = 15;
const ROUND_MS = 120;

/** One implementation: `run(n)` signs the message n times and returns a checksum of the outputs. */
interface Row {
  readonly name: string;
  readonly once: () => string | Promise<string>;
  readonly run: (n: number) => number | Promise<number>;
}

/** What this file prints: the runtime, the message size and each row's rate. */
interface BenchReport {
  readonly runtime: string;
  readonly messageBytes: number;
  readonly keyBytes: number;
  readonly rows: readonly { readonly name: string; readonly opsPerSec: number; readonly rounds: readonly number[] }[];
}

const encoder = new TextEncoder();

async function rows(): Promise<Row[]> {
  const signer = createSigner(KEY);
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(KEY), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const webCrypto = async (): Promise<string> => {
    // The same work as the others: UTF-8 encode path + body, MAC, base64 the 20 bytes.
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(PATH + BODY)));
    return btoa(String.fromCharCode(...mac));
  };
  const nodeCrypto = () => createHmac('sha1', KEY).update(PATH).update(BODY).digest('base64');
  return [
    {
      name: 'passto createSigner',
      once: () => signer(PATH, BODY),
      run(n) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += signer(PATH, BODY).charCodeAt(i % 27);
        return sum;
      },
    },
    {
      name: 'passto sign',
      once: () => sign({ key: KEY, path: PATH, body: BODY }),
      run(n) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += sign({ key: KEY, path: PATH, body: BODY }).charCodeAt(i % 27);
        return sum;
      },
    },
    {
      name: 'node:crypto createHmac',
      once: nodeCrypto,
      run(n) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += nodeCrypto().charCodeAt(i % 27);
        return sum;
      },
    },
    {
      name: 'WebCrypto subtle.sign (awaited per call)',
      once: webCrypto,
      async run(n) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += (await webCrypto()).charCodeAt(i % 27);
        return sum;
      },
    },
  ];
}

/** Runs `row` in batches for at least `ms`; returns calls per second. */
async function timed(row: Row, batch: number, ms: number, sink: { value: number }): Promise<number> {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    sink.value += await row.run(batch);
    calls += batch;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return (calls / elapsed) * 1000;
}

/** Measures every row and returns the report. */
async function bench(): Promise<BenchReport> {
  const all = await rows();
  const expected = await all[0]!.once();
  for (const row of all) {
    const got = await row.once();
    if (got !== expected) throw new Error(`${row.name} gives ${got}, passto createSigner gives ${expected}`);
  }
  const sink = { value: 0 };
  // Warm up (lets the JIT optimise) and size batches to about 5 ms, so timer reads cost nothing.
  const batches = new Map<Row, number>();
  for (const row of all) {
    const rate = await timed(row, 100, WARMUP_MS, sink);
    batches.set(row, Math.max(1, Math.round(rate / 200)));
  }
  const samples = new Map<Row, number[]>(all.map((row) => [row, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const row of all) samples.get(row)!.push(await timed(row, batches.get(row)!, ROUND_MS, sink));
  }
  if (sink.value === 0) throw new Error('checksum is zero: the outputs were not consumed');
  return {
    runtime: runtimeName(),
    messageBytes: encoder.encode(PATH + BODY).length,
    keyBytes: encoder.encode(KEY).length,
    rows: all.map((row) => {
      const rounds = samples.get(row)!;
      return { name: row.name, opsPerSec: Math.max(...rounds), rounds };
    }),
  };
}

console.log(JSON.stringify(await bench()));
