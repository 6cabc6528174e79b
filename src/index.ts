/**
 * passto: sign, call and verify PassTo CreditPay on any JavaScript runtime.
 * Named exports only; every module is free of Node built-ins.
 * @module
 */

// Signing (platform spec, "Signing")
export { type SignInput, type Signer, createSigner, sign } from './sign.ts';
export { type VerifyInput, verify } from './verify.ts';
export type { Input } from './utf8.ts';

// Errors
export { PasstoError, isPasstoError } from './errors/passto-error.ts';
export { type FieldIssue, ValidationError } from './errors/validation-error.ts';
export { ApiError } from './errors/api-error.ts';
export { HttpError } from './errors/http-error.ts';
export { ResponseError } from './errors/response-error.ts';
export { TimeoutError } from './errors/timeout-error.ts';
export { NetworkError } from './errors/network-error.ts';
export { type SignatureFailure, SignatureError } from './errors/signature-error.ts';

// Outbound client (identify/auth, identify/redirect)
export {
  type CallOptions,
  type Client,
  createClient,
  IDENTIFY_AUTH_PATH,
  IDENTIFY_REDIRECT_PATH,
  type IdentifyAuthResult,
  type IdentifyRedirectResult,
  type RedirectCallOptions,
} from './client.ts';
export { type ClientOptions, DEFAULT_BASE_URL } from './options.ts';
export type { RetryOptions } from './retry.ts';
export { EnvelopeSchema, envelopeOf, HttpUrlSchema } from './schemas/envelope.ts';
export {
  type CreditLimitCardInput,
  CreditLimitCardSchema,
  type IdentifyAuthData,
  IdentifyAuthDataSchema,
  type IdentifyAuthInput,
  IdentifyAuthInputSchema,
  IdentifyAuthResponseSchema,
  TOKEN_EXPIRE_SKEW_MS,
} from './schemas/identify-auth.ts';
export {
  type IdentifyRedirectData,
  IdentifyRedirectDataSchema,
  type IdentifyRedirectInput,
  IdentifyRedirectInputSchema,
  IdentifyRedirectResponseSchema,
} from './schemas/identify-redirect.ts';

// Inbound (webhooks, credit-limit calls, exactly-once handling)
export { PayloadTooLargeError } from './errors/payload-too-large-error.ts';
export { DEFAULT_MAX_BODY_BYTES, type InboundOptions, type Keys, SIGNATURE_HEADERS } from './inbound.ts';
export { type VerifyWebhookOptions, type WebhookDelivery, verifyWebhook } from './webhook.ts';
export {
  type CreditLimitRequest,
  creditLimitResponse,
  type VerifyCreditLimitOptions,
  verifyCreditLimitRequest,
} from './credit-limit.ts';
export { DigitsSchema, formatAmount, MAX_DIGITS } from './format-amount.ts';
export { decodeMerchantName } from './decode-merchant-name.ts';
export {
  isKnownWebhookEvent,
  isWebhookEvent,
  type KnownWebhookEvent,
  PayFailedDataSchema,
  PaySuccessDataSchema,
  PayTimeoutDataSchema,
  RefundDataSchema,
  SessionRenewalDataSchema,
  EventIdSchema,
  type UncheckedWebhookEvent,
  UndocumentedDataSchema,
  type UnknownWebhookEvent,
  type UnknownWebhookEventType,
  WEBHOOK_EVENT_SCHEMAS,
  WEBHOOK_EVENT_TYPES,
  WebhookEnvelopeSchema,
  type WebhookEvent,
  type WebhookEventDataInput,
  type WebhookEventOf,
  WebhookEventSchema,
  type WebhookEventType,
} from './schemas/webhook-events.ts';
export {
  CREDIT_LIMIT_REQUEST_TYPE,
  type CreditLimit,
  type CreditLimitInput,
  CreditLimitInputSchema,
  CreditLimitRequestBodySchema,
  type CreditLimitResponseBody,
  CreditLimitSchema,
} from './schemas/credit-limit.ts';
export type { ClaimResult, EventStore } from './event-store.ts';
export { eventIdJson, eventKeyHeader, eventKeyOf, stringEventKey } from './event-key.ts';
export { type D1Like, d1Database, type SqlDatabase, type SqlValue } from './sql-database.ts';
export { createSqlEventStore, DEFAULT_SQL_DONE_TTL_MS, EVENT_CLAIMS_TABLE, type SqlEventStore, type SqlEventStoreOptions } from './sql-event-store.ts';
export {
  createMemoryEventStore,
  DEFAULT_DONE_TTL_MS,
  DEFAULT_LEASE_MS,
  MemoryEventStore,
  type MemoryEventStoreOptions,
} from './memory-event-store.ts';
export { type HttpErrorResponse, httpErrorResponse } from './http-error-response.ts';
