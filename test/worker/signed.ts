/** Test-side signing with node:crypto, independent of the library under test. */
import { createHmac, randomUUID } from 'node:crypto';

export const PASSTO_KEY = 'sandbox-signature-key';

export function hmac(key: string, path: string, body: string): string {
  return createHmac('sha1', key).update(path + body).digest('base64');
}

/** A webhook delivery as PassTo sends it: the body, and headers signed over `path + body`. */
export function webhookDelivery(
  event: { type?: string; event_id?: string; data?: Record<string, unknown>; retry?: number } = {},
  options: { key?: string; path?: string; body?: string } = {},
): RequestInit & { event_id: string; body: string } {
  const event_id = event.event_id ?? randomUUID().replaceAll('-', '');
  const body =
    options.body ??
    JSON.stringify({
      type: event.type ?? 'PAY_SUCCESS',
      platform_id: 'sandbox-plat',
      retry: event.retry ?? 0,
      event_id,
      data: event.data ?? {
        tag: 'default',
        token: 'tok-user-1',
        amount: '12.34',
        currency: 'CNY',
        real_ip: '203.0.113.9',
        order_no: 'ORD-1',
        trade_time: 1767225600000,
        merchant_name: encodeURIComponent('沙盒商户'),
        result: 'success',
        remark: '',
      },
    });
  return {
    event_id,
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      signature: hmac(options.key ?? PASSTO_KEY, options.path ?? '/v1/webhooks', body),
      token: 'tok-user-1',
      trace: `trace-${event_id}`,
      timestamp: String(Date.now()),
    },
  };
}

/** A credit-limit call as PassTo sends it. */
export function creditLimitCall(data: { tag?: string; currency?: string; digits?: number } = {}, key = PASSTO_KEY): RequestInit {
  const body = JSON.stringify({ type: 'GET_DEFAULT_ACCOUNT_CREDIT_LIMIT', data: { tag: '', currency: 'CNY', digits: 2, ...data } });
  return {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      signature: hmac(key, '/v1/credit-limit', body),
      token: 'tok-user-1',
      trace: 'trace-credit',
      lang: 'zh-CN',
      timestamp: String(Date.now()),
    },
  };
}

export const bearer = (token = 'dev-token') => ({ authorization: `Bearer ${token}` });

/** A valid identify/auth body (seed wire names). */
export function authBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    custom_no: 'order-473',
    customer_token: 'tok-user-1',
    token_expire: Date.now() + 3_600_000,
    callback_url: 'https://platform.example/payment/callback',
    client_ip: '192.0.2.10',
    ...overrides,
  };
}
