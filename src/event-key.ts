/**
 * The identity of a PassTo event (platform spec, "Inbound: webhook events": `event_id` is unique
 * per event and is the deduplication key). PassTo's Java backend may send the id as a JSON string
 * or as a JSON number, and a number may be wider than a JavaScript number holds exactly
 * (`9007199254740993`), so the id is read from the raw body, never through `JSON.parse`.
 *
 * Two ids are the same event exactly when both are strings with the same code units (`"A"` and
 * `"\u0041"` are one id), or both are numbers written with the same token (`1.0` and `1` are two,
 * as are `42` and `"42"`). The *event key* is one string that says so, safe to store anywhere:
 *
 * - a number: its token as written (`9007199254740993`, `1.0`, `-0`, `1e21`);
 * - a string that is non-empty, well-formed UTF-16, free of control characters, does not start
 *   with `"` and does not read as a JSON number: the string itself (`evt_1`, `订单-1`);
 * - any other string: its JSON text, quotes included (`"42"`, `""`, `"a\u0000b"`, `"id-\ud800"`).
 *
 * The three forms cannot meet (only the third starts with `"`, only the first reads as a number),
 * so distinct ids always get distinct keys, and a key holds no NUL, control character or lone
 * surrogate: SQLite, D1 and HTTP headers (percent-encoded) keep it exactly.
 */

/** A JSON number token (RFC 8259, section 6), whole. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** A control character, or a lone surrogate (a UTF-16 unit no UTF-8 text can hold). */
const UNSAFE = /[\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The event key of a string `event_id` (see the module comment).
 *
 * @example
 * ```ts
 * stringEventKey('evt_1'); // 'evt_1'
 * stringEventKey('42');    // '"42"' (apart from the number 42, whose key is '42')
 * ```
 */
export function stringEventKey(id: string): string {
  const plain = id !== '' && id[0] !== '"' && !JSON_NUMBER.test(id) && !UNSAFE.test(id);
  return plain ? id : JSON.stringify(id);
}

/**
 * The event key of the `event_id` in a JSON body exactly as received, or `undefined` when the
 * body is not a JSON object or its `event_id` is not a string or a number. A UTF-8 byte order mark
 * before the JSON is skipped. Member names are compared after unescaping (`"event\u005fid"` is
 * `event_id`), and of repeated members the last counts, as in `JSON.parse`.
 *
 * @example
 * ```ts
 * import { eventKeyOf } from 'passto';
 * eventKeyOf('{"event_id":9007199254740993}'); // '9007199254740993' (JSON.parse would say ...992)
 * eventKeyOf('{"event_id":"evt_1"}');          // 'evt_1'
 * ```
 */
export function eventKeyOf(rawBody: string): string | undefined {
  try {
    return scanEventKey(rawBody);
  } catch {
    // not JSON after all: there is no id to read
  }
  return undefined;
}

/**
 * The `event_id` behind a key, as JSON text: what the gateway shows and what PassTo sent (a string
 * in its plain JSON form, a number as its token).
 *
 * @example
 * ```ts
 * eventIdJson('evt_1'); // '"evt_1"'
 * eventIdJson('1.0');   // '1.0'
 * eventIdJson('"42"');  // '"42"'
 * ```
 */
export function eventIdJson(key: string): string {
  return key[0] === '"' || JSON_NUMBER.test(key) ? key : JSON.stringify(key);
}

/**
 * The key as an HTTP header value (the gateway's `event-id` forward header): percent-encoded as
 * RFC 3986 section 2.1 says, every UTF-8 byte outside the unreserved set `A-Z a-z 0-9 - . _ ~`
 * (section 2.3) written `%XX`, `%` itself included. Decode with `decodeURIComponent`.
 *
 * @example
 * ```ts
 * eventKeyHeader('evt_1');  // 'evt_1'
 * eventKeyHeader('订单-1'); // '%E8%AE%A2%E5%8D%95-1'
 * eventKeyHeader('"42"');   // '%2242%22'
 * ```
 */
export function eventKeyHeader(key: string): string {
  // encodeURIComponent leaves `!'()*` as they are; RFC 3986 counts them as reserved.
  return encodeURIComponent(key).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// A scanner just large enough to find the top-level `event_id` member of valid JSON text and keep
// its value's token as written. It throws on text that is not JSON (caught by eventKeyOf).

function scanEventKey(text: string): string | undefined {
  let i = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text[i] !== '{') return undefined;
  let key: string | undefined;
  // `{}` needs no case of its own: stringEnd throws on the `}`, and eventKeyOf answers undefined.
  i = skipSpace(text, i + 1);
  for (;;) {
    const nameEnd = stringEnd(text, i);
    const name: unknown = JSON.parse(text.slice(i, nameEnd));
    i = skipSpace(text, nameEnd);
    if (text[i] !== ':') {
      // Stryker disable next-line StringLiteral: eventKeyOf catches every SyntaxError; no message is ever seen.
      throw new SyntaxError('expected :');
    }
    const start = skipSpace(text, i + 1);
    const end = valueEnd(text, start);
    if (name === 'event_id') key = keyOfToken(text.slice(start, end));
    i = skipSpace(text, end);
    if (text[i] === '}') return key;
    if (text[i] !== ',') {
      // Stryker disable next-line StringLiteral: eventKeyOf catches every SyntaxError; no message is ever seen.
      throw new SyntaxError('expected , or }');
    }
    i = skipSpace(text, i + 1);
  }
}

function keyOfToken(token: string): string | undefined {
  if (token[0] === '"') return stringEventKey(JSON.parse(token) as string);
  return JSON_NUMBER.test(token) ? token : undefined;
}

/** JSON's insignificant whitespace: space, tab, line feed, carriage return (RFC 8259, section 2). */
function skipSpace(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(++i));
  return i;
}

/**
 * The index just past the string token that starts at `i`. A member name is taken from wherever
 * it stands: if that is no string, `JSON.parse` of the slice refuses it (the slice ends in `"`).
 */
function stringEnd(text: string, i: number): number {
  // Stryker disable next-line EqualityOperator: with <=, text[text.length] is undefined and the loop ends all the same.
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  // Stryker disable next-line StringLiteral,CallExpression: eventKeyOf catches every SyntaxError; without this one, the
  // unterminated string is still refused (JSON.parse of the name or id, or no `}` after it).
  throw new SyntaxError('unterminated string');
}

/** The index just past the value that starts at `i`. */
function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    // Stryker disable next-line EqualityOperator: with <=, text[text.length] is undefined and the loop ends all the same.
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = stringEnd(text, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if ((d === '}' || d === ']') && --depth === 0) return j + 1;
    }
    // Stryker disable next-line StringLiteral: eventKeyOf catches every SyntaxError; no message is ever seen.
    throw new SyntaxError('unterminated value');
  }
  // A number or a literal: everything up to the next delimiter.
  let j = i;
  // Stryker disable next-line EqualityOperator: with <=, text[text.length] is undefined: one step more, then the caller finds no `}`.
  while (j < text.length && !',}] \t\n\r'.includes(text[j]!)) j++;
  // Stryker disable next-line StringLiteral: eventKeyOf catches every SyntaxError; no message is ever seen.
  if (j === i) throw new SyntaxError('expected a value');
  return j;
}
