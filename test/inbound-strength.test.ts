/**
 * inbound.ts at its edges: bodies that arrive in several chunks (split inside a multi-byte
 * character), valid JSON that is not valid UTF-8, an empty body, Content-Length at the limit and
 * one byte over, the timestamp window at its bounds and its format, the options' checks, and
 * every refusal's class, fields and message.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PayloadTooLargeError, SignatureError, sign, ValidationError } from '../src/index.ts';
import {
  checkInboundOptions,
  DEFAULT_MAX_BODY_BYTES,
  headerReader,
  matchingKey,
  normalizeKeys,
  readBody,
  readInbound,
  signatureHeader,
} from '../src/inbound.ts';
import { endlessStream } from './endless-stream.ts';
import { rejection } from './rejection.ts';

const KEY = 'inbound-strength-key';
const URL_ = 'https://platform.example/hooks/passto';
const PATH = '/hooks/passto';
const NAMES = { where: 'verifyThing', what: 'thing delivery' };
const ANY_JSON = v.unknown();
const encoder = new TextEncoder();

/** A request whose body arrives as exactly these chunks. */
function chunkedRequest(chunks: Uint8Array[], headers: Record<string, string> = {}): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request(URL_, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
}

const signed = (body: string | Uint8Array, key = KEY) => sign({ key, path: PATH, body });

