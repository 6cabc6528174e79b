/**
 * passto: sign, call and verify PassTo CreditPay on any JavaScript runtime.
 * Named exports only; every module is free of Node built-ins.
 *
 * The root entry is what an integration needs: signing, the client, the inbound verifiers,
 * errors and their guard, and the event stores. The valibot schemas of every wire object are in
 * `passto/schemas`, the Hono handlers in `passto/hono`, test helpers in `passto/testing`.
 * test/public-api.test.ts pins the list of values, so a new export is a deliberate change.
 * @module
 */

// Signing (platform spec, "Signing")
export { type Signer, createSigner, sign } from './sign.ts';
export { verify } from './verify.ts';

// Outbound client (identify/auth, identify/redirect)
export { type Client, createClient } from './client.ts';
export type { ClientOptions } from './options.ts';
export type { IdentifyAuthInput } from './schemas/identify-auth.ts';
export type { IdentifyRedirectInput } from './schemas/identify-redirect.ts';

// Inbound: webhooks and the credit-limit call
export type { InboundPayload, Keys } from './inbound.ts';
export { type VerifyWebhookOptions, type WebhookDelivery, verifyWebhook } from './webhook.ts';
export {
  isWebhookEvent,
  type UncheckedWebhookEvent,
  type WebhookEvent,
  type WebhookEventOf,
  type WebhookEventType,
} from './schemas/webhook-events.ts';
export { eventKeyOf } from './event-key.ts';
export { type CreditLimitRequest, creditLimitResponse, verifyCreditLimitRequest } from './credit-limit.ts';
export type { CreditLimit } from './schemas/credit-limit.ts';

// Errors, and the one guard that narrows them (also across copies of the package)
export { PasstoError } from './errors/passto-error.ts';
export { isPasstoError, type PasstoErrorName } from './errors/is-passto-error.ts';
export { type FieldIssue, ValidationError } from './errors/validation-error.ts';
export { ApiError } from './errors/api-error.ts';
export { HttpError } from './errors/http-error.ts';
export { ResponseError } from './errors/response-error.ts';
export { TimeoutError } from './errors/timeout-error.ts';
export { NetworkError } from './errors/network-error.ts';
export { SignatureError } from './errors/signature-error.ts';
export { PayloadTooLargeError } from './errors/payload-too-large-error.ts';
export { httpErrorResponse } from './http-error-response.ts';

// Exactly-once handling: one factory per store
export type { ClaimResult, EventStore } from './event-store.ts';
export { createMemoryEventStore } from './memory-event-store.ts';
export { createSqlEventStore } from './sql-event-store.ts';
export { type D1Like, d1Database, type SqlDatabase, type SqlValue } from './sql-database.ts';
