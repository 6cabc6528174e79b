/**
 * The http(s) URL check (src/schemas/http-url.ts) against the check it replaced, `new URL` alone:
 * on random URLs built from odd parts (schemes in any case, missing slashes, credentials, IPv4
 * and IPv6 hosts, numeric and punycode labels, ports, spaces, controls, unicode), both give the
 * same answer; every string its regex takes, the URL parser takes as http(s); the common URLs
 * take the regex.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { HttpUrlSchema } from '../src/schemas/envelope.ts';
import { isHttpUrl, PLAIN_HTTP_URL } from '../src/schemas/http-url.ts';

/** The check before the regex: the URL parser decides alone. */
function byParser(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol) && /^https?:\/\//i.test(text);
  } catch {
    return false;
  }
}

const SCHEMES = ['http', 'https', 'HTTP', 'HtTpS', 'httpx', 'ftp', 'javascript', 'mailto', 'file', 'ws', ''];
const SEPARATORS = ['://', ':/', ':', ':///', '//', ':\\\\', ': //', '://\t', ':/\\'];
const USERS = ['', 'user@', 'u:p@', '@', ':@', 'a b@'];
const HOSTS = [
  'shop.example.com', 'localhost', 'a', 'A-B.example', 'a--b.c', '-a', 'a-', 'a..b', '.a', 'a.', '..', '_a.b', 'a_b.c', 'a%41.b', 'a%zz',
  'xn--', 'xn--abc', 'XN--zca.de', 'xn--nxasmq6b.com', 'a.xn--p1ai', 'xn--a.example', 'axn--b.c',
  '1.2.3.4', '1.2.3.999', '256.1.1.1', 'foo.1', 'foo.1.', 'a.0x', 'a.0x1', '0x7f.1', '0x7f000001', '1', '01.02', '1e1', 'a.1a', 'a.b1',
  '[::1]', '[::1', '::1', '[fe80::1%25eth0]', '[1:2:3:4:5:6:7:8]', '[v1.x]',
  'exa mple.com', 'exämple.com', 'münchen.de', '例子.测试', 'a\u00adb.c', 'a\u200db.c', 'ａ.com', '', ' ', 'a<b', 'a^b', 'a|b', 'a\\b',
];
const PORTS = ['', ':', ':0', ':80', ':8080', ':9999', ':65535', ':65536', ':99999', ':123456', ':x', ': 80', ':-1', ':08'];
const RESTS = ['', '/', '/cb', '/path?q=1#f', '?x', '#y', '/ space', '/\t', '\\path', '/%zz', '/ü', ' ', '\n', '/a\nb', '@x', '/@x', ':', '/"<>`{}|', '/~!$&\'()*+,;=:@'];

const pieces = fc.tuple(
  fc.constantFrom(...SCHEMES),
  fc.constantFrom(...SEPARATORS),
  fc.constantFrom(...USERS),
  fc.oneof(fc.constantFrom(...HOSTS), fc.stringMatching(/^[a-z0-9.-]{1,12}$/)),
  fc.constantFrom(...PORTS),
  fc.constantFrom(...RESTS),
  fc.constantFrom('', ' ', '\t', '\u0000', '\u001f'),
);
const odd = fc.oneof(
  pieces.map(([scheme, sep, user, host, port, rest, pad]) => `${pad}${scheme}${sep}${user}${host}${port}${rest}${pad}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
  fc.string().map((s) => `http://${s}`),
);

describe('isHttpUrl', () => {
  it('answers as the URL parser does, on random and odd URLs', () => {
    fc.assert(
      fc.property(odd, (text) => {
        expect(isHttpUrl(text), text).toBe(byParser(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes by its regex only URLs the parser takes as http(s)', () => {
    fc.assert(
      fc.property(odd, (text) => {
        if (PLAIN_HTTP_URL.test(text)) expect(byParser(text), text).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    'https://shop.example.com/creditpay/callback',
    'https://cashier.passto.credit/cashier?code=0123456789abcdef',
    'http://localhost:8080/cb?x=1',
    'HTTPS://Shop.Example/a#b',
    'https://cashier.passto.credit',
    'http://a.b',
  ])('takes %s by its regex, without the URL parser', (url) => {
    expect(PLAIN_HTTP_URL.test(url)).toBe(true);
    const Parser = globalThis.URL;
    let parsed = 0;
    vi.stubGlobal(
      'URL',
      class extends Parser {
        constructor(...args: ConstructorParameters<typeof URL>) {
          super(...args);
          parsed++;
        }
      },
    );
    try {
      expect(isHttpUrl(url)).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(parsed).toBe(0);
  });

  it('refuses what only reads as a URL (an array, an object), as the schema does', () => {
    for (const value of [['http://a.b'], { toString: () => 'https://a.b/' }, undefined, null, 7]) {
      expect(isHttpUrl(value), String(value)).toBe(false);
      expect(v.safeParse(HttpUrlSchema, value).success).toBe(false);
    }
  });

  it.each([
    'javascript:alert(1)', 'http:/x', 'http:x', 'http://', 'http:// a.b', 'http://a b.c', 'http://1.2.3.999/', 'http://foo.1/', 'http://a.0x/',
    'http://xn--a.example/', 'http://a:99999/', 'ftp://a.b/', '/relative', 'https//a.b',
    // A plain URL after a bad start: the whole string must be one URL.
    'http://a b/http://c.d', 'http://a b http://c.d',
  ])('refuses %s, as the parser does', (url) => {
    expect(byParser(url)).toBe(false);
    expect(isHttpUrl(url)).toBe(false);
    expect(v.safeParse(HttpUrlSchema, url).success).toBe(false);
  });

  it.each(['http://[::1]:3000/cb', 'http://u:p@a.b/', 'http://münchen.de/', 'http://1.2.3.4/', 'http://a.b/é', 'http://a.b:/'])(
    'takes %s through the parser',
    (url) => {
      expect(PLAIN_HTTP_URL.test(url)).toBe(false);
      expect(isHttpUrl(url)).toBe(true);
    },
  );
});
