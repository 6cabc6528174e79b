/**
 * The root entry's values, pinned: adding or removing one is a deliberate change to the public
 * API (README, "The public API"). Schemas live in `passto/schemas`, unstable helpers in
 * `passto/internal`, which is not part of this promise.
 */
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.ts';
import * as internal from '../src/internal.ts';
import * as schemas from '../src/schemas/index.ts';

const ROOT_VALUES = [
  // signing
  'createSigner',
  'sign',
  'verify',
  // the client
  'createClient',
  // inbound
  'creditLimitResponse',
  'eventKeyOf',
  'isWebhookEvent',
  'verifyCreditLimitRequest',
  'verifyWebhook',
  // errors
  'ApiError',
  'HttpError',
  'NetworkError',
  'PasstoError',
  'PayloadTooLargeError',
  'ResponseError',
  'SignatureError',
  'TimeoutError',
  'ValidationError',
  'httpErrorResponse',
  'isPasstoError',
  // stores: one factory each
  'createMemoryEventStore',
  'createSqlEventStore',
  'd1Database',
];

describe('the public API', () => {
  it('the root entry exports exactly these values', () => {
    expect(Object.keys(root).sort()).toEqual([...ROOT_VALUES].sort());
  });

  it('exports no valibot schema from the root: they are in passto/schemas', () => {
    expect(Object.keys(root).filter((name) => name.endsWith('Schema'))).toEqual([]);
    expect(schemas).toHaveProperty('WebhookEventSchema');
    expect(schemas).toHaveProperty('IdentifyAuthInputSchema');
  });

  it('passto/internal shares no name with the root', () => {
    expect(Object.keys(internal).filter((name) => name in root)).toEqual([]);
  });
});
