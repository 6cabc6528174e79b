/**
 * formatAmount's refusals word for word (what an integrator reads), and the carry of a negative
 * amount's step down through every run of nines.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/index.ts';
import { DigitsSchema, formatAmount, MAX_DIGITS } from '../src/format-amount.ts';

function refusal(amount: unknown, digits: unknown): ValidationError {
  try {
    formatAmount(amount as string, digits as number);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('formatAmount: refusals', () => {
  it('names the field and says why, under "Invalid amount"', () => {
    expect(MAX_DIGITS).toBe(8);
    const cases: [unknown, unknown, string, string][] = [
      ['1', 1.5, 'digits', 'an integer'],
      ['1', -1, 'digits', 'at least 0'],
      ['1', 9, 'digits', 'at most 8'],
      ['x', 2, 'amount', 'a decimal string such as "10001.23"'],
      [1e21, 2, 'amount', 'a number written without exponent'],
    ];
    for (const [amount, digits, path, message] of cases) {
      const error = refusal(amount, digits);
      expect(error.issues, `${amount} @ ${digits}`).toEqual([{ path, message }]);
      expect(error.message).toBe(`Invalid amount: ${path}: ${message}`);
    }
  });

  it('accepts every digits value from 0 to 8 and nothing else', () => {
    for (let digits = 0; digits <= 8; digits++) expect(formatAmount('1', digits)).toBe(digits === 0 ? '1' : `1.${'0'.repeat(digits)}`);
    expect(() => formatAmount('1', 9)).toThrow(ValidationError);
    expect(DigitsSchema.pipe.length).toBe(4);
  });
});

describe('formatAmount: stepping a negative amount down', () => {
  it('carries through the nines, whatever digit comes before them', () => {
    const table: [string, number, string][] = [
      ['-1.999', 2, '-2.00'],
      ['-0.999', 2, '-1.00'],
      ['-9.999', 2, '-10.00'],
      ['-99.991', 2, '-100.00'],
      ['-19.991', 1, '-20.0'],
      ['-10.091', 2, '-10.10'],
      ['-8.1', 0, '-9'],
      ['-9.1', 0, '-10'],
      ['-0.1', 0, '-1'],
      ['-1.2301', 2, '-1.24'],
      ['-90.001', 2, '-90.01'],
    ];
    for (const [amount, digits, expected] of table) expect(formatAmount(amount, digits), `${amount} @ ${digits}`).toBe(expected);
  });
});
