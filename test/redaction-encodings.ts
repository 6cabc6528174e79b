/**
 * The encodings in which a server may echo a secret (issue 8, item 7), written with the
 * platform's own encoders (Buffer, URLSearchParams, encodeURIComponent), independently of
 * src/redact.ts, for the redaction tests of the SDK, the gateway and the CLI.
 */

const html = (s: string, apostrophe: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, apostrophe);
/** Lone surrogates as U+FFFD, as UTF-8 encoders write them (String#toWellFormed is ES2024). */
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
const base64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Every encoding the issue names, by name. */
export const ENCODINGS: Record<string, (s: string) => string> = {
  exact: (s) => s,
  'upper-cased': (s) => s.toUpperCase(),
  'lower-cased': (s) => s.toLowerCase(),
  encodeURIComponent: (s) => encodeURIComponent(wellFormed(s)),
  'form-encoded': (s) => new URLSearchParams({ x: s }).toString().slice(2),
  base64,
  'base64 unpadded': (s) => base64(s).replace(/=+$/, ''),
  base64url: (s) => Buffer.from(s, 'utf8').toString('base64url'),
  'base64url padded': (s) => base64(s).replace(/\+/g, '-').replace(/\//g, '_'),
  'JSON-escaped': (s) => JSON.stringify(s).slice(1, -1),
  'HTML-escaped': (s) => html(s, '&#39;'),
  'HTML-escaped (&#x27;)': (s) => html(s, '&#x27;'),
};

/** `secret` in every encoding, one after another (a server quoting it every way at once). */
export const everyEncoding = (secret: string): string => Object.values(ENCODINGS).map((encode) => encode(secret)).join(' | ');
