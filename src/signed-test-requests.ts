/**
 * Realistic webhook envelopes and correctly signed webhook and credit-limit `Request`s, signed
 * exactly as PassTo signs them (platform spec, "Signing": path + body). `passto/testing`
 * re-exports them; the checks (check-webhook-receiver.ts...) build their requests here too.
 */
import { DEFAULT_LANG } from './lang.ts';
import { CREDIT_LIMIT_REQUEST_TYPE } from './schemas/credit-limit.ts';
import type { WebhookEventDataInput, WebhookEventType } from './schemas/webhook-events.ts';
import { sign } from './sign.ts';
import { type SamplePayment, sampleWebhookData } from './webhook-event-samples.ts';

/** A webhook envelope as PassTo sends it. */
export interface WebhookEnvelope<T extends string = string, D = unknown> {
  type: T;
  platform_id: string | number;
  retry: number;
  event_id: string;
  data: D;
  [field: string]: unknown;
}

/** Headers to add or override; `null` removes one (to test a missing header). */
export type HeaderOverrides = Record<string, string | null>;

/** The `customer_token` used when none is given. */
export const TEST_CUSTOMER_TOKEN = 'test-customer-token';

/** The `platform_id` used when none is given. */
export const TEST_PLATFORM_ID = 'test-platform';

/** The payment of `createWebhookEvent`'s sample data: a new order now; `fields` replace the sample's. */
export function testPayment(fields: Partial<SamplePayment> = {}): SamplePayment {
  const now = Date.now();
  return {
    tag: '',
    token: TEST_CUSTOMER_TOKEN,
    amount: '100.00',
    currency: 'CNY',
    real_ip: '203.0.113.7',
    order_no: `ORD${now}`,
    trade_time: now,
    merchant_name: '测试商户 Test Shop',
    remark: '',
    charge_order_no: `CHG${now}`,
    ...fields,
  };
}

/**
 * A realistic envelope of `type` with a fresh `event_id` and `retry` 0; `data` fields override
 * the sample ones (`sampleWebhookData`), `envelope` fields the envelope's. Any type string is
 * accepted, so unknown types can be tested too (their sample data is `{}`).
 *
 * @example
 * ```ts
 * import { createWebhookEvent } from 'passto/testing';
 * const event = createWebhookEvent('PAY_SUCCESS', { amount: '12.34' });
 * ```
 */
export function createWebhookEvent<T extends WebhookEventType>(
  type: T,
  data?: Partial<WebhookEventDataInput<T>>,
  envelope?: Partial<Omit<WebhookEnvelope, 'type' | 'data'>>,
): WebhookEnvelope<T, WebhookEventDataInput<T>>;
export function createWebhookEvent(
  type: string,
  data?: Record<string, unknown>,
  envelope?: Partial<Omit<WebhookEnvelope, 'type' | 'data'>>,
): WebhookEnvelope;
export function createWebhookEvent(
  type: string,
  data: Record<string, unknown> = {},
  envelope: Partial<Omit<WebhookEnvelope, 'type' | 'data'>> = {},
): WebhookEnvelope {
  return {
    type,
    platform_id: TEST_PLATFORM_ID,
    retry: 0,
    event_id: crypto.randomUUID(),
    ...envelope,
    data: { ...sampleWebhookData(type, testPayment()), ...data },
  };
}

/** What `createSignedWebhookRequest` takes. */
export interface SignedWebhookRequestInit {
  /** The webhook URL; its path is what gets signed unless `path` is given. */
  url: string;
  /** The signature key. */
  key: string;
  /** The envelope (serialized with `JSON.stringify`), or the exact body text to send. */
  event: object | string;
  /** The path to sign, when it differs from the URL's (a proxy rewriting paths). */
  path?: string;
  /** The header the signature goes in (default `signature`). */
  signatureHeader?: 'signature' | 'signerature';
  /** Headers to add or override (`null` removes one). */
  headers?: HeaderOverrides;
}

/**
 * A webhook `POST` signed as PassTo signs it, with `token`, `trace` and `timestamp` headers.
 *
 * @example
 * ```ts
 * import { createSignedWebhookRequest, createWebhookEvent } from 'passto/testing';
 * const request = createSignedWebhookRequest({
 *   url: 'https://shop.example/webhooks/passto',
 *   key: 'test-key',
 *   event: createWebhookEvent('PAY_SUCCESS'),
 * });
 * const response = await app.request(request);
 * ```
 */
export function createSignedWebhookRequest(init: SignedWebhookRequestInit): Request {
  const { event } = init;
  const data = typeof event === 'object' ? (event as { data?: { token?: unknown } }).data : undefined;
  const token = typeof data?.token === 'string' ? data.token : TEST_CUSTOMER_TOKEN;
  return signedRequest(init, typeof event === 'string' ? event : JSON.stringify(event), { token });
}

/** What `createSignedCreditLimitRequest` takes. */
export interface SignedCreditLimitRequestInit {
  /** The credit-limit URL; its path is what gets signed unless `path` is given. */
  url: string;
  /** The signature key. */
  key: string;
  /** Fields of the body's `data` (default `{tag: "", currency: "CNY", digits: 2}`). */
  data?: { tag?: string; currency?: string; digits?: number; [field: string]: unknown };
  /** The exact body text to send instead of the one built from `data`. */
  body?: string;
  /** The `token` header (default `TEST_CUSTOMER_TOKEN`). */
  customer_token?: string;
  /** The `lang` header (default `en-US`). */
  lang?: string;
  /** The path to sign, when it differs from the URL's. */
  path?: string;
  /** The header the signature goes in (default `signature`). */
  signatureHeader?: 'signature' | 'signerature';
  /** Headers to add or override (`null` removes one). */
  headers?: HeaderOverrides;
}

/**
 * A credit-limit call (`GET_DEFAULT_ACCOUNT_CREDIT_LIMIT`) signed as PassTo signs it.
 *
 * @example
 * ```ts
 * import { createSignedCreditLimitRequest } from 'passto/testing';
 * const request = createSignedCreditLimitRequest({ url: 'https://shop.example/passto/limit', key: 'test-key' });
 * ```
 */
export function createSignedCreditLimitRequest(init: SignedCreditLimitRequestInit): Request {
  const body = init.body ?? JSON.stringify({ type: CREDIT_LIMIT_REQUEST_TYPE, data: { tag: '', currency: 'CNY', digits: 2, ...init.data } });
  return signedRequest(init, body, { token: init.customer_token ?? TEST_CUSTOMER_TOKEN, lang: init.lang ?? DEFAULT_LANG });
}

function signedRequest(
  init: { url: string; key: string; path?: string; signatureHeader?: string; headers?: HeaderOverrides },
  body: string,
  extra: Record<string, string>,
): Request {
  const headers = new Headers({
    'content-type': 'application/json',
    [init.signatureHeader ?? 'signature']: sign({ key: init.key, path: init.path ?? new URL(init.url).pathname, body }),
    trace: crypto.randomUUID(),
    timestamp: String(Date.now()),
    ...extra,
  });
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return new Request(init.url, { method: 'POST', headers, body });
}
