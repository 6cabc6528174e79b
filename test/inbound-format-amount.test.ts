import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/index.ts';
import { formatAmount } from '../src/format-amount.ts';

/** An independent reference: scale to an integer with BigInt and divide rounding down (floor). */
function reference(amount: string, digits: number): string {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.') as [string, string?];
  const scaled = BigInt(whole + fraction) * (negative ? -1n : 1n);
  const shift = fraction.length - digits;
  // BigInt division truncates toward zero; a negative with a remainder steps down once more.
  const divisor = 10n ** BigInt(Math.max(shift, 0));
  const truncated = shift >= 0 ? scaled / divisor : scaled * 10n ** BigInt(-shift);
  const value = shift >= 0 && scaled < 0n && scaled % divisor !== 0n ? truncated - 1n : truncated;
  const magnitude = (value < 0n ? -value : value).toString().padStart(digits + 1, '0');
  const sign = value < 0n ? '-' : '';
  return digits === 0 ? sign + magnitude : `${sign}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
}

describe('formatAmount', () => {
  it('cuts places without rounding up (a negative goes down), pads, and drops the dot for 0 digits', () => {
    const table: [string | number, number, string][] = [
      ['12.349', 2, '12.34'],
      ['12.999', 2, '12.99'],
      ['-1.005', 2, '-1.01'], // never more than the amount: not -1.00
      ['-12.349', 2, '-12.35'],
      ['-12.340', 2, '-12.34'],
      ['-9.999', 2, '-10.00'],
      ['5', 2, '5.00'],
      ['5.1', 3, '5.100'],
      ['7.9', 0, '7'],
      ['-7.9', 0, '-8'],
      ['-0.001', 2, '-0.01'],
      ['-0.000', 2, '0.00'],
      ['-0.9', 0, '-1'],
      ['-0', 2, '0.00'],
      ['007.50', 2, '7.50'],
      ['0.1', 8, '0.10000000'],
      ['10001.23', 2, '10001.23'],
      ['99999999999999999999.999', 2, '99999999999999999999.99'],
      [12.5, 2, '12.50'],
      [0.1, 2, '0.10'],
      [-3, 1, '-3.0'],
    ];
    for (const [amount, digits, expected] of table) {
      expect(formatAmount(amount, digits), `${amount} @ ${digits}`).toBe(expected);
      expect(reference(String(amount), digits), `reference ${amount} @ ${digits}`).toBe(expected);
    }
  });

  it('matches a BigInt computation for any decimal and digits 0..8', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,25}$/), fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }))
      .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`);
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 8 }), (amount, digits) => {
        expect(formatAmount(amount, digits)).toBe(reference(amount, digits));
      }),
      { numRuns: 2000 },
    );
  });

  it('never shows more than the amount: the result is at most the input, negatives included', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 8 }), (units, scale, digits) => {
        const amount = String(Math.abs(units));
        const magnitude = scale === 0 ? amount : `${amount.slice(0, -scale) || '0'}.${amount.slice(-scale).padStart(scale, '0')}`;
        const text = units < 0 ? `-${magnitude}` : magnitude;
        const out = formatAmount(text, digits);
        // Compare as scaled integers at 20 places.
        const toScaled = (s: string) => {
          const [w, f = ''] = s.split('.') as [string, string?];
          return BigInt(w + f.padEnd(20, '0'));
        };
        expect(toScaled(out) <= toScaled(text)).toBe(true);
      }),
    );
  });

  it('refuses bad amounts and digits with a ValidationError naming the field', () => {
    const bad: [unknown, unknown, string][] = [
      ['1e5', 2, 'amount'],
      ['', 2, 'amount'],
      ['1.', 2, 'amount'],
      ['+1', 2, 'amount'],
      [' 1', 2, 'amount'],
      [1e21, 2, 'amount'],
      [Number.NaN, 2, 'amount'],
      [null, 2, 'amount'],
      ['1', -1, 'digits'],
      ['1', 9, 'digits'],
      ['1', 1.5, 'digits'],
      ['1', '2', 'digits'],
    ];
    for (const [amount, digits, path] of bad) {
      let error: unknown;
      try {
        formatAmount(amount as string, digits as number);
      } catch (caught) {
        error = caught;
      }
      expect(error, `${amount} @ ${digits}`).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toStrictEqual([path]);
    }
  });
});
