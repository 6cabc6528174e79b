/**
 * Removing the client's secrets from text that came from elsewhere (an answer, a runtime error):
 * a misbehaving server may echo the request, and a runtime's error may quote what it was given.
 *
 * All forms of all secrets are computed first, then ONE left-to-right pass over the original text
 * replaces the longest match at each position with `[redacted]`. The replacement is never scanned
 * again, so it cannot nest, and text without a secret comes back unchanged, field names included.
 */
import { encodeBase64 } from './base64.ts';
import { utf8 } from './utf8.ts';

/** What a secret, or a bearer token, is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this many characters are never searched for: masking every `t` of a text
 * would mangle it, and the pattern of masked letters would spell the secret out.
 */
export const MIN_SECRET_LENGTH = 8;

/** Why text from elsewhere was dropped rather than redacted. */
export const WITHHELD_REASON = `it could echo a secret shorter than ${MIN_SECRET_LENGTH} characters`;

/** Removes secrets from one text; built once per exchange by `redactor`. */
export interface Redactor {
  /** The text with every form of every secret of 8 or more characters, and any bearer token, masked. */
  readonly redact: (text: string) => string;
  /**
   * True when a secret under 8 characters was given: it is never searched for, so the caller must
   * drop text from elsewhere (keeping only codes) instead of showing it.
   */
  readonly withholds: boolean;
}

/**
 * Prepares the redaction of `secrets` (non-strings and empty strings are ignored). A secret of 8
 * or more characters is masked wherever it appears whole, as is, upper- or lower-cased, and in
 * each of those: URL-encoded (encodeURIComponent, form encoding, RFC 3986 unreserved, upper- or
 * lower-case hex), JSON-escaped (as JSON.stringify writes it, ASCII-only, with `\/`) and
 * HTML-escaped (`&quot;`/`&#34;`, `&#39;`/`&#039;`/`&#x27;`/`&apos;`, or text-only). Its base64 (RFC 4648
 * §4 and §5, padded or not, of its UTF-8 bytes) is masked too. So is a whole bearer token.
 *
 * @example
 * ```ts
 * const r = redactor(['ak_live_0123', 't']);
 * r.redact('bad key AK_LIVE_0123 in "signature mismatch"');
 * // 'bad key [redacted] in "signature mismatch"'
 * r.withholds; // true: 't' is too short to search for
 * ```
 */
export function redactor(secrets: readonly unknown[]): Redactor {
  const strings = secrets.filter((secret): secret is string => typeof secret === 'string' && secret !== '');
  // Characters, not UTF-16 units: four emoji are four characters. A character takes at most two
  // units, so a secret of twice the length in units needs no count (a 100-character key, per call).
  // Stryker disable next-line ConditionalExpression,EqualityOperator: without the shortcut, the count gives the same answer.
  const long = strings.filter((secret) => secret.length >= 2 * MIN_SECRET_LENGTH || Array.from(secret).length >= MIN_SECRET_LENGTH);
  // The forms are computed on the first redaction only: most calls succeed and never need them.
  let byFirst: Map<string, string[]> | undefined;
  const redact = (text: string) => {
    byFirst ??= index(long);
    return mask(text, byFirst);
  };
  return { redact, withholds: long.length < strings.length };
}

