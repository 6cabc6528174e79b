/**
 * Amounts at a requested precision, for the credit-limit answer (platform spec, "Inbound: the
 * platform's credit-limit endpoint": `amount` at the `digits` PassTo asks for). Pure string work:
 * no float ever touches the value, so `"10001.23"` can never come out as `"10001.229999"`.
 */
import * as v from 'valibot';
import { ValidationError } from './errors/validation-error.ts';
import { AmountSchema } from './schemas/amount.ts';
import { toFieldIssues } from './schemas/issues.ts';

/** The most decimal places accepted; PassTo asks for 2 in every documented example. */
export const MAX_DIGITS = 8;

/** A count of decimal places: an integer from 0 to `MAX_DIGITS`. */
export const DigitsSchema: v.SchemaWithPipe<
  readonly [v.NumberSchema<undefined>, v.IntegerAction<number, 'an integer'>, v.MinValueAction<number, 0, 'at least 0'>, v.MaxValueAction<number, typeof MAX_DIGITS, `at most ${typeof MAX_DIGITS}`>]
> = v.pipe(
  v.number(),
  v.integer('an integer'),
  v.minValue(0, 'at least 0'),
  v.maxValue(MAX_DIGITS, `at most ${MAX_DIGITS}`),
);

/**
 * Writes `amount` with exactly `digits` decimal places, never rounding up: extra places are cut
 * so the result is never more than `amount`, and the cashier never shows more credit than the
 * user has (`"12.349"` -> `"12.34"`; a negative amount goes down, `"-1.005"` -> `"-1.01"`);
 * missing places are padded with zeros (`"5"` -> `"5.00"`); `digits` 0 gives no dot. Leading
 * zeros are dropped and a result of zero carries no minus sign.
 *
 * `amount` is a decimal string, or a finite number written without exponent (see `AmountSchema`).
 * Throws a `ValidationError` naming `amount` or `digits` on anything else.
 *
 * @example
 * ```ts
 * import { formatAmount } from 'passto';
 * formatAmount('12.349', 2); // '12.34'
 * formatAmount('5', 2);      // '5.00'
 * formatAmount('7.9', 0);    // '7'
 * ```
 */
export function formatAmount(amount: string | number, digits: number): string {
  const parsed = v.safeParse(v.object({ amount: AmountSchema, digits: DigitsSchema }), { amount, digits });
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.issues), { what: 'amount' });
  const text = parsed.output.amount;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.') as [string, string?];
  let kept = `${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`;
  // Cutting a negative amount's places moves it up, toward zero: step it down one unit instead.
  if (negative && /[1-9]/.test(fraction.slice(digits))) kept = incrementDigits(kept);
  kept = kept.replace(/^0+(?=\d)/, '').padStart(digits + 1, '0');
  const integer = kept.slice(0, kept.length - digits);
  const places = kept.slice(kept.length - digits);
  const isZero = /^0*$/.test(kept);
  return `${negative && !isZero ? '-' : ''}${integer}${digits > 0 ? `.${places}` : ''}`;
}

/** Adds one to a string of decimal digits (`"0999"` -> `"1000"`, `"99"` -> `"100"`). */
function incrementDigits(digits: string): string {
  let i = digits.length - 1;
  // Below index 0, digits[i] is undefined, not '9': the loop stops there by itself.
  while (digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${Number(digits[i]) + 1}${'0'.repeat(digits.length - i - 1)}`;
}
