/**
 * PassTo's response envelope `{code, msg, data, trace}`, `code` 0 meaning success (platform spec,
 * "Response envelope and errors"). Extra fields are tolerated (kept in the output).
 */
import * as v from 'valibot';

/** Any envelope, `data` unchecked: enough to tell success from an API error. */
export const EnvelopeSchema = v.objectWithRest(
  {
    code: v.pipe(v.number('a number'), v.integer('an integer')),
    // Tolerated when missing or null: they only describe the answer.
    msg: v.optional(v.unknown()),
    data: v.optional(v.unknown()),
    trace: v.optional(v.unknown()),
  },
  v.unknown(),
  'an object',
);

/**
 * An envelope whose `data` must match `data`: issues then name `data.<field>`.
 *
 * @example
 * ```ts
 * import * as v from 'valibot';
 * import { envelopeOf } from 'passto';
 * const Schema = envelopeOf(v.object({ open_token: v.string() }));
 * const result = v.safeParse(Schema, await response.json());
 * ```
 */
export function envelopeOf<const T extends v.GenericSchema>(data: T) {
  return v.objectWithRest({ ...EnvelopeSchema.entries, data }, v.unknown(), 'an object');
}

/** An absolute http(s) URL, as a valibot check (`v.url()` alone also accepts `javascript:`). */
export const HttpUrlSchema = v.pipe(
  v.string('a string'),
  v.check((text) => {
    try {
      return /^https?:$/.test(new URL(text).protocol) && /^https?:\/\//i.test(text);
    } catch {
      return false;
    }
  }, 'an http(s) URL'),
);
