/**
 * Helpers for the platform's own tests (the `passto/testing` entry): realistic webhook envelopes
 * and correctly signed webhook and credit-limit `Request`s, signed exactly as PassTo signs them
 * (platform spec, "Signing": path + body).
 * @module
 */
export { EXAMPLE_PAYMENT, type SamplePayment, sampleWebhookData, webhookEventExample } from './webhook-event-samples.ts';
export {
  createSignedCreditLimitRequest,
  createSignedWebhookRequest,
  createWebhookEvent,
  type HeaderOverrides,
  type SignedCreditLimitRequestInit,
  type SignedWebhookRequestInit,
  TEST_CUSTOMER_TOKEN,
  TEST_PLATFORM_ID,
  type WebhookEnvelope,
} from './signed-test-requests.ts';
export { checkWebhookReceiver, type CheckWebhookReceiverOptions, WEBHOOK_CHECK_DEFAULTS, WEBHOOK_RULES, type WebhookRuleName } from './check-webhook-receiver.ts';
export {
  CREDIT_LIMIT_CALLS,
  CREDIT_LIMIT_CHECK_DEFAULTS,
  CREDIT_LIMIT_RULES,
  type CheckCreditLimitEndpointOptions,
  type CreditLimitRuleName,
  checkCreditLimitEndpoint,
} from './check-credit-limit-endpoint.ts';
export type { Forgery } from './check-forgeries.ts';
export type { CheckEvidence, CheckReport, CheckResult, CheckRule, CheckStatus, CheckSummary } from './check-rule.ts';
export { CREDIT_LIMIT_NOT_CHECKABLE, WEBHOOK_NOT_CHECKABLE } from './check-rule.ts';
export type { CheckTarget, FetchHandler } from './check-target.ts';
export { formatCheckReport } from './check-report.ts';
