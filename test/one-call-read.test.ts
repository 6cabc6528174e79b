/**
 * one-call-read.ts: which runtimes read a body of known length in one call, and both reads, in
 * readBody (inbound.ts) and the transport's answer read (transport.ts), on either setting: vitest
 * runs on Node, where the flag is off, so the module is mocked here with a switch.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PayloadTooLargeError } from '../src/errors/payload-too-large-error.ts';
import { readBody } from '../src/inbound.ts';
import { readsInOneCall } from '../src/one-call-read.ts';
import { type Exchange, send } from '../src/transport.ts';
import { endlessStream } from './endless-stream.ts';
import { rejection } from './rejection.ts';

const flag = vi.hoisted(() => ({ on: true }));
vi.mock('../src/one-call-read.ts', async (original) => ({
  ...(await original<typeof import('../src/one-call-read.ts')>()),
  get ONE_CALL_READ() {
    return flag.on;
  },
}));
afterEach(() => {
  flag.on = true;
});

const URL_ = 'https://platform.example/hooks/passto';
const encoder = new TextEncoder();

describe('readsInOneCall', () => {
  it('names Deno, Bun and workerd by their navigator.userAgent, and nothing else', () => {
    for (const agent of ['Deno/2.9.6', 'Bun/1.4.5', 'Cloudflare-Workers', 'Deno']) expect(readsInOneCall(agent), agent).toBe(true);
    // Not strings, though they read as one: only a string is a userAgent.
    for (const agent of [['Deno/2'], { toString: () => 'Bun/1' }]) expect(readsInOneCall(agent), String(agent)).toBe(false);
    for (const agent of [undefined, null, 42, '', 'Node.js/22', 'Mozilla/5.0 (X11; Linux x86_64) Deno/2', 'Denoise/1', 'Bunny/2', 'xBun/1', 'Cloudflare-Workers-Fake', 'deno/2'])
      expect(readsInOneCall(agent), String(agent)).toBe(false);
  });
});

/** A Request- or Response-shaped object that records which way its body is read (`bytes()` only when `withBytes`). */
function recording<T>(headers: Record<string, string>, body: Uint8Array, more: object = {}, withBytes = false) {
  const reads: string[] = [];
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
  const message = {
    ...more,
    headers: new Headers(headers),
    bodyUsed: false,
    get body() {
      reads.push('body');
      return stream;
    },
    async arrayBuffer() {
      reads.push('arrayBuffer');
      return body.slice().buffer;
    },
    async text() {
      reads.push('text');
      return new TextDecoder().decode(body);
    },
    ...(withBytes
      ? {
          async bytes() {
            reads.push('bytes');
            return body.slice();
          },
        }
      : {}),
  } as unknown as T;
  return { message, reads };
}

describe('readBody: a body framed by its Content-Length', () => {
  const recordingRequest = (headers: Record<string, string>, body: Uint8Array) => {
    const { message: request, reads } = recording<Request>(headers, body);
    return { request, reads };
  };
  const bytes = encoder.encode('{"a":1}');

  it('is read in one call, without touching `request.body` (a stream on Deno)', async () => {
    for (const length of ['7', '0', '1000']) {
      const { request, reads } = recordingRequest({ 'content-length': length }, bytes);
      expect(Array.from(await readBody(request, 1000)), length).toEqual(Array.from(bytes));
      expect(reads, length).toEqual(['arrayBuffer']);
    }
  });

  it('is read by bytes() where the Request has it', async () => {
    const { message: request, reads } = recording<Request>({ 'content-length': '7' }, bytes, {}, true);
    expect(Array.from(await readBody(request, 1000))).toEqual(Array.from(bytes));
    expect(reads).toEqual(['bytes']);
  });

  it('is streamed when Transfer-Encoding is present, Content-Length is missing or not a number, or the runtime reads streams cheaper', async () => {
    for (const [on, headers] of [
      [true, { 'content-length': '7', 'transfer-encoding': 'chunked' }],
      [true, {}],
      [true, { 'content-length': 'seven' }],
      [false, { 'content-length': '7' }],
    ] as const) {
      flag.on = on;
      const { request, reads } = recordingRequest(headers, bytes);
      expect(Array.from(await readBody(request, 1000)), JSON.stringify(headers)).toEqual(Array.from(bytes));
      expect(reads, JSON.stringify(headers)).not.toContain('arrayBuffer');
    }
  });

  it('stops an endless stream at the limit when Transfer-Encoding says the length does not frame it', async () => {
    const { stream, cancelled } = endlessStream(40);
    const request = { headers: new Headers({ 'content-length': '10', 'transfer-encoding': 'chunked' }), bodyUsed: false, body: stream } as unknown as Request;
    await expect(readBody(request, 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(cancelled()).toBe(true);
  });

  it('refuses a body over the limit whose Content-Length understates it (a hand-built Request), like a streamed one', async () => {
    const request = new Request(URL_, { method: 'POST', body: 'x'.repeat(101), headers: { 'content-length': '5' } });
    const error = await rejection(readBody(request, 100, 'trace-9'));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ limit: 100, trace: 'trace-9' });
    const exact = new Request(URL_, { method: 'POST', body: 'x'.repeat(100), headers: { 'content-length': '5' } });
    expect((await readBody(exact, 100)).length).toBe(100);
  });

  it('refuses a body that was already read before reading it again', async () => {
    const request = new Request(URL_, { method: 'POST', body: '{}', headers: { 'content-length': '2' } });
    await request.text();
    const error = await rejection(readBody(request, 10));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('readBody: the request body was already read; pass an unread Request');
  });
});

