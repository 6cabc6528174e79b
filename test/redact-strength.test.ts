/**
 * Redaction, rule by rule (issue 9): the cases the broader suite (test/redact.test.ts) leaves to
 * chance. What counts as a secret, echoes side by side, the lower-case-hex and RFC 3986 spellings
 * of URL encoding, every HTML quote spelling, and the edges of a bearer token. The expected echoes
 * come from the platform's encoders (encodeURIComponent, URLSearchParams, Buffer) and from the
 * escapers' documented outputs, never from src/redact.ts.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_LENGTH, REDACTED, redact, redactor, WITHHELD_REASON } from '../src/redact.ts';

const API_KEY = 'ak_live_5f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** `encoded` with the hex of each `%XX` in lower case (RFC 3986 §2.1: the same octet), via Buffer's hex. */
const lowerHex = (encoded: string) => encoded.replace(/%([0-9A-F]{2})/g, (_, hex: string) => `%${Buffer.from(hex, 'hex').toString('hex')}`);
/** RFC 3986 §2.3: only unreserved characters stay as they are (MDN's fixedEncodeURIComponent). */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
/** application/x-www-form-urlencoded, as URLSearchParams writes a value. */
const formEncoded = (s: string) => new URLSearchParams({ x: s }).toString().slice(2);

describe('what counts as a secret', () => {
  it('an absent secret (undefined, null, "", a number, an object) neither withholds the text nor masks anything', () => {
    const text = `customer_token 12345678 is not valid: [object Object] null undefined ${API_KEY}`;
    for (const absent of [undefined, null, '', 12345678, 1234567890123n, {}, ['abcdefgh']]) {
      const r = redactor([API_KEY, absent]);
      expect(r.withholds, String(absent)).toBe(false);
      expect(r.redact(text), String(absent)).toBe(`customer_token 12345678 is not valid: [object Object] null undefined ${REDACTED}`);
    }
  });

  it('the threshold is 8 characters, and the reason given for withholding says so', () => {
    expect(MIN_SECRET_LENGTH).toBe(8);
    expect(WITHHELD_REASON).toBe('it could echo a secret shorter than 8 characters');
    expect(redactor(['1234567']).withholds).toBe(true);
    expect(redactor(['12345678']).withholds).toBe(false);
    expect(redact('id 12345678.', ['12345678'])).toBe(`id ${REDACTED}.`);
  });
});

describe('echoes side by side', () => {
  it('two echoes back to back are two replacements: spans merge only where matches overlap', () => {
    const a = 'ct_session_7e3b9a10';
    const b = 'sk_Zq9xW3Zq9xW3Zq9xW3';
    expect(redact(`${a}${b}`, [a, b])).toBe(`${REDACTED}${REDACTED}`);
    expect(redact(`[${a}${a}]`, [a])).toBe(`[${REDACTED}${REDACTED}]`);
    expect(redact(`${b}${a}.${a}`, [a, b])).toBe(`${REDACTED}${REDACTED}.${REDACTED}`);
  });
});

describe('URL encodings', () => {
  // `:` and `/` are %3A and %2F (a letter in the second hex digit), `é` two bytes, `!'()*` kept
  // by encodeURIComponent but not by RFC 3986, the space `+` in form encoding.
  const secret = "pass:word/é?(x)*'1 !";
  const encodings: Record<string, string> = {
    encodeURIComponent: encodeURIComponent(secret),
    'form-encoded': formEncoded(secret),
    'RFC 3986': rfc3986(secret),
  };

  it('the three encodings differ for this secret, so each is tested on its own', () => {
    expect(new Set(Object.values(encodings)).size).toBe(3);
    expect(encodings['RFC 3986']).toBe('pass%3Aword%2F%C3%A9%3F%28x%29%2A%271%20%21');
  });

  it.each(Object.entries(encodings))('%s, with upper- or lower-case hex, is masked whole', (_name, upper) => {
    const lower = lowerHex(upper);
    expect(lower).not.toBe(upper);
    expect(lower).toMatch(/%3a.*%2f.*%c3%a9/);
    for (const echo of [upper, lower]) expect(redact(`?token=${echo}&next=1`, [secret])).toBe(`?token=${REDACTED}&next=1`);
  });
});

