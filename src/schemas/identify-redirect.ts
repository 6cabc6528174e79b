/**
 * identify/redirect: a one-time `ident_code` exchanged for an `open_token`
 * (platform spec, "Outbound: identify/redirect").
 */
import * as v from 'valibot';
import { envelopeOf } from './envelope.ts';

/** The identify/redirect body: `{"ident_code": "..."}`. */
const redirectEntries = { ident_code: v.pipe(v.string('a string'), v.nonEmpty('a non-empty string')) };
export const IdentifyRedirectInputSchema = v.objectWithRest(
  redirectEntries,
  v.never('unknown field'),
  (issue) => (issue.expected === 'Object' ? 'an object' : 'required'),
);

/** identify/redirect's `data`: `open_token` is `"Bearer <JWT>"`, checked loosely (a non-empty string). */
export const IdentifyRedirectDataSchema = v.objectWithRest(
  { open_token: v.pipe(v.string('a string'), v.nonEmpty('a non-empty string')) },
  v.unknown(),
  'an object',
);

/** The whole identify/redirect response envelope. */
export const IdentifyRedirectResponseSchema = envelopeOf(IdentifyRedirectDataSchema);

/** The identify/redirect body. */
export interface IdentifyRedirectInput {
  /** The one-time code identify/auth returned. */
  ident_code: string;
}
/** identify/redirect's `data`. */
export type IdentifyRedirectData = v.InferOutput<typeof IdentifyRedirectDataSchema>;