describe('readBody: chunks', () => {
  const text = '{"event_id":"é€😀","note":"ü"}';
  const bytes = encoder.encode(text);

  it('joins a body split in two at every byte position, inside multi-byte characters too', async () => {
    for (let at = 1; at < bytes.length; at++) {
      const request = chunkedRequest([bytes.slice(0, at), bytes.slice(at)], { signature: signed(bytes) });
      const message = await readInbound(request, { keys: KEY }, ANY_JSON, NAMES);
      expect(message.rawBody, `split at ${at}`).toBe(text);
      expect(message.body).toEqual(JSON.parse(text));
    }
  });

  it('joins a body split in three, and one byte per chunk', async () => {
    for (let a = 1; a < bytes.length - 1; a += 3) {
      const joined = await readBody(chunkedRequest([bytes.slice(0, a), bytes.slice(a, a + 2), bytes.slice(a + 2)]), 1000);
      expect(new TextDecoder().decode(joined), `split at ${a} and ${a + 2}`).toBe(text);
    }
    const single = await readBody(chunkedRequest(Array.from(bytes, (byte) => Uint8Array.of(byte))), 1000);
    expect(Array.from(single)).toEqual(Array.from(bytes));
  });

  it('joins random bodies up to 8 KB cut into random chunks, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 8192 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (body, cuts) => {
          const points = [...new Set(cuts.map((cut) => cut % (body.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((start, i) => body.slice(start, [...points, body.length][i]));
          const read = await readBody(chunkedRequest(chunks), 8192);
          expect(Buffer.from(read).equals(Buffer.from(body))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('returns a body that arrived in one chunk as that chunk, without copying it', async () => {
    const chunk = encoder.encode('{"a":1}');
    expect(await readBody(chunkedRequest([chunk]), 100)).toBe(chunk);
  });

  it('reads a request without a body as empty bytes, and an empty stream too', async () => {
    expect(await readBody(new Request(URL_, { method: 'POST' }), 10)).toEqual(new Uint8Array(0));
    expect(await readBody(chunkedRequest([]), 10)).toEqual(new Uint8Array(0));
  });

  it('refuses a body that was already read, with a TypeError that says so', async () => {
    const request = new Request(URL_, { method: 'POST', body: '{}' });
    await request.text();
    const error = await rejection(readBody(request, 10));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('readBody: the request body was already read; pass an unread Request');
  });
});

describe('readBody: the limit', () => {
  it('accepts a streamed body of exactly the limit, and refuses one byte more', async () => {
    const body = new Uint8Array(100).fill(0x61);
    expect((await readBody(chunkedRequest([body.slice(0, 60), body.slice(60)]), 100)).length).toBe(100);
    const error = await rejection(readBody(chunkedRequest([body.slice(0, 60), body.slice(60), Uint8Array.of(0x61)]), 100, 'trace-7'));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ limit: 100, trace: 'trace-7', message: 'The body is larger than the limit of 100 bytes' });
  });

  it('accepts a Content-Length exactly at the limit, and refuses one byte over before reading anything', async () => {
    const body = 'x'.repeat(100);
    expect((await readBody(new Request(URL_, { method: 'POST', body, headers: { 'content-length': '100' } }), 100)).length).toBe(100);

    let pulls = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(new Uint8Array(10));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request(URL_, { method: 'POST', body: stream, duplex: 'half', headers: { 'content-length': '101' } } as RequestInit);
    const error = await rejection(readBody(request, 100, 'trace-8'));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ limit: 100, trace: 'trace-8' });
    expect(pulls).toBe(0);
    expect(cancelled).toBe(true);
  });

  it('refuses a declared Content-Length over the limit even when the request has no body', async () => {
    const request = { headers: new Headers({ 'content-length': '11' }), body: null, bodyUsed: false } as unknown as Request;
    const error = await rejection(readBody(request, 10));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
  });

  it('cancels the stream once a body passes the limit while reading', async () => {
    const { stream, cancelled } = endlessStream(40);
    const request = new Request(URL_, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await expect(readBody(request, 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(cancelled()).toBe(true);
  });

  it('uses 1 MiB when no maxBodyBytes is given', async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(1_048_576);
    const over = new Request(URL_, { method: 'POST', body: '{}', headers: { signature: signed('{}'), 'content-length': String(DEFAULT_MAX_BODY_BYTES + 1) } });
    const error = await rejection(readInbound(over, { keys: KEY }, ANY_JSON, NAMES));
    expect(error).toMatchObject({ name: 'PayloadTooLargeError', limit: DEFAULT_MAX_BODY_BYTES });
  });
});

describe('readInbound: what a correctly signed body may still be refused for', () => {
  const request = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    new Request(URL_, { method: 'POST', body: body as BodyInit, headers: { signature: signed(body), trace: 'tr-1', ...headers } });

  it('refuses valid JSON carrying invalid UTF-8 (a lone continuation byte, a cut sequence, an overlong form)', async () => {
    for (const bad of [[0x80], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff]]) {
      const body = Uint8Array.from([...encoder.encode('{"event_id":"a'), ...bad, ...encoder.encode('"}')]);
      expect(JSON.parse(new TextDecoder().decode(body))).toHaveProperty('event_id'); // a lenient decoder would accept it
      const error = await rejection(readInbound(request(body), { keys: KEY }, ANY_JSON, NAMES));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ issues: [{ path: '', message: 'the body is not UTF-8' }], trace: 'tr-1' });
      expect(error.message).toBe('Invalid thing delivery: (root): the body is not UTF-8');
    }
  });

  it('refuses an empty body, signed over the path alone, as not JSON (not as a bad signature)', async () => {
    for (const empty of [new Request(URL_, { method: 'POST', headers: { signature: signed(''), trace: 'tr-2' } }), request('', { trace: 'tr-2' })]) {
      const error = await rejection(readInbound(empty, { keys: KEY }, ANY_JSON, NAMES));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ issues: [{ path: '', message: 'the body is not JSON' }], trace: 'tr-2' });
      expect(error.message).toBe('Invalid thing delivery: (root): the body is not JSON');
    }
  });

  it('keeps a byte order mark in rawBody and parses the JSON after it; refuses a second one', async () => {
    const message = await readInbound(request('\ufeff{"a":1}'), { keys: KEY }, ANY_JSON, NAMES);
    expect(message.rawBody).toBe('\ufeff{"a":1}');
    expect(message.body).toEqual({ a: 1 });
    await expect(readInbound(request('\ufeff\ufeff{}'), { keys: KEY }, ANY_JSON, NAMES)).rejects.toBeInstanceOf(ValidationError);
    // Only a leading mark is skipped: the first character is never cut otherwise.
    expect((await readInbound(request('{"a":2}'), { keys: KEY }, ANY_JSON, NAMES)).body).toEqual({ a: 2 });
    expect((await readInbound(request('7'), { keys: KEY }, ANY_JSON, NAMES)).body).toBe(7);
  });

  it('names the schema issues, with the trace and what was read', async () => {
    const schema = v.object({ n: v.number() });
    const error = await rejection(readInbound(request('{"n":"1"}'), { keys: KEY }, schema, NAMES));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ issues: [{ path: 'n' }], trace: 'tr-1' });
    expect(error.message.startsWith('Invalid thing delivery: n: ')).toBe(true);
  });

  it('returns the parsed body, the raw text, the key index and the trace; no trace header gives undefined', async () => {
    const schema = v.object({ n: v.pipe(v.number(), v.transform((n) => n * 2)) });
    const message = await readInbound(request('{"n":21}'), { keys: ['other-key', KEY] }, schema, NAMES);
    const { header, ...rest } = message;
    expect(rest).toEqual({ body: { n: 42 }, rawBody: '{"n":21}', keyIndex: 1, trace: 'tr-1' });
    expect([header('trace'), header('token')]).toEqual(['tr-1', undefined]);
    const untraced = new Request(URL_, { method: 'POST', body: '{}', headers: { signature: signed('{}') } });
    expect((await readInbound(untraced, { keys: KEY }, ANY_JSON, NAMES)).trace).toBeUndefined();
    const error = await rejection(readInbound(new Request(URL_, { method: 'POST', body: '{}' }), { keys: KEY }, ANY_JSON, NAMES));
    expect(error).toMatchObject({ name: 'SignatureError', trace: undefined });
  });

  it('verifies against the path option instead of the URL path when given', async () => {
    const body = '{}';
    const rewritten = () => new Request('https://platform.example/internal/hooks', { method: 'POST', body, headers: { signature: signed(body) } });
    await expect(readInbound(rewritten(), { keys: KEY, path: PATH }, ANY_JSON, NAMES)).resolves.toMatchObject({ keyIndex: 0 });
    await expect(readInbound(rewritten(), { keys: KEY }, ANY_JSON, NAMES)).rejects.toMatchObject({ reason: 'mismatch' });
  });
});

