/**
 * The webhook events the sandbox sends, with realistic `data` per type (platform spec,
 * "Inbound: webhook events", its table). Types whose data PassTo does not document get the
 * fields their neighbours carry.
 */
import type { WebhookEventType } from 'passto';
import type { SandboxCode } from './codes.ts';
import { SANDBOX } from './defaults.ts';

/** Every event type the spec lists, in the order a payment meets them. */
export const WEBHOOK_TYPES = [
  'PAY_START',
  'ASSIGN_SUCCESS',
  'ASSIGN_FAILED',
  'GET_BARCODE_SUCCESS',
  'GET_BARCODE_FAILED',
  'PAY_SUCCESS',
  'PAY_FAILED',
  'PAY_TIMEOUT',
  'PAY_FINISH',
  'REFUND',
  'SESSION_RENEWAL',
] as const satisfies readonly WebhookEventType[];

export type WebhookType = (typeof WEBHOOK_TYPES)[number];

/** What a button press knows about the payment it concerns. */
export interface PaymentContext {
  /** The cashier session (the stored code). */
  session: SandboxCode;
  /** The credit-limit tag in use. */
  tag: string;
  /** A decimal string. */
  amount: string;
  currency: string;
  /** The order this event concerns. */
  orderNo: string;
  now: number;
}

/** A new order number, as the sandbox's cashier numbers them. */
export function newOrderNo(now: number): string {
  return `SBX${now}${randomHex(4)}`;
}

/** A new event_id: a UUID without dashes. */
export function newEventId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/**
 * The `data` of one event type.
 *
 * @example
 * ```ts
 * const data = webhookData('PAY_SUCCESS', { session, tag: 'default', amount: '100.00', currency: 'CNY', orderNo, now: Date.now() });
 * ```
 */
export function webhookData(type: WebhookType, p: PaymentContext): Record<string, string | number> {
  const base = {
    tag: p.tag,
    token: p.session.customer_token,
    amount: p.amount,
    currency: p.currency,
    real_ip: p.session.client_ip,
    order_no: p.orderNo,
    trade_time: p.now,
    // "merchant_name arrives percent-encoded UTF-8".
    merchant_name: encodeURIComponent(SANDBOX.merchantName),
  };
  switch (type) {
    case 'PAY_SUCCESS':
      return { ...base, result: 'success', remark: 'sandbox payment succeeded' };
    case 'PAY_FAILED':
      return { ...base, amount: '', order_no: '', result: 'fail', remark: 'sandbox payment failed' };
    case 'REFUND':
      return { ...base, charge_order_no: `R${newOrderNo(p.now)}`, remark: 'sandbox refund' };
    case 'PAY_TIMEOUT':
      return {
        tag: p.tag,
        token: p.session.customer_token,
        trade_time: p.now,
        real_ip: p.session.client_ip,
        remark: 'sandbox payment timed out',
        amount: '',
        currency: '',
        order_no: '',
        merchant_name: '',
        charge_order_no: '',
      };
    case 'SESSION_RENEWAL':
      return { token: p.session.customer_token, timestamp: p.now };
    case 'PAY_START':
      return { ...base, remark: 'sandbox payment requested' };
    case 'PAY_FINISH':
      return { ...base, result: 'success', remark: 'sandbox payment finished' };
    default:
      return { ...base, remark: `sandbox ${type.toLowerCase().replace(/_/g, ' ')}` };
  }
}

/**
 * The webhook body: `{type, platform_id, retry, event_id, data}`, compact JSON as PassTo sends it.
 *
 * @example
 * ```ts
 * const body = webhookBody({ type: 'PAY_SUCCESS', platformId: 'sandbox-plat', retry: 0, eventId: newEventId(), data });
 * ```
 */
export function webhookBody(event: { type: string; platformId: string; retry: number; eventId: string; data: unknown }): string {
  return JSON.stringify({ type: event.type, platform_id: event.platformId, retry: event.retry, event_id: event.eventId, data: event.data });
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
