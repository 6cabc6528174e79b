/**
 * PassTo's response envelope `{code, msg, data, trace}`, `code` 0 meaning success (platform spec,
 * "Response envelope and errors"). Extra fields are tolerated (kept in the output).
 */
import * as v from 'valibot';
import { isHttpUrl } from './http-url.ts';

/** The type of an envelope schema whose `data` is checked by `D` (`envelopeOf`'s result). */
export type EnvelopeSchemaOf<D extends v.GenericSchema> = v.ObjectWithRestSchema<
  {
    readonly code: v.SchemaWithPipe<readonly [v.NumberSchema<'a number'>, v.IntegerAction<number, 'an integer'>]>;
    readonly msg: v.OptionalSchema<v.UnknownSchema, undefined>;
    readonly data: D;
    readonly trace: v.OptionalSchema<v.UnknownSchema, undefined>;
  },
  v.UnknownSchema,
  'an object'
>;

/** Any envelope, `data` unchecked: enough to tell success from an API error. */
export const EnvelopeSchema: EnvelopeSchemaOf<v.OptionalSchema<v.UnknownSchema, undefined>> = v.objectWithRest(
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
export function envelopeOf<const T extends v.GenericSchema>(data: T): EnvelopeSchemaOf<T> {
  return v.objectWithRest({ ...EnvelopeSchema.entries, data }, v.unknown(), 'an object');
}

/** An absolute http(s) URL, as a valibot check (`v.url()` alone also accepts `javascript:`). */
export const HttpUrlSchema: v.SchemaWithPipe<readonly [v.StringSchema<'a string'>, v.CheckAction<string, 'an http(s) URL'>]> = v.pipe(
  v.string('a string'),
  v.check<string, 'an http(s) URL'>(isHttpUrl, 'an http(s) URL'),
);