describe('HTML escaping', () => {
  const secret = `a"b<c>&d'e-12`;
  /** `& < >` always; quotes as `quote` and `apostrophe` say (each escaper spells them its own way). */
  const htmlEscape = (s: string, quote: string, apostrophe: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, quote).replace(/'/g, apostrophe);

  it.each([
    ['lodash _.escape', '&quot;', '&#39;', 'a&quot;b&lt;c&gt;&amp;d&#39;e-12'],
    ['Python html.escape', '&quot;', '&#x27;', 'a&quot;b&lt;c&gt;&amp;d&#x27;e-12'],
    ['Go html.EscapeString', '&#34;', '&#39;', 'a&#34;b&lt;c&gt;&amp;d&#39;e-12'],
    ['PHP htmlspecialchars, ENT_QUOTES | ENT_HTML5', '&quot;', '&apos;', 'a&quot;b&lt;c&gt;&amp;d&apos;e-12'],
    ['PHP htmlspecialchars, default flags (ENT_QUOTES | ENT_HTML401)', '&quot;', '&#039;', 'a&quot;b&lt;c&gt;&amp;d&#039;e-12'],
    ['text only (Python html.escape(s, quote=False))', '"', "'", `a"b&lt;c&gt;&amp;d'e-12`],
  ])('as %s writes it', (_escaper, quote, apostrophe, expected) => {
    expect(htmlEscape(secret, quote, apostrophe)).toBe(expected);
    expect(redact(`<p>bad token ${expected}</p>`, [secret])).toBe(`<p>bad token ${REDACTED}</p>`);
  });

  it('every quote spelling with every apostrophe spelling', () => {
    for (const quote of ['&quot;', '&#34;', '"']) {
      for (const apostrophe of ['&#39;', '&#039;', '&#x27;', '&apos;', "'"]) {
        const echo = htmlEscape(secret, quote, apostrophe);
        expect(redact(`<td>${echo}</td>`, [secret]), echo).toBe(`<td>${REDACTED}</td>`);
      }
    }
  });
});

describe('bearer tokens', () => {
  it('the scheme name in any case (RFC 9110 §11.1: case-insensitive)', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEARER']) {
      expect(redact(`Authorization: ${scheme} ab12cd34ef; next`, []), scheme).toBe(`Authorization: ${REDACTED}; next`);
    }
  });

  it('any run of whitespace between the scheme and the token', () => {
    for (const gap of [' ', '  ', '\t', ' \t ', '\n']) {
      expect(redact(`auth=Bearer${gap}ab12cd34ef; next`, []), JSON.stringify(gap)).toBe(`auth=${REDACTED}; next`);
    }
  });

  it('a token is 8 or more characters with a digit or a sign, or 16 or more letters', () => {
    const masked = ['ab12cd34', 'abcdefg=', 'abc-defg', 'Abcdefghijklmnop', 'Abcdefghijklmnopq'];
    const kept = ['ab12cd3', 'abcdef=', 'Abcdefghijklmno', 'realm'];
    for (const token of masked) expect(redact(`(Bearer ${token})`, []), token).toBe(`(${REDACTED})`);
    for (const token of kept) expect(redact(`(Bearer ${token})`, []), token).toBe(`(Bearer ${token})`);
  });

  it('URL- and form-encoded, in either hex case, the whole token goes, padding included', () => {
    const header = 'Bearer eyJhbGciOiJIUzI1NiJ9.c2ln+bmF/0dXJl==';
    const url = encodeURIComponent(header);
    expect(url).toBe('Bearer%20eyJhbGciOiJIUzI1NiJ9.c2ln%2BbmF%2F0dXJl%3D%3D');
    for (const echo of [url, lowerHex(url)]) expect(redact(`?auth=${echo}&next=1`, []), echo).toBe(`?auth=${REDACTED}&next=1`);
    const form = new URLSearchParams({ auth: header, next: '1' }).toString();
    expect(form).toBe('auth=Bearer+eyJhbGciOiJIUzI1NiJ9.c2ln%2BbmF%2F0dXJl%3D%3D&next=1');
    expect(redact(form, [])).toBe(`auth=${REDACTED}&next=1`);
  });
});