describe('the transport: an answer framed by its Content-Length', () => {
  const base = (fetch: typeof globalThis.fetch, more: Partial<Exchange> = {}): Exchange => ({ url: 'https://h.example/x', headers: {}, body: '{}', fetch, timeout: 60_000, ...more });
  const text = async (exchange: Exchange) => (await send(exchange, (a) => a.text));
  const answer = (headers: Record<string, string>, body: Uint8Array) => {
    const { message: response, reads } = recording<Response>(headers, body, { status: 200, type: 'basic' });
    return { response, reads };
  };
  const bytes = new TextEncoder().encode('é'.repeat(5)); // 10 bytes

  it('is read by text() in one call, without touching the stream, up to a third of the limit', async () => {
    for (const length of ['10', '0', '4']) {
      const { response, reads } = answer({ 'content-length': length }, bytes);
      expect(await text(base(async () => response, { maxBytes: 30 })), length).toBe('é'.repeat(5));
      expect(reads, length).toEqual(['text']);
    }
  });

  it('is streamed when its Content-Length passes a third of the limit (a true body may then be invalid UTF-8 that decodes longer)', async () => {
    const { response, reads } = answer({ 'content-length': '10' }, bytes);
    expect(await text(base(async () => response, { maxBytes: 29 }))).toBe('é'.repeat(5));
    expect(reads).toEqual(['body']);
  });

  it('measures a text longer than its header allows by its UTF-8 length: exact for valid UTF-8, 3 bytes for each U+FFFD', async () => {
    const lying = () => answer({ 'content-length': '2' }, bytes).response; // 10 bytes, 5 units
    expect(await text(base(async () => lying(), { maxBytes: 9 }))).toBeUndefined();
    expect(await text(base(async () => lying(), { maxBytes: 10 }))).toBe('é'.repeat(5));
    // 4 bytes, 'a' and 3 invalid ones, decode to 'a' + 3 U+FFFD: counted as 10 bytes.
    const invalid = () => answer({ 'content-length': '1' }, new Uint8Array([0x61, 0xff, 0xff, 0xff])).response;
    expect(await text(base(async () => invalid(), { maxBytes: 10 }))).toBe('a\ufffd\ufffd\ufffd');
    expect(await text(base(async () => invalid(), { maxBytes: 9 }))).toBeUndefined();
  });

  it('is streamed, and dropped at the limit, when Content-Length passes the limit', async () => {
    const { response, reads } = answer({ 'content-length': '11' }, bytes);
    expect(await text(base(async () => response, { maxBytes: 9 }))).toBeUndefined();
    expect(reads).toEqual(['body']);
  });

  it('is streamed, and bounded, when the length is compressed, chunked, or not a number, or the runtime reads streams cheaper', async () => {
    for (const [on, headers] of [
      [true, { 'content-length': '10', 'content-encoding': 'gzip' }],
      [true, { 'content-length': '10', 'transfer-encoding': 'chunked' }],
      [true, { 'content-length': 'ten' }],
      [false, { 'content-length': '10' }],
    ] as const) {
      flag.on = on;
      const { response, reads } = answer(headers, bytes);
      expect(await text(base(async () => response, { maxBytes: 30 })), JSON.stringify(headers)).toBe('é'.repeat(5));
      expect(reads, JSON.stringify(headers)).toEqual(['body']);
      const over = answer(headers, bytes);
      expect(await text(base(async () => over.response, { maxBytes: 9 })), JSON.stringify(headers)).toBeUndefined();
    }
  });

  it('refuses a body over the limit whose Content-Length understates it (an injected fetch), like a streamed one', async () => {
    const lying = (body: string) => new Response(body, { headers: { 'content-length': '2' } });
    expect(await text(base(async () => lying('x'.repeat(11)), { maxBytes: 10 }))).toBeUndefined();
    expect(await text(base(async () => lying('x'.repeat(10)), { maxBytes: 10 }))).toBe('x'.repeat(10));
    const split = new Response(new Uint8Array([0x61, 0xc3]), { headers: { 'content-length': '2' } });
    expect(await text(base(async () => split))).toBe('a\ufffd');
  });
});

