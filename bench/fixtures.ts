/** The messages every section signs or verifies, the same on every runtime. */
import { webhookEventExample } from '../src/webhook-event-samples.ts';

/** A realistic identify/auth call (platform spec, "Outbound: identify/auth"). */
export const AUTH_PATH = '/v1/platform/identify/auth';
/** Real signature keys are about 100 characters (longer than SHA-1's block, so HMAC hashes them). */
export const KEY = 'pk_'.concat('Zx8Qm2Lr5Tv9Wc3Hy7Jb1Nd4Gf6Ks0Pa'.repeat(4)).slice(0, 100);
/** The identify/auth input; token_expire an hour ahead, as the client requires a future expiry. */
export function authInput() {
  return {
    custom_no: 'ORD-20260501-000123',
    customer_token: 'eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi0xMjM0NTY3ODkw.Zm9vYmFy',
    token_expire: Date.now() + 3_600_000,
    callback_url: 'https://shop.example.com/creditpay/callback',
    client_ip: '203.0.113.42',
  };
}
export const AUTH_BODY = JSON.stringify(authInput());

/** The webhook path PassTo calls, and the event body: a PAY_SUCCESS padded to exactly 590 bytes. */
export const WEBHOOK_PATH = '/passto/webhook';
export const EVENT_BYTES = 590;
export const EVENT_BODY: string = (() => {
  const event = webhookEventExample('PAY_SUCCESS');
  const base = JSON.stringify({ ...event, data: { ...event.data, remark: '' } });
  const pad = EVENT_BYTES - new TextEncoder().encode(base).length;
  if (pad < 0) throw new Error(`the sample event is already ${EVENT_BYTES - pad} bytes`);
  return JSON.stringify({ ...event, data: { ...event.data, remark: 'x'.repeat(pad) } });
})();
