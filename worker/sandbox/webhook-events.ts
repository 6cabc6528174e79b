/**
 * The webhook events the sandbox sends: each type's `data` is the SDK's sample for it
 * (`sampleWebhookData`, src/webhook-event-samples.ts), filled with this cashier session's payment.
 */
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from 'passto/schemas';
import { sampleWebhookData } from 'passto/testing';
import type { SandboxCode } from './codes.ts';
import { SANDBOX } from './defaults.ts';

/** Every documented event type: one button each on the cashier page. */
export const WEBHOOK_TYPES: readonly WebhookEventType[] = WEBHOOK_EVENT_TYPES;

export type WebhookType = WebhookEventType;

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
export function webhookData(type: WebhookType, p: PaymentContext): Record<string, unknown> {
  return sampleWebhookData(type, {
    tag: p.tag,
    token: p.session.customer_token,
    amount: p.amount,
    currency: p.currency,
    real_ip: p.session.client_ip,
    order_no: p.orderNo,
    trade_time: p.now,
    merchant_name: SANDBOX.merchantName,
    remark: `sandbox ${type.toLowerCase().replace(/_/g, ' ')}`,
    charge_order_no: `R${newOrderNo(p.now)}`,
  });
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
