/**
 * Inbound verification of one 590-byte webhook event, data validation on: passto's payload form
 * and Request form against svix `verify`, stripe `webhooks.constructEvent` and octokit
 * `@octokit/webhooks-methods` `verify`, each checking a real signature of its own scheme over the
 * same body (the peers are devDependencies for this benchmark only). passto does the most work:
 * svix and octokit check the signature and parse nothing; stripe parses JSON; passto parses and
 * validates the envelope and the event's `data`. The Request rows time
 * ready-made Requests, as a server hands them over: building them is outside the timing, reading
 * the body inside it. The first carries the `Content-Length` its body came with (read in one call),
 * the second none, as a chunked upload arrives (read as a bounded stream).
 */
import { createSigner, verifyWebhook } from '../src/index.ts';
import { check, type Measured, measure, type Row } from './harness.ts';
import { EVENT_BODY, KEY, WEBHOOK_PATH } from './fixtures.ts';

export const INBOUND_BASELINE = 'svix verify';

export async function inboundRows(): Promise<Measured[]> {
  const signature = createSigner(KEY)(WEBHOOK_PATH, EVENT_BODY);
  const headers = { 'content-type': 'application/json', signature, token: 'user-token-1', trace: 'trace-1', timestamp: '1767225600000' };
  const bytes = new TextEncoder().encode(EVENT_BODY);
  const framed = { ...headers, 'content-length': String(bytes.length) };
  const options = { keys: KEY };
  const url = `https://merchant.example${WEBHOOK_PATH}`;

  const rows: Row[] = [
    {
      name: 'passto verifyWebhook payload (string body)',
      baseline: INBOUND_BASELINE,
      async run(n) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += (await verifyWebhook({ body: EVENT_BODY, headers, path: WEBHOOK_PATH }, options)).keyIndex + 1;
        return sum;
      },
    },
    {
      name: 'passto verifyWebhook payload (bytes body)',
      baseline: INBOUND_BASELINE,
      async run(n) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += (await verifyWebhook({ body: bytes, headers, path: WEBHOOK_PATH }, options)).keyIndex + 1;
        return sum;
      },
    },
    {
      name: 'passto verifyWebhook Request',
      baseline: INBOUND_BASELINE,
      // Ready-made Requests, as a server hands them over (with the Content-Length the body came
      // with): their construction is not timed.
      prepare: (n) => Array.from({ length: n }, () => new Request(url, { method: 'POST', headers: framed, body: EVENT_BODY })),
      async run(_n, requests) {
        let sum = 0;
        for (const request of requests as Request[]) sum += (await verifyWebhook(request, options)).keyIndex + 1;
        return sum;
      },
    },
    {
      name: 'passto verifyWebhook Request, chunked (read as a stream)',
      baseline: INBOUND_BASELINE,
      prepare: (n) => Array.from({ length: n }, () => new Request(url, { method: 'POST', headers, body: EVENT_BODY })),
      async run(_n, requests) {
        let sum = 0;
        for (const request of requests as Request[]) sum += (await verifyWebhook(request, options)).keyIndex + 1;
        return sum;
      },
    },
  ];
  const peers = await peerRows();
  rows.push(...peers);
  for (const row of rows) check((await row.run(1, row.prepare?.(1))) > 0, row.name);
  return measure('inbound', rows);
}

async function peerRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const secret = `whsec_${btoa('passto-benchmark-secret-32-bytes')}`;
  const { Webhook } = await import('svix');
  const svix = new Webhook(secret);
  const id = 'msg_2Jd8Zn0rLr1e4k1fVq0wqO3Kp9S';
  const svixHeaders = { 'svix-id': id, 'svix-timestamp': '', 'svix-signature': '' };
  const fresh = () => {
    // svix refuses a timestamp older than five minutes: re-signed when a row starts a batch.
    const now = new Date();
    svixHeaders['svix-timestamp'] = String(Math.floor(now.getTime() / 1000));
    svixHeaders['svix-signature'] = svix.sign(id, now, EVENT_BODY);
  };
  fresh();
  rows.push({
    name: INBOUND_BASELINE,
    run(n) {
      fresh();
      let sum = 0;
      // svix 2.5 returns nothing: it checks the signature and timestamp, and parses no JSON.
      for (let i = 0; i < n; i++) sum += svix.verify(EVENT_BODY, svixHeaders) === undefined ? 1 : 0;
      return sum;
    },
  });
  try {
    const { default: Stripe } = await import('stripe');
    const stripe = new Stripe('sk_test_passto_benchmark');
    const stripeSecret = 'whsec_passto_benchmark';
    rows.push({
      name: 'stripe webhooks.constructEvent',
      run(n) {
        const header = stripe.webhooks.generateTestHeaderString({ payload: EVENT_BODY, secret: stripeSecret });
        let sum = 0;
        for (let i = 0; i < n; i++) sum += (stripe.webhooks.constructEvent(EVENT_BODY, header, stripeSecret) as unknown as { retry: number }).retry + 1;
        return sum;
      },
    });
  } catch (error) {
    console.error(`stripe does not load here (${String(error).slice(0, 80)}): its row is left out`);
  }
  const octokit = await import('@octokit/webhooks-methods');
  const octokitSecret = 'passto-benchmark-secret';
  const octokitSignature = await octokit.sign(octokitSecret, EVENT_BODY);
  rows.push({
    name: 'octokit webhooks-methods verify',
    async run(n) {
      let sum = 0;
      // octokit checks the signature only (no JSON, no timestamp).
      for (let i = 0; i < n; i++) sum += (await octokit.verify(octokitSecret, EVENT_BODY, octokitSignature)) ? 1 : 0;
      return sum;
    },
  });
  return rows;
}