describe('readInbound: signature refusals', () => {
  it('tells missing, malformed and mismatched signatures apart, with the trace and the message', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{}, 'missing', 'Invalid signature: no signature header'],
      [{ signature: '' }, 'missing', 'Invalid signature: no signature header'],
      [{ signature: 'abc' }, 'malformed', 'Invalid signature: the signature is not base64 of 20 bytes'],
      [{ signature: signed('{}', 'wrong-key') }, 'mismatch', 'Invalid signature: the signature matches no key'],
    ];
    for (const [headers, reason, message] of cases) {
      const request = new Request(URL_, { method: 'POST', body: '{}', headers: { ...headers, trace: 'tr-9' } });
      const error = await rejection(readInbound(request, { keys: KEY }, ANY_JSON, NAMES));
      expect(error).toBeInstanceOf(SignatureError);
      expect(error).toMatchObject({ reason, trace: 'tr-9', message });
    }
  });

  it('prefers the signature header over signerature when both are sent', async () => {
    const good = signed('{}');
    const bad = signed('{}', 'wrong-key');
    for (const headers of [(init: Record<string, string>) => new Headers(init), (init: Record<string, string>) => init]) {
      expect(signatureHeader(headerReader(headers({ signature: good, signerature: bad }), 'w'))).toBe(good);
      expect(signatureHeader(headerReader(headers({ signerature: bad, trace: 't' }), 'w'))).toBe(bad);
      expect(signatureHeader(headerReader(headers({}), 'w'))).toBeUndefined();
    }
  });

  it('checks the signature before the body size: an unsigned huge body is a SignatureError', async () => {
    const request = new Request(URL_, { method: 'POST', body: '{}', headers: { 'content-length': '99999' } });
    await expect(readInbound(request, { keys: KEY, maxBodyBytes: 10 }, ANY_JSON, NAMES)).rejects.toBeInstanceOf(SignatureError);
  });
});

describe('matchingKey', () => {
  const body = encoder.encode('{}');
  const mac = (key: string) => Uint8Array.from(Buffer.from(signed(body, key), 'base64'));

  it('gives the index of the first key that matches, whichever position it holds, or -1', () => {
    const keys = ['k0', 'k1', 'k2', 'k1'];
    expect(matchingKey(keys, PATH, body, mac('k0'))).toBe(0);
    expect(matchingKey(keys, PATH, body, mac('k1'))).toBe(1);
    expect(matchingKey(keys, PATH, body, mac('k2'))).toBe(2);
    expect(matchingKey(keys, PATH, body, mac('k3'))).toBe(-1);
    expect(matchingKey(['k0'], PATH, body, mac('k0'))).toBe(0);
  });
});

