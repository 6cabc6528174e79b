/**
 * The check behind `HttpUrlSchema`: an absolute http(s) URL, as the WHATWG URL parser reads it.
 * Most URLs are proved by one regex; any other string is parsed by `new URL`, which alone decides.
 * test/http-url.test.ts compares the two on random and odd URLs.
 */

/**
 * A string every WHATWG URL parser takes as http(s) (URL Standard, "basic URL parser"): the
 * scheme, a host of ASCII labels each led by a letter (so the last label is no number and the host
 * is never read as IPv4, "ends in a number checker"; none starts `xn--`, which would be decoded as
 * punycode and could be refused), an optional port below 10000, then printable ASCII only, which
 * the path, query and fragment states never refuse.
 */
export const PLAIN_HTTP_URL: RegExp = /^https?:\/\/(?!xn--)[a-z][\da-z-]*(?:\.(?!xn--)[a-z][\da-z-]*)*(?::\d{1,4})?(?:[/?#][!-~]*)?$/i;

/**
 * True for a string that is an absolute http(s) URL (`v.url()` alone also accepts `javascript:`).
 * A string starting `http://` or `https://` (any case) has that scheme once parsed, so the parser
 * has only to take it.
 */
export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return false;
  if (PLAIN_HTTP_URL.test(value)) return true;
  try {
    return !!new URL(value);
  } catch {
    return false;
  }
}
