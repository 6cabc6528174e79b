/**
 * The verification path shared by every call PassTo makes to the platform: webhooks and the
 * credit-limit endpoint (platform spec, "Signing", "Inbound: ..."). The message is the path of the
 * URL PassTo called + the raw body bytes exactly as received; nothing is re-serialized.
 */
import type * as v from 'valibot';
import { safeParse } from 'valibot';
import { PayloadTooLargeError } from './errors/payload-too-large-error.ts';
import { SignatureError } from './errors/signature-error.ts';
import { ValidationError } from './errors/validation-error.ts';
import { toFieldIssues } from './schemas/issues.ts';
import { decodeSignature, signatureMatches } from './verify.ts';

/** The default body limit: 1 MiB, far above any documented PassTo body. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** One signature key, or several during a rotation (any may match). */
export type Keys = string | readonly string[];

/** Options shared by `verifyWebhook` and `verifyCreditLimitRequest`. */
export interface InboundOptions {
  /** The signature key, or a list of keys during a rotation: any may match; all are always checked. */
  keys: Keys;
  /**
   * The path that was signed. Defaults to the request URL's path exactly as received
   * (`new URL(request.url).pathname`); set it when a proxy rewrites paths before they reach you.
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
}

/** The two spellings of the signature header (one revision of the docs writes `signerature`). */
export const SIGNATURE_HEADERS = ['signature', 'signerature'] as const;

/** Reads the signature header, preferring the correct spelling when both are present. */
export function signatureHeader(headers: Headers): string | null {
  return headers.get(SIGNATURE_HEADERS[0]) ?? headers.get(SIGNATURE_HEADERS[1]);
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
  if (path !== undefined && typeof path !== 'string') throw new TypeError(`${where}: path must be a string`);
  // Number.isFinite is false for anything but a number, so no typeof check is needed.
  if (tolerance !== undefined && !(tolerance > 0 && Number.isFinite(tolerance))) {
    throw new RangeError(`${where}: tolerance must be a positive number of milliseconds`);
  }
  if (maxBodyBytes !== undefined && !(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw new RangeError(`${where}: maxBodyBytes must be a positive integer`);
  }
}

/**
 * Verifies `request` and parses its body with `schema`. In order: the signature header must be
 * present and base64 of 20 bytes, the body at most `maxBodyBytes`, the signature must match one of
 * the keys, the optional `timestamp` window must hold, and the body must be UTF-8 JSON that
 * `schema` accepts. Rejects with `SignatureError`, `PayloadTooLargeError` or `ValidationError`.
 */
export async function readInbound<S extends v.GenericSchema>(
  request: Request,
  options: InboundOptions,
  schema: S,
  names: { where: string; what: string },
): Promise<InboundMessage<v.InferOutput<S>>> {
  const { where, what } = names;
  const keys = normalizeKeys(options?.keys, where);
  checkInboundOptions(options, where);
  const trace = request.headers.get('trace') ?? undefined;
  const signature = signatureHeader(request.headers);
  if (signature === null || signature === '') throw new SignatureError({ reason: 'missing', trace });
  const received = decodeSignature(signature);
  if (received === undefined) throw new SignatureError({ reason: 'malformed', trace });

  const bytes = await readBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, trace);
  const path = options.path ?? new URL(request.url).pathname;
  const keyIndex = matchingKey(keys, path, bytes, received);
  if (keyIndex < 0) throw new SignatureError({ reason: 'mismatch', trace });

  if (options.tolerance !== undefined) checkTimestamp(request.headers.get('timestamp'), options.tolerance, trace, what);

  const rawBody = decodeUtf8(bytes);
  if (rawBody === undefined) throw new ValidationError([{ path: '', message: 'the body is not UTF-8' }], { trace, what });
  let json: unknown;
  try {
    // A UTF-8 byte order mark is allowed before JSON text (RFC 8259, section 8.1 lets a parser
    // ignore it); `rawBody` keeps it, as sent.
    json = JSON.parse(rawBody.charCodeAt(0) === 0xfeff ? rawBody.slice(1) : rawBody);
  } catch {
    throw new ValidationError([{ path: '', message: 'the body is not JSON' }], { trace, what });
  }
  const parsed = safeParse(schema, json);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.issues), { trace, what });
  return { body: parsed.output, rawBody, keyIndex, trace };
}

/**
 * Reads the body incrementally and stops as soon as it passes `limit`, so a huge body costs at
 * most `limit` bytes of memory. A `Content-Length` above the limit is refused before reading.
 */
export async function readBody(request: Request, limit: number, trace?: string): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await request.body?.cancel().catch(() => {});
    throw new PayloadTooLargeError({ limit, trace });
  }
  if (request.body === null) return new Uint8Array(0);
  if (request.bodyUsed) throw new TypeError('readBody: the request body was already read; pass an unread Request');
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
 * Returns the index of the first key whose HMAC matches, or -1. Every key is computed and compared
 * whatever the outcome, so response time does not reveal which key (or whether one) matched.
 */
export function matchingKey(keys: readonly string[], path: string, body: Uint8Array, received: Uint8Array): number {
  let match = -1;
  for (let i = keys.length - 1; i >= 0; i--) {
    const equal = signatureMatches(received, { key: keys[i]!, path, body });
    match = equal ? i : match;
  }
  return match;
}

const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    // not UTF-8: the caller refuses the body
  }
  return undefined;
}

function checkTimestamp(header: string | null, tolerance: number, trace: string | undefined, what: string): void {
  // A missing header (null) reads as "null": no digits.
  const timestamp = /^\d{1,16}$/.test(String(header)) ? Number(header) : Number.NaN;
  const message = Number.isNaN(timestamp)
    ? 'expected a millisecond timestamp header'
    : Math.abs(Date.now() - timestamp) > tolerance
      ? `outside the ${tolerance} ms tolerance`
      : undefined;
  if (message !== undefined) throw new ValidationError([{ path: 'timestamp', message }], { trace, what });
}
