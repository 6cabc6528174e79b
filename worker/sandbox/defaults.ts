/**
 * The sandbox's fixed values, in one place: where its API lives, how long codes and sessions
 * last, and the shortened retry schedule of its webhook deliveries.
 */

export const SANDBOX = {
  /** The sandbox's API base inside the gateway: PassTo's `{base}` (signed paths are relative to it). */
  apiBase: '/sandbox/api',
  /** The cashier page. */
  oauthPath: '/sandbox/oauth',
  /** The signed path of identify/auth, relative to the API base (platform spec, "Signing"). */
  identifyAuthPath: '/v1/platform/identify/auth',
  /** The gateway's routes the sandbox calls as PassTo calls a platform; also the paths it signs. */
  creditLimitPath: '/v1/credit-limit',
  webhooksPath: '/v1/webhooks',
  /**
   * The credit-limit call waits the gateway's own limit (`CREDIT_LIMIT_TIMEOUT_MS`, after which it
   * answers 504) plus this: the gateway's 504 still arrives, and a hung handler cannot hang the page.
   */
  creditLimitTimeoutMarginMs: 1000,
  /** An unused ident_code lasts this long. */
  codeTtlMs: 10 * 60 * 1000,
  /** The open_token (and so the cashier session) lasts this long: the JWT's exp = iat + 3600. */
  sessionTtlSeconds: 3600,
  /** PassTo retries a webhook every 5 minutes, at most 10 times; the sandbox waits 5 s, 10 s, 20 s, ... */
  deliveryBaseDelayMs: 5000,
  deliveryMaxAttempts: 10,
  /** How long an attempt may hold a delivery before another run may take it again. */
  deliveryLeaseMs: 60_000,
  /** At most this many deliveries per scheduled run. */
  deliveryBatch: 50,
  /** The lang PassTo assumes when identify/auth names none. */
  defaultLang: 'en-US',
  /** The merchant the sandbox pays, sent percent-encoded as PassTo does. */
  merchantName: '沙盒商户',
} as const;