describe('readInbound: the timestamp window (tolerance)', () => {
  const NOW = Date.UTC(2026, 0, 1);
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const at = (timestamp: string | null) =>
    new Request(URL_, { method: 'POST', body: '{}', headers: { signature: signed('{}'), trace: 'tr-t', ...(timestamp === null ? {} : { timestamp }) } });
  const check = (timestamp: string | null, tolerance = 1000) => readInbound(at(timestamp), { keys: KEY, tolerance }, ANY_JSON, NAMES);

  it('accepts a timestamp up to exactly the tolerance away, in the past or the future', async () => {
    for (const t of [NOW, NOW - 1000, NOW + 1000, NOW - 999, NOW + 1]) await expect(check(String(t)), String(t - NOW)).resolves.toMatchObject({ keyIndex: 0 });
  });

  it('refuses one millisecond outside the tolerance, either way, naming the window', async () => {
    for (const t of [NOW - 1001, NOW + 1001]) {
      const error = await rejection(check(String(t)));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ issues: [{ path: 'timestamp', message: 'outside the 1000 ms tolerance' }], trace: 'tr-t' });
      expect(error.message).toBe('Invalid thing delivery: timestamp: outside the 1000 ms tolerance');
    }
  });

  it('refuses a timestamp that is not 1 to 16 digits, even when its number is inside the window', async () => {
    const inside = String(NOW);
    for (const bad of [`${inside}x`, `x${inside}`, `${inside}.0`, `+${inside}`, `-${inside}`, `${inside}e0`, `0x${NOW.toString(16)}`, '', `${'0'.repeat(4)}${inside}`, `${inside} ${inside}`]) {
      const error = await rejection(check(bad, 10 ** 15));
      expect(error, JSON.stringify(bad)).toBeInstanceOf(ValidationError);
      expect(error, JSON.stringify(bad)).toMatchObject({ issues: [{ path: 'timestamp', message: 'expected a millisecond timestamp header' }] });
    }
    const missing = await rejection(check(null));
    expect(missing).toMatchObject({ issues: [{ path: 'timestamp', message: 'expected a millisecond timestamp header' }] });
  });

  it('accepts 1 to 16 digits, leading zeros included', async () => {
    await expect(check(`000${NOW}`)).resolves.toBeDefined(); // 16 digits
    await expect(check('5', NOW)).resolves.toBeDefined(); // one digit: 5 ms after 1970, inside a wide window
    const far = await rejection(check('5'));
    expect(far).toMatchObject({ issues: [{ message: 'outside the 1000 ms tolerance' }] });
  });

  it('ignores the timestamp without tolerance', async () => {
    await expect(readInbound(at('garbage'), { keys: KEY }, ANY_JSON, NAMES)).resolves.toBeDefined();
    await expect(readInbound(at(null), { keys: KEY }, ANY_JSON, NAMES)).resolves.toBeDefined();
  });
});

describe('options', () => {
  it('normalizeKeys takes a key or a non-empty list of non-empty keys', () => {
    expect(normalizeKeys('k', 'w')).toEqual(['k']);
    expect(normalizeKeys(['a', 'b'], 'w')).toEqual(['a', 'b']);
    for (const bad of [42, null, undefined, {}, new Set(['k'])]) {
      expect(() => normalizeKeys(bad, 'verifyThing')).toThrow(new TypeError('verifyThing: keys must be a string or an array of strings'));
    }
    for (const bad of ['', [], [''], ['k', ''], ['k', 7], [null], [['key']], [{ length: 3 }]]) {
      expect(() => normalizeKeys(bad, 'verifyThing'), JSON.stringify(bad)).toThrow(new RangeError('verifyThing: keys must hold at least one key, each a non-empty string'));
    }
  });

  it('checkInboundOptions refuses a non-string path, a tolerance that is not a positive finite number, a maxBodyBytes that is not a positive safe integer', () => {
    const ok = [{}, { path: '/p' }, { tolerance: 1 }, { tolerance: 0.5 }, { maxBodyBytes: 1 }, { maxBodyBytes: 2 ** 53 - 1 }, { path: undefined, tolerance: undefined, maxBodyBytes: undefined }];
    for (const options of ok) expect(() => checkInboundOptions(options, 'w'), JSON.stringify(options)).not.toThrow();
    expect(() => checkInboundOptions({ path: 7 as never }, 'verifyThing')).toThrow(new TypeError('verifyThing: path must be a string'));
    for (const tolerance of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1000' as never]) {
      expect(() => checkInboundOptions({ tolerance }, 'verifyThing'), String(tolerance)).toThrow(
        new RangeError('verifyThing: tolerance must be a positive number of milliseconds'),
      );
    }
    for (const maxBodyBytes of [0, -1, 1.5, 2 ** 53, Number.NaN, '10' as never]) {
      expect(() => checkInboundOptions({ maxBodyBytes }, 'verifyThing'), String(maxBodyBytes)).toThrow(new RangeError('verifyThing: maxBodyBytes must be a positive integer'));
    }
  });

  it('readInbound checks keys and options before touching the request', async () => {
    const request = new Request(URL_, { method: 'POST', body: '{}', headers: { signature: signed('{}') } });
    await expect(readInbound(request, { keys: [] }, ANY_JSON, NAMES)).rejects.toThrow(RangeError);
    await expect(readInbound(request, { keys: KEY, tolerance: -5 }, ANY_JSON, NAMES)).rejects.toThrow(RangeError);
    await expect(readInbound(request, undefined as never, ANY_JSON, NAMES)).rejects.toThrow(new TypeError('verifyThing: keys must be a string or an array of strings'));
    expect(request.bodyUsed).toBe(false);
  });
});
