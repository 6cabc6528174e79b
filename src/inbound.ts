/**
 * The verification path shared by every call PassTo makes to the platform: webhooks and the
 * credit-limit endpoint (platform spec, "Signing", "Inbound: ..."). The message is the path of the
 * URL PassTo called + the raw body bytes exactly as received; nothing is re-serialized.
 *
 * Two forms of input share every step but the body source: a Fetch `Request` (its body read with a
 * limit) and an `InboundPayload` (the raw body and the headers a Node framework hands over, and the
 * signed path), which builds no `Request`.
 */
import type * as v from 'valibot';
import { safeParse } from 'valibot';
import { PayloadTooLargeError } from './errors/payload-too-large-error.ts';
import { SignatureError } from './errors/signature-error.ts';
import { ValidationError } from './errors/validation-error.ts';
import { toFieldIssues } from './schemas/issues.ts';
import { type AsyncMac, asyncMac } from './async-signer.ts';
import { ONE_CALL_READ, readWhole } from './one-call-read.ts';
import { createMac } from './sign.ts';
import { timingSafeEqual } from './timing-safe-equal.ts';
import type { Input } from './utf8.ts';
import { decodeSignature } from './verify.ts';

/** The default body limit: 1 MiB, far above any documented PassTo body. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** One signature key, or several during a rotation (any may match). */
export type Keys = string | readonly string[];

/** Options shared by `verifyWebhook` and `verifyCreditLimitRequest`. */
export interface InboundOptions {
  /** The signature key, or a list of keys during a rotation: any may match; all are always checked. */
  keys: Keys;
  /**
   * The path that was signed (Request form only: the payload form carries its own `path`). Defaults
   * to the request URL's path exactly as received (`new URL(request.url).pathname`); set it when a
   * proxy rewrites paths before they reach you. The path alone: no query string or fragment.
   */
  path?: string | undefined;
  /**
   * Opt-in: refuse a request whose `timestamp` header is further than this many milliseconds from
   * now. Off by default, and weak: the header is not signed, so a forger simply sets a fresh one,
   * while a window can refuse PassTo's own late retries. Deduplicate by `event_id` instead.
   */
  tolerance?: number | undefined;
  /** The largest body accepted, in bytes (default 1 MiB). Larger bodies give a `PayloadTooLargeError`. */
  maxBodyBytes?: number | undefined;
}

