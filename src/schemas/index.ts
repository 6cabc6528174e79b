/**
 * The valibot schemas behind every check passto makes (the `passto/schemas` entry): PassTo's
 * envelopes, the identify calls, the credit-limit call and the webhook events. Use them to
 * validate in your own code, or to derive JSON Schema; the root entry exports only their types.
 * @module
 */
export * from './amount.ts';
export * from './credit-limit.ts';
export * from './envelope.ts';
export * from './identify-auth.ts';
export * from './identify-redirect.ts';
export * from './issues.ts';
export * from './webhook-events.ts';
export { DigitsSchema } from '../format-amount.ts';
