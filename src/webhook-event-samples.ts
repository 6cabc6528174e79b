/**
 * The sample `data` of each documented webhook event type, in one table beside the schemas
 * (src/schemas/webhook-events.ts): `passto/testing`'s `createWebhookEvent`, the gateway's sandbox,
 * the CLI's `send-event` and the docs' examples all build their events here. Which fields a type
 * carries, and which it leaves empty, follows the spec's table ("Inbound: webhook events");
 * undocumented types get the fields their neighbours carry. Kept out of the schemas' file so that
 * a bundle verifying webhooks does not carry sample data.
 */
import type { WebhookEventDataInput, WebhookEventType } from './schemas/webhook-events.ts';

/** The payment a sample event concerns. Each type takes the fields it documents. */
export interface SamplePayment {
  tag: string;
  /** The user's `customer_token`. */
  token: string;
  /** A decimal string. */
  amount: string;
  currency: string;
  real_ip: string;
  order_no: string;
  /** Milliseconds since the epoch (also `SESSION_RENEWAL`'s `timestamp`). */
  trade_time: number;
  /** Plain text: the data carries it percent-encoded, as PassTo sends it. */
  merchant_name: string;
  remark: string;
  /** `REFUND`'s own number. */
  charge_order_no: string;
}

const payment = (p: SamplePayment) => ({
  tag: p.tag,
  token: p.token,
  amount: p.amount,
  currency: p.currency,
  real_ip: p.real_ip,
  order_no: p.order_no,
  trade_time: p.trade_time,
  // "merchant_name arrives percent-encoded UTF-8".
  merchant_name: encodeURIComponent(p.merchant_name),
  remark: p.remark,
});

/**
 * One entry per documented type: its `data` for a payment. The compiler requires an entry for
 * every type of `WEBHOOK_EVENT_SCHEMAS`, and each to match its schema's input.
 */
export const WEBHOOK_EVENT_SAMPLES: { [T in WebhookEventType]: (p: SamplePayment) => WebhookEventDataInput<T> } = {
  PAY_START: payment,
  ASSIGN_SUCCESS: payment,
  ASSIGN_FAILED: payment,
  GET_BARCODE_SUCCESS: payment,
  GET_BARCODE_FAILED: payment,
  PAY_SUCCESS: (p) => ({ ...payment(p), result: 'success' }),
  PAY_FAILED: (p) => ({ ...payment(p), amount: '', order_no: '', result: 'fail' }),
  REFUND: (p) => ({ ...payment(p), charge_order_no: p.charge_order_no }),
  PAY_TIMEOUT: (p) => ({
    tag: p.tag,
    token: p.token,
    trade_time: p.trade_time,
    real_ip: p.real_ip,
    remark: p.remark,
    amount: '',
    currency: '',
    order_no: '',
    merchant_name: '',
    charge_order_no: '',
  }),
  PAY_FINISH: (p) => ({ ...payment(p), result: 'success' }),
  SESSION_RENEWAL: (p) => ({ token: p.token, timestamp: p.trade_time }),
};

/** The payment of the docs' examples: fixed values, so an example never changes between builds. */
export const EXAMPLE_PAYMENT: SamplePayment = {
  tag: 'default',
  token: 'user-token-1',
  amount: '100.00',
  currency: 'CNY',
  real_ip: '203.0.113.7',
  order_no: 'ORD20260101000001',
  trade_time: 1_767_225_600_000,
  merchant_name: '示例商户 Example Shop',
  remark: '',
  charge_order_no: 'CHG20260101000001',
};

/**
 * The sample `data` of `type` for `payment`; `{}` for a type this version does not document.
 *
 * @example
 * ```ts
 * sampleWebhookData('SESSION_RENEWAL', EXAMPLE_PAYMENT); // { token: 'user-token-1', timestamp: 1767225600000 }
 * ```
 */
export function sampleWebhookData(type: string, payment: SamplePayment): Record<string, unknown> {
  return Object.hasOwn(WEBHOOK_EVENT_SAMPLES, type) ? WEBHOOK_EVENT_SAMPLES[type as WebhookEventType](payment) : {};
}

/**
 * The docs' published example of one type: its whole envelope, with fixed values.
 *
 * @example
 * ```ts
 * const example = webhookEventExample('PAY_SUCCESS'); // { type: 'PAY_SUCCESS', platform_id: 'plat-1', retry: 0, event_id: ..., data: {...} }
 * ```
 */
export function webhookEventExample<T extends WebhookEventType>(
  type: T,
): { type: T; platform_id: string; retry: number; event_id: string; data: WebhookEventDataInput<T> } {
  return { type, platform_id: 'plat-1', retry: 0, event_id: '4f9c2a7e1b3d4c5e8f60718293a4b5c6', data: WEBHOOK_EVENT_SAMPLES[type](EXAMPLE_PAYMENT) };
}