/** Every form of every secret, by first character, longest first. */
function index(secrets: readonly string[]): Map<string, string[]> {
  const byFirst = new Map<string, string[]>();
  for (const form of new Set(secrets.flatMap((secret) => [...formsOf(secret)]))) {
    const list = byFirst.get(form[0]!);
    if (list === undefined) byFirst.set(form[0]!, [form]);
    else list.push(form);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  return byFirst;
}

/**
 * `redactor(secrets).redact(text)`: for one text. Secrets under 8 characters are not searched for.
 *
 * @example
 * ```ts
 * redact('bad key ak_live_0123 in {"customer_token":"ct_9_session"}', ['ak_live_0123', 'ct_9_session']);
 * // 'bad key [redacted] in {"customer_token":"[redacted]"}'
 * ```
 */
export function redact(text: string, secrets: readonly unknown[]): string {
  return redactor(secrets).redact(text);
}

/** The single pass: each masked span grows over every match that starts inside it, so no part of an overlapping secret is left. */
function mask(text: string, byFirst: ReadonlyMap<string, readonly string[]>): string {
  let out = '';
  let from = 0;
  // Stryker disable next-line EqualityOperator: with <=, position text.length matches nothing (text[i] is undefined).
  for (let i = 0; i < text.length; ) {
    let end = matchEnd(text, i, byFirst);
    if (end === -1) {
      i++;
      continue;
    }
    // Stryker disable next-line ArithmeticOperator: from i - 1, the two extra positions end no later than `end`:
    // i itself is `end`, and i - 1 matched nothing or lies in the previous span, whose matches all end by i.
    for (let j = i + 1; j < end; j++) end = Math.max(end, matchEnd(text, j, byFirst));
    out += text.slice(from, i) + REDACTED;
    from = i = end;
  }
  return out + text.slice(from);
}

/** Where the longest match starting at `i` ends, or -1. */
function matchEnd(text: string, i: number, byFirst: ReadonlyMap<string, readonly string[]>): number {
  let end = -1;
  const forms = byFirst.get(text[i]!);
  if (forms !== undefined) {
    for (const form of forms) {
      if (text.startsWith(form, i)) {
        end = i + form.length;
        break; // sorted longest first
      }
    }
  }
  // The pattern is run only where a bearer token can start: it is the slow part of the scan.
  switch (text[i]) {
    case 'B':
    case 'b':
      end = Math.max(end, bearerEnd(text, i));
  }
  return end;
}

// `Bearer` and a b64token (RFC 6750 §2.1; `=` accepted anywhere, as some issuers put it), also
// URL- or form-encoded (`Bearer%20...`, `Bearer+...`).
const BEARER = /bearer(?:\s+|%20|\+)((?:[\w.~+/=-]|%2[BbFf]|%3[Dd])+)/iy;

/**
 * Where a whole bearer token starting at `i` ends, or -1. The token must look like a credential,
 * so `Bearer authentication` is left alone: 8 or more characters with a digit or a sign, or 16 or more.
 */
function bearerEnd(text: string, i: number): number {
  BEARER.lastIndex = i;
  const token = BEARER.exec(text)?.[1];
  if (token === undefined || token.length < MIN_SECRET_LENGTH) return -1;
  return /[^A-Za-z]/.test(token) || token.length >= 16 ? BEARER.lastIndex : -1;
}

/** Every form of one secret in which an echo of it is masked. */
function formsOf(secret: string): Set<string> {
  const forms = new Set<string>();
  for (const cased of [secret, secret.toUpperCase(), secret.toLowerCase()]) {
    forms.add(cased);
    for (const encoded of percentForms(cased)) forms.add(encoded).add(encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
    for (const escaped of jsonForms(cased)) forms.add(escaped);
    for (const escaped of htmlForms(cased)) forms.add(escaped);
  }
  // base64 of the secret alone (RFC 4648 §4 standard and §5 URL-safe, padded or not).
  const standard = encodeBase64(utf8(secret));
  const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_');
  // `=` is only ever padding in base64.
  for (const b64 of [standard, urlSafe]) forms.add(b64).add(b64.replace(/=/g, ''));
  return forms;
}

// Bytes left as they are by encodeURIComponent, by form encoding (WHATWG URL, space as `+`), and by RFC 3986 §2.3.
const URI_COMPONENT = /[A-Za-z0-9\-_.!~*'()]/;
const FORM = /[A-Za-z0-9*\-._]/;
const UNRESERVED = /[A-Za-z0-9\-._~]/;

function percentForms(text: string): string[] {
  return [percent(text, URI_COMPONENT), percent(text, FORM).replace(/%20/g, '+'), percent(text, UNRESERVED)];
}

/** Percent-encodes the UTF-8 bytes of `text` outside `keep` (a lone surrogate is U+FFFD, as TextEncoder does). */
function percent(text: string, keep: RegExp): string {
  let out = '';
  for (const byte of utf8(text)) {
    // A byte of 128 or more reads as a Latin-1 character here, which no `keep` class (all ASCII) holds.
    const c = String.fromCharCode(byte);
    out += keep.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** As JSON.stringify writes it, ASCII-only (`\u00e9`, as Python and PHP do), and with `\/` (PHP). */
function jsonForms(text: string): string[] {
  const json = JSON.stringify(text).slice(1, -1);
  const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [json, ascii, ascii.replace(/\//g, '\\/')];
}

const QUOTES = ['&quot;', '&#34;', '"'];
// `&#039;` is PHP htmlspecialchars' default (ENT_QUOTES | ENT_HTML401).
const APOSTROPHES = ['&#39;', '&#039;', '&#x27;', '&apos;', "'"];

/** HTML-escaped as common escapers do it: `& < >` always, quotes in each of their spellings or not at all. */
function htmlForms(text: string): string[] {
  const base = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return QUOTES.flatMap((quote) => APOSTROPHES.map((apostrophe) => base.replace(/"/g, quote).replace(/'/g, apostrophe)));
}
