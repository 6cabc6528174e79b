/**
 * Realistic `data` for test webhook events, per type (platform spec, "Inbound: webhook events",
 * the table of types). Types whose fields the spec does not document get only the user's token.
 */

/** The documented event types, in the spec's order. */
export const EVENT_TYPES = [
  'PAY_START',
  'ASSIGN_SUCCESS',
  'ASSIGN_FAILED',
  'GET_BARCODE_SUCCESS',
  'GET_BARCODE_FAILED',
  'PAY_SUCCESS',
  'PAY_FAILED',
  'REFUND',
  'PAY_TIMEOUT',
  'PAY_FINISH',
  'SESSION_RENEWAL',
] as const;

/** A merchant name as PassTo sends it: percent-encoded UTF-8. */
const MERCHANT_NAME = encodeURIComponent('测试商户 Test Shop');
/** An address from TEST-NET-3 (RFC 5737), never a real user's. */
const REAL_IP = '203.0.113.7';

/**
 * The default `data` of `type` for the user `token` at `now` (ms); `undefined` for a type the
 * spec does not list.
 *
 * @example
 * ```ts
 * webhookDefaults('PAY_SUCCESS', 'customer-token', Date.now()).amount; // '100.00'
 * ```
 */
export function webhookDefaults(type: string, token: string, now: number): Record<string, unknown> | undefined {
  const orderNo = `CP${now}`;
  const common = { tag: 'default', token, real_ip: REAL_IP, trade_time: now };
  switch (type) {
    case 'PAY_SUCCESS':
      return { ...common, amount: '100.00', currency: 'CNY', order_no: orderNo, merchant_name: MERCHANT_NAME, result: 'success', remark: '' };
    case 'PAY_FAILED':
      return { ...common, amount: '', currency: 'CNY', order_no: '', merchant_name: MERCHANT_NAME, result: 'fail', remark: 'insufficient credit' };
    case 'REFUND':
      return { ...common, amount: '100.00', currency: 'CNY', order_no: `RF${now}`, charge_order_no: orderNo, merchant_name: MERCHANT_NAME, remark: '' };
    case 'PAY_TIMEOUT':
      return { ...common, remark: '', amount: '', currency: '', order_no: '', merchant_name: '', charge_order_no: '' };
    case 'SESSION_RENEWAL':
      return { token, timestamp: now };
    default:
      return (EVENT_TYPES as readonly string[]).includes(type) ? { token } : undefined;
  }
}
