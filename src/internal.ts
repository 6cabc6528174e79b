/**
 * `passto/internal`: building blocks the gateway, its adapters and the CLI share with the SDK but
 * that are not part of the SDK's promise. UNSTABLE: any name here may change in any release.
 * The README ("passto/internal") says why each name is here rather than in the root entry.
 * @module
 */
export { signBytes } from './sign.ts';
export { timingSafeEqual } from './timing-safe-equal.ts';
export { utf8 } from './utf8.ts';
export { isHeaderValue } from './header-value.ts';
export { redactor, WITHHELD_REASON } from './redact.ts';
export { eventIdJson, eventKeyHeader } from './event-key.ts';
export { DEFAULT_BASE_URL } from './options.ts';
export { type Answer, type Exchange, MAX_ANSWER_BYTES, send } from './transport.ts';
export { type Backoff, backoffDelay } from './backoff.ts';
