/**
 * Money, per the platform spec's "Decision (amounts)": a decimal string, never a float. On input a
 * finite number written without exponent is accepted too and becomes its decimal string.
 */
import * as v from 'valibot';

/** A plain decimal: optional minus, digits, optional fraction. No exponent, no spaces, no `+`. */
export const DECIMAL_PATTERN: RegExp = /^-?\d+(\.\d+)?$/;

/** A decimal string as PassTo writes amounts: `"10001.23"`. */
export const DecimalStringSchema: v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.RegexAction<string, 'a decimal string such as "10001.23"'>]> = v.pipe(v.string(), v.regex(DECIMAL_PATTERN, 'a decimal string such as "10001.23"'));

/**
 * An amount given by a caller: a decimal string, or a finite number whose `String()` has no
 * exponent (so `1e21` and `1e-7` are refused instead of sent as `"1e+21"`). Output: the string.
 */
export const AmountSchema: v.UnionSchema<
  [
    typeof DecimalStringSchema,
    v.SchemaWithPipe<
      readonly [v.NumberSchema<undefined>, v.FiniteAction<number, undefined>, v.TransformAction<number, string>, v.RegexAction<string, 'a number written without exponent'>]
    >,
  ],
  'a decimal string or a finite number without exponent'
> = v.union(
  [
    DecimalStringSchema,
    v.pipe(
      v.number(),
      v.finite(),
      v.transform((n) => String(n)),
      v.regex(DECIMAL_PATTERN, 'a number written without exponent'),
    ),
  ],
  'a decimal string or a finite number without exponent',
);
