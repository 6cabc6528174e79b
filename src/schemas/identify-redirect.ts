/**
 * identify/redirect: a one-time `ident_code` exchanged for an `open_token`
 * (platform spec, "Outbound: identify/redirect").
 */
import * as v from 'valibot';
import { type EnvelopeSchemaOf, envelopeOf } from './envelope.ts';

/** A non-empty string, with this library's messages. */
type NonEmptyString = v.SchemaWithPipe<readonly [v.StringSchema<'a string'>, v.NonEmptyAction<string, 'a non-empty string'>]>;

const redirectEntries = { ident_code: v.pipe(v.string('a string'), v.nonEmpty('a non-empty string')) };
/** The identify/redirect body: `{"ident_code": "..."}`. */
export const IdentifyRedirectInputSchema: v.ObjectWithRestSchema<
  { ident_code: NonEmptyString },
  v.NeverSchema<'unknown field'>,
  (issue: v.ObjectWithRestIssue) => 'an object' | 'required'
> = v.objectWithRest(
  redirectEntries,
  v.never('unknown field'),
  (issue) => (issue.expected === 'Object' ? 'an object' : 'required'),
);

/** identify/redirect's `data`: `open_token` is `"Bearer <JWT>"`, checked loosely (a non-empty string). */
export const IdentifyRedirectDataSchema: v.ObjectWithRestSchema<{ readonly open_token: NonEmptyString }, v.UnknownSchema, 'an object'> = v.objectWithRest(
  { open_token: v.pipe(v.string('a string'), v.nonEmpty('a non-empty string')) },
  v.unknown(),
  'an object',
);

/** The whole identify/redirect response envelope. */
export const IdentifyRedirectResponseSchema: EnvelopeSchemaOf<typeof IdentifyRedirectDataSchema> = envelopeOf(IdentifyRedirectDataSchema);

/** The identify/redirect body. */
export interface IdentifyRedirectInput {
  /** The one-time code identify/auth returned. */
  ident_code: string;
}
/** identify/redirect's `data`. */
export type IdentifyRedirectData = v.InferOutput<typeof IdentifyRedirectDataSchema>;