/** Header fields as a plain object (Node's `IncomingHttpHeaders`: names in any case), or a `Headers`. */
export type InboundHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * An inbound call as a Node framework hands it over (Express, Fastify, Node's HTTP server): the raw body,
 * the header fields, and the path that was signed.
 */
export interface InboundPayload {
  /** The body exactly as received: its bytes (Node's byte buffers are `Uint8Array`s), or that text. Never re-serialized JSON. */
  body: Uint8Array | string;
  /** The header fields: a plain object (any case of names; a `string[]` value is combined as `Headers` does) or a `Headers`. */
  headers: InboundHeaders;
  /** The path PassTo called, alone (`req.path`, not `req.url`): starts with `/`, no query string or fragment. */
  path: string;
}

/** A verified inbound request: its parsed body, the raw text, and which key matched. */
export interface InboundMessage<T> {
  /** The body, parsed and validated. */
  body: T;
  /** The body exactly as received (UTF-8 text), for storing "the payload exactly as PassTo sent it". */
  rawBody: string;
  /** The index in `keys` of the key that matched. */
  keyIndex: number;
  /** The request's `trace` header, when present. */
  trace: string | undefined;
  /** Reads a header field of the request (a lower-case name). */
  header: (name: string) => string | undefined;
}

/** The two spellings of the signature header (one revision of the docs writes `signerature`). */
export const SIGNATURE_HEADERS = ['signature', 'signerature'] as const;

/** Reads the signature header, preferring the correct spelling when both are present. */
export function signatureHeader(header: (name: string) => string | undefined): string | undefined {
  return header(SIGNATURE_HEADERS[0]) ?? header(SIGNATURE_HEADERS[1]);
}

/**
 * Returns a reader of one header field (`name` in lower case) from `headers`. In a plain object the
 * name may be in any case; several lines of one field (a `string[]`, or two spellings of the name)
 * are combined with ", " as RFC 9110, section 5.3 says and as `Headers.get` does. A field that is
 * not a list, such as `signature`, so reads as a value that is not base64 and is refused: RFC 9110,
 * section 5.3 forbids sending it twice.
 */
export function headerReader(headers: InboundHeaders, where: string): (name: string) => string | undefined {
  if (typeof (headers as Headers).get === 'function') return (name) => (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, unknown>>;
  // The names are scanned once, not once per lookup. Node's IncomingHttpHeaders are all lower
  // case already: each field is then the one own enumerable property of that name.
  const keys = Object.keys(record);
  const lower = keys.map((key) => key.toLowerCase());
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrowFunction,BlockStatement: scanning every name instead gives the same answers, slower.
  if (lower.every((key, i) => key === keys[i])) {
    return (name) => (isOwnField(record, name) ? combine(record[name], name, where) : undefined);
  }
  return (name) => {
    let value: string | undefined;
    // Stryker disable next-line EqualityOperator: one step past the end reads no name: the same answer.
    for (let i = 0; i < keys.length; i++) {
      if (lower[i] !== name) continue;
      const line = combine(record[keys[i]!], name, where);
      if (line !== undefined) value = value === undefined ? line : `${value}, ${line}`;
    }
    return value;
  };
}

/** True when `name` is an own enumerable property of `record` (as `Object.keys` lists). */
function isOwnField(record: object, name: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(record, name);
}

/** One field's lines (a string or a `string[]`) joined with ", "; `undefined` when absent or an empty list. */
function combine(lines: unknown, name: string, where: string): string | undefined {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a string taken as a list of one line gives the same value, slower.
  if (typeof lines === 'string') return lines;
  if (lines === undefined) return undefined;
  let value: string | undefined;
  for (const line of Array.isArray(lines) ? lines : [lines]) {
    if (typeof line !== 'string') throw new TypeError(`${where}: headers: the ${name} field must be a string or an array of strings`);
    value = value === undefined ? line : `${value}, ${line}`;
  }
  return value;
}

/** Checks `keys` and returns them as a list: a non-empty list of non-empty strings. */
export function normalizeKeys(keys: unknown, where: string): readonly string[] {
  if (typeof keys !== 'string' && !Array.isArray(keys)) throw new TypeError(`${where}: keys must be a string or an array of strings`);
  const list: unknown[] = typeof keys === 'string' ? [keys] : keys;
  if (list.length === 0 || !list.every((key) => typeof key === 'string' && key.length > 0)) {
    throw new RangeError(`${where}: keys must hold at least one key, each a non-empty string`);
  }
  return list as string[];
}

/** Checks the numeric options once, with their names in the message. */
export function checkInboundOptions(options: Omit<InboundOptions, 'keys'>, where: string): void {
  const { path, tolerance, maxBodyBytes } = options;
  if (path !== undefined) checkPath(path, where);
  // Number.isFinite is false for anything but a number, so no typeof check is needed.
  if (tolerance !== undefined && !(tolerance > 0 && Number.isFinite(tolerance))) {
    throw new RangeError(`${where}: tolerance must be a positive number of milliseconds`);
  }
  if (maxBodyBytes !== undefined && !(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw new RangeError(`${where}: maxBodyBytes must be a positive integer`);
  }
}

/**
 * Checks a signed path: a string (else `TypeError`) that starts with `/` and holds no query string
 * or fragment (else `RangeError`: the platform spec, "Signing", signs the path without the query
 * string, so `req.url` or a full URL can never match and is a mistake in the caller's code).
 */
export function checkPath(path: unknown, where: string): asserts path is string {
  if (typeof path !== 'string') throw new TypeError(`${where}: path must be a string`);
  if (!/^\/[^?#]*$/.test(path)) throw new RangeError(`${where}: path must be the signed path alone, starting with "/", without query string or fragment`);
}

/** The names used in errors: the function called, and what was refused. */
interface InboundNames {
  where: string;
  what: string;
  /**
   * A fast path for `schema`: the same output for the inputs it takes, `undefined` for any other
   * (which `schema` then decides, issues included).
   */
  fast?: ((json: unknown) => unknown) | undefined;
}

/**
 * Verifies `request` and parses its body with `schema`: the Request form of `readInboundPayload`.
 * The signature header is checked before the body is read, so a request without one costs no read.
 */
export async function readInbound<S extends v.GenericSchema>(
  request: Request,
  options: InboundOptions,
  schema: S,
  names: InboundNames,
): Promise<InboundMessage<v.InferOutput<S>>> {
  const keys = normalizeKeys(options?.keys, names.where);
  checkInboundOptions(options, names.where);
  const header = headerReader(request.headers, names.where);
  const trace = header('trace');
  const received = receivedSignature(header, trace);
  const bytes = await readBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, trace);
  return verifyInbound({ keys, path: options.path ?? new URL(request.url).pathname, body: bytes, received, header, trace }, options, schema, names);
}

/**
 * Verifies an `InboundPayload` and parses its body with `schema`. In order: the signature header
 * must be present and base64 of 20 bytes, the body at most `maxBodyBytes`, the signature must
 * match one of the keys, the optional `timestamp` window must hold, and the body must be UTF-8
 * JSON that `schema` accepts. Rejects with `SignatureError`, `PayloadTooLargeError` or
 * `ValidationError`; a malformed payload or option with `TypeError` or `RangeError`.
 */
export async function readInboundPayload<S extends v.GenericSchema>(
  payload: InboundPayload,
  options: InboundOptions,
  schema: S,
  names: InboundNames,
): Promise<InboundMessage<v.InferOutput<S>>> {
  const { where } = names;
  const keys = normalizeKeys(options?.keys, where);
  checkInboundOptions(options, where);
  if (options.path !== undefined) throw new TypeError(`${where}: the payload carries the signed path; options.path is for a Request`);
  const { body, headers, path } = payload ?? {};
  const bytes = typeof body === 'string' ? body : asBytes(body);
  if (bytes === undefined) throw new TypeError(`${where}: body must be the raw body, a Uint8Array or a string`);
  if (typeof headers !== 'object' || headers === null) throw new TypeError(`${where}: headers must be an object or a Headers`);
  checkPath(path, where);
  const header = headerReader(headers, where);
  const trace = header('trace');
  const received = receivedSignature(header, trace);
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // A well-formed string is signed and parsed as it is: its UTF-8 is what was signed, and decoding
  // that UTF-8 gives it back. A lone surrogate takes the round trip, which turns it into U+FFFD.
  const message = typeof bytes === 'string' && !wellFormed(bytes) ? encoder.encode(bytes) : bytes;
  if (utf8Length(message, limit) > limit) throw new PayloadTooLargeError({ limit, trace });
  return verifyInbound({ keys, path, body: message, received, header, trace }, options, schema, names);
}

/**
 * True when `text` has no lone surrogate (`String.prototype.isWellFormed`, ES2024: Node 20, Deno,
 * Bun and workerd have it). Without it, false: the round trip is always right, only slower.
 */
// Stryker disable next-line BlockStatement: answering nothing (false) takes the round trip: same results.
function wellFormed(text: string): boolean {
  const t = text as string & { isWellFormed?: () => boolean };
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: every runtime tested has isWellFormed; without it, the round trip.
  return typeof t.isWellFormed === 'function' && t.isWellFormed();
}

/**
 * The UTF-8 length of `body`, exact when it could pass `limit`: a string of n UTF-16 units takes
 * n to 3n bytes, so only one in between is encoded to count.
 */
function utf8Length(body: Input, limit: number): number {
  if (typeof body !== 'string') return body.length;
  // Stryker disable next-line ConditionalExpression: longer than the limit in units is longer in bytes too: counting refuses it as well.
  if (body.length > limit) return body.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: counting by encoding gives the same answer, slower (at exactly 3n too).
  return body.length * 3 <= limit ? body.length : encoder.encode(body).length;
}

/**
 * The body's bytes, or `undefined` when it is not a `Uint8Array`. One of another realm (a `vm`
 * context, a test environment's byte buffer) fails `instanceof`: it is viewed as one of this realm.
 */
function asBytes(body: unknown): Uint8Array | undefined {
  // Stryker disable next-line ConditionalExpression: without this line the view below holds the same bytes.
  if (body instanceof Uint8Array) return body;
  if (!ArrayBuffer.isView(body) || Object.prototype.toString.call(body) !== '[object Uint8Array]') return undefined;
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

/**
 * Tells the two forms apart: a Fetch `Request` (of any realm or copy of undici, so not by
 * `instanceof`) has a string `url` and a `Headers`; an `InboundPayload` has neither.
 */
export function isRequest(input: Request | InboundPayload): input is Request {
  return typeof (input as Request | undefined)?.url === 'string' && typeof (input as Request).headers?.get === 'function';
}

/** The decoded signature of a request, or a `SignatureError` (missing or malformed). */
function receivedSignature(header: (name: string) => string | undefined, trace: string | undefined): Uint8Array {
  const signature = signatureHeader(header);
  if (signature === undefined || signature === '') throw new SignatureError({ reason: 'missing', trace });
  const received = decodeSignature(signature);
  if (received === undefined) throw new SignatureError({ reason: 'malformed', trace });
  return received;
}

/** The steps after the body is in hand, shared by both forms. */
function verifyInbound<S extends v.GenericSchema>(
  input: { keys: readonly string[]; path: string; body: Input; received: Uint8Array; header: (name: string) => string | undefined; trace: string | undefined },
  options: InboundOptions,
  schema: S,
  names: InboundNames,
): Promise<InboundMessage<v.InferOutput<S>>> | InboundMessage<v.InferOutput<S>> {
  const { keys, path, body, received } = input;
  const keyIndex = matchingKey(keys, path, body, received);
  // Large bodies are signed by WebCrypto (async-signer.ts): only they wait.
  return typeof keyIndex === 'number' ? parseInbound(input, keyIndex, options, schema, names) : keyIndex.then((index) => parseInbound(input, index, options, schema, names));
}

/** After the MAC: the timestamp window, then the body as UTF-8 JSON that `schema` accepts. */
function parseInbound<S extends v.GenericSchema>(
  input: { body: Input; header: (name: string) => string | undefined; trace: string | undefined },
  keyIndex: number,
  options: InboundOptions,
  schema: S,
  names: InboundNames,
): InboundMessage<v.InferOutput<S>> {
  const { body, header, trace } = input;
  const { what } = names;
  if (keyIndex < 0) throw new SignatureError({ reason: 'mismatch', trace });

  if (options.tolerance !== undefined) checkTimestamp(header('timestamp'), options.tolerance, trace, what);

  const rawBody = typeof body === 'string' ? body : decodeUtf8(body);
  if (rawBody === undefined) throw new ValidationError([{ path: '', message: 'the body is not UTF-8' }], { trace, what });
  let json: unknown;
  try {
    // A UTF-8 byte order mark is allowed before JSON text (RFC 8259, section 8.1 lets a parser
    // ignore it); `rawBody` keeps it, as sent.
    json = JSON.parse(rawBody.charCodeAt(0) === 0xfeff ? rawBody.slice(1) : rawBody);
  } catch {
    throw new ValidationError([{ path: '', message: 'the body is not JSON' }], { trace, what });
  }
  const fast = names.fast?.(json);
  // Stryker disable next-line ConditionalExpression: without the fast path the schema gives the same output (test/webhook-event-fast-path.test.ts), slower.
  if (fast !== undefined) return { body: fast as v.InferOutput<S>, rawBody, keyIndex, trace, header };
  const parsed = safeParse(schema, json);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.issues), { trace, what });
  return { body: parsed.output, rawBody, keyIndex, trace, header };
}

/**
 * Reads the body, at most `limit` bytes of it: a `Content-Length` above the limit is refused before
 * reading. Where one call is the cheaper read (one-call-read.ts), a body framed by its
 * `Content-Length` (no `Transfer-Encoding`) is read in one call: the server handing over the
 * Request stopped at that length (RFC 9112 §6.3; RFC 9113 §8.1.1 for HTTP/2), so the read is
 * bounded. Any other body is read incrementally and stops as soon as it passes `limit`. Either
 * way a body over the limit is refused, so a hand-built Request whose header understates its body
 * gets the same answer (only its read is not bounded: its maker already holds that body).
 */
export async function readBody(request: Request, limit: number, trace?: string): Promise<Uint8Array> {
  const { headers } = request;
  const declared = Number(headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await request.body?.cancel().catch(() => {});
    throw new PayloadTooLargeError({ limit, trace });
  }
  if (request.bodyUsed) throw new TypeError('readBody: the request body was already read; pass an unread Request');
  // Before `request.body` is touched: on Deno that getter builds a stream, which the one read would then go through.
  if (ONE_CALL_READ && declared >= 0 && !headers.has('transfer-encoding')) {
    const bytes = await readWhole(request);
    if (bytes.length > limit) throw new PayloadTooLargeError({ limit, trace });
    return bytes;
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError({ limit, trace });
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * Returns the index of the first key whose HMAC matches, or -1 (a promise of it when the body is
 * large enough for WebCrypto). Every key is computed and compared whatever the outcome, so
 * response time does not reveal which key (or whether one) matched.
 */
export function matchingKey(keys: readonly string[], path: string, body: Input, received: Uint8Array): number | Promise<number> {
  const macs = keys.map((key) => macOf(key)(path, body));
  // Stryker disable next-line MethodExpression: one body for every key: all are synchronous or none is.
  return macs.every((mac) => mac instanceof Uint8Array) ? firstMatch(macs, received) : Promise.all(macs).then((all) => firstMatch(all, received));
}

function firstMatch(macs: readonly Uint8Array[], received: Uint8Array): number {
  let match = -1;
  for (let i = macs.length - 1; i >= 0; i--) match = timingSafeEqual(received, macs[i]!) ? i : match;
  return match;
}

/**
 * The keyed MAC of each recently used key: keying costs three SHA-1 blocks for a 100-character
 * key (hashed, then ipad and opad), a third of verifying a 590-byte event. A handful of keys is
 * expected (one, two during a rotation); the cache is emptied when it passes MAX_KEYED_MACS, so
 * a caller cycling through many keys costs memory for at most that many.
 */
const KEYED_MACS = new Map<string, AsyncMac>();
const MAX_KEYED_MACS = 16;

/** How many keyed MACs are cached (for the test of the bound). */
export function keyedMacCount(): number {
  return KEYED_MACS.size;
}

function macOf(key: string): AsyncMac {
  let mac = KEYED_MACS.get(key);
  // Stryker disable next-line ConditionalExpression: keying again gives the same MAC, slower.
  if (mac === undefined) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: emptying sooner (down to every time) only costs speed; the bound is tested.
    if (KEYED_MACS.size >= MAX_KEYED_MACS) KEYED_MACS.clear();
    mac = asyncMac(key, createMac);
    // Stryker disable next-line CallExpression: not caching keys again on each call: the same MAC, slower.
    KEYED_MACS.set(key, mac);
  }
  return mac;
}

const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = /* @__PURE__ */ new TextEncoder();

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    // not UTF-8: the caller refuses the body
  }
  return undefined;
}

function checkTimestamp(header: string | undefined, tolerance: number, trace: string | undefined, what: string): void {
  // A missing header (undefined) reads as "undefined": no digits.
  const timestamp = /^\d{1,16}$/.test(String(header)) ? Number(header) : Number.NaN;
  const message = Number.isNaN(timestamp)
    ? 'expected a millisecond timestamp header'
    : Math.abs(Date.now() - timestamp) > tolerance
      ? `outside the ${tolerance} ms tolerance`
      : undefined;
  if (message !== undefined) throw new ValidationError([{ path: 'timestamp', message }], { trace, what });
}
