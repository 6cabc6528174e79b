/**
 * retry.ts: which `Retry-After` values count (RFC 9110 section 10.2.3: delay-seconds, or an HTTP
 * date in the IMF-fixdate form of section 5.6.7). Every other form is ignored, even those
 * `Date.parse` would read, so a sloppy header cannot mean "now". (The backoff: backoff-strength.)
 */
import { describe, expect, it } from 'vitest';
import { MAX_WAIT, parseRetryAfter } from '../src/retry.ts';

const DATE = 'Sun, 06 Nov 1994 08:49:37 GMT';
const AT = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('parseRetryAfter', () => {
  it('reads delay-seconds as milliseconds, ignoring surrounding whitespace', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(' 7 ')).toBe(7000);
    expect(parseRetryAfter('\t3\t')).toBe(3000);
  });

  it('caps a long wait at MAX_WAIT, whatever the form', () => {
    expect(MAX_WAIT).toBe(2 ** 31 - 1);
    expect(parseRetryAfter('2147484')).toBe(MAX_WAIT);
    expect(parseRetryAfter('2147483')).toBe(2_147_483_000);
    expect(parseRetryAfter('99999999999999999999')).toBe(MAX_WAIT);
    expect(parseRetryAfter(DATE, AT - 10 * MAX_WAIT)).toBe(MAX_WAIT);
  });

  it('reads an IMF-fixdate as the time left until then, 0 when it has passed', () => {
    expect(parseRetryAfter(DATE, AT - 5000)).toBe(5000);
    expect(parseRetryAfter(DATE, AT)).toBe(0);
    expect(parseRetryAfter(DATE, AT + 5000)).toBe(0);
    expect(parseRetryAfter(` ${DATE} `, AT - 1000)).toBe(1000);
    expect(parseRetryAfter(DATE)).toBe(0); // now, by default: long past
  });

  it('ignores what is neither, including dates Date.parse would read (trailing or leading text, other date forms)', () => {
    const ignored = [
      null,
      undefined,
      '',
      '   ',
      '1.5',
      '-5',
      '+5',
      '120e1',
      '0x10',
      '1 2',
      '12s',
      's12',
      `${DATE} GMT`,
      `${DATE}+0100`,
      `${DATE} 5`,
      `x${DATE}`,
      'sun, 06 Nov 1994 08:49:37 GMT',
      'SUN, 06 Nov 1994 08:49:37 GMT',
      'Su, 06 Nov 1994 08:49:37 GMT',
      'Sund, 06 Nov 1994 08:49:37 GMT',
      'Sun 06 Nov 1994 08:49:37 GMT',
      'Sun,  06 Nov 1994 08:49:37 GMT',
      'Sun, 6 Nov 1994 08:49:37 GMT',
      'Sun, 006 Nov 1994 08:49:37 GMT',
      'Sun, 06 nov 1994 08:49:37 GMT',
      'Sun, 06 NOV 1994 08:49:37 GMT',
      'Sun, 06 Nove 1994 08:49:37 GMT',
      'Sun, 06 Nov 94 08:49:37 GMT',
      'Sun, 06 Nov 01994 08:49:37 GMT',
      'Sun, 06 Nov 1994 8:49:37 GMT',
      'Sun, 06 Nov 1994 008:49:37 GMT',
      'Sun, 06 Nov 1994 08:9:37 GMT',
      'Sun, 06 Nov 1994 08:049:37 GMT',
      'Sun, 06 Nov 1994 08:49:7 GMT',
      'Sun, 06 Nov 1994 08:49:037 GMT',
      'Sun, 06 Nov 1994 08:49:37',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sunday, 06-Nov-94 08:49:37 GMT', // RFC 850, obsolete
      'Sun Nov  6 08:49:37 1994', // asctime, obsolete
    ];
    for (const value of ignored) {
      if (typeof value === 'string' && /[A-Za-z]{3}/.test(value)) expect(Number.isNaN(Date.parse(value)), `Date.parse(${value})`).toBe(false);
      expect(parseRetryAfter(value, AT - 60_000), JSON.stringify(value)).toBeUndefined();
    }
  });
});
