/**
 * transport.ts, the one transport, on its own (the client tests cover it through createClient):
 * defaults, timeouts and their scope, the deadline's edges, retries and waits, redirects, the
 * bounded body read, the caller's signal, and the errors' trace and redaction. On a fake clock
 * that leaves setImmediate real (deadline.ts's I/O turn), so no assertion depends on real time.
 */
import { describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../src/errors/network-error.ts';
import { TimeoutError } from '../src/errors/timeout-error.ts';
import { type Answer, type Exchange, MAX_ANSWER_BYTES, send } from '../src/transport.ts';
import { fakeFetch, hang, settle, tick, untilCalled, useFakeClock } from './client-fake.ts';

useFakeClock();

const base = (fetch: typeof globalThis.fetch | undefined, more: Partial<Exchange> = {}): Exchange => ({
  url: 'https://h.example/x',
  headers: { trace: 't' },
  body: '{}',
  fetch,
  timeout: 1000,
  ...more,
});
const answer = (a: Answer) => a;
const status = (s: number, headers: Record<string, string> = {}) => new Response(s === 204 || s === 304 ? null : `s${s}`, { status: s, headers });
/** Read as a failure unless 2xx, as the client reads. */
const okOnly = (a: Answer) => {
  if (a.status < 200 || a.status > 299) throw new Error(`HTTP ${a.status}`);
  return a.status;
};
const since = (start: number, calls: { at: number }[]) => calls.map((c) => c.at - start);

describe('one attempt', () => {
  it('POSTs by default, with the headers, the body, a signal and redirect manual; other methods as given', async () => {
    const fake = fakeFetch(status(200));
    const { value } = await settle(send(base(fake.fetch), answer));
    expect(value).toMatchObject({ status: 200, redirect: false, text: 's200' });
    expect(value?.headers).toBeInstanceOf(Headers);
    expect(fake.calls[0]).toMatchObject({ url: 'https://h.example/x', method: 'POST', headers: { trace: 't' }, body: '{}' });
    expect(fake.calls[0]!.signal).toBeInstanceOf(AbortSignal);
    const seen: RequestInit[] = [];
    await settle(
      send(
        base(
          async (_input, init) => {
            seen.push(init!);
            return status(204);
          },
          { method: 'GET', body: undefined },
        ),
        answer,
      ),
    );
    expect(seen[0]).toMatchObject({ method: 'GET', body: undefined, redirect: 'manual' });
  });

  it('uses globalThis.fetch when none is given, looked up at the call; a runtime without one is a TypeError', async () => {
    const fake = fakeFetch(status(200));
    vi.stubGlobal('fetch', fake.fetch);
    expect((await settle(send(base(undefined), (a) => a.status))).value).toBe(200);
    vi.stubGlobal('fetch', undefined);
    const { error } = await settle(send(base(undefined), answer));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('This runtime has no fetch: pass the `fetch` option to createClient');
    vi.unstubAllGlobals();
  });

  it('a fetch that throws at once is a NetworkError carrying the trace, its message redacted as asked', async () => {
    const secretFetch = (() => {
      throw new TypeError('refused SECRET-1');
    }) as unknown as typeof fetch;
    const plain = await settle(send(base(secretFetch, { trace: 'tr-1' }), answer));
    expect(plain.error).toBeInstanceOf(NetworkError);
    expect(plain.error).toMatchObject({ trace: 'tr-1', message: 'Network failure: TypeError' });
    const redacted = await settle(send(base(secretFetch, { redact: (text) => text.replace('SECRET-1', '[x]') }), answer));
    expect((redacted.error as Error).message).toBe('Network failure: refused [x]');
    const withheld = await settle(send(base(secretFetch, { redact: (text) => text, withholds: true }), answer));
    expect((withheld.error as Error).message).toMatch(/^Network failure: TypeError \(runtime messages withheld/);
    const kept = await settle(send(base(secretFetch, { redact: (text) => text, withholds: false }), answer));
    expect((kept.error as Error).message).toBe('Network failure: refused SECRET-1');
  });

  it('an error while reading the answer that is not a transport failure is thrown as is', async () => {
    const oops = new RangeError('read failed');
    const { error } = await settle(
      send(base(fakeFetch(status(503)).fetch, { retry: { limit: 2, baseDelay: 1, maxDelay: 1 }, retryStatus: () => false }), () => {
        throw oops;
      }),
    );
    expect(error).toBe(oops);
  });
});

describe('redirects', () => {
  it.each([300, 301, 302, 303, 307, 308, 399])('%i is a redirect, its body not read', async (code) => {
    const cancel = vi.fn(async () => {});
    const response = { status: code, type: 'basic', headers: new Headers({ location: 'https://elsewhere.example/' }), body: { cancel } };
    const fake = fakeFetch(() => response as unknown as Response);
    const { value } = await settle(send(base(fake.fetch), answer));
    expect(value).toMatchObject({ status: code, redirect: true, text: '' });
    expect(value!.headers.get('location')).toBe('https://elsewhere.example/');
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it.each([200, 299, 400, 500])('%i is an answer', async (code) => {
    const { value } = await settle(send(base(fakeFetch(status(code)).fetch), answer));
    expect(value).toMatchObject({ status: code, redirect: false, text: `s${code}` });
  });

  it("an 'opaqueredirect' (status 0, as a browser answers redirect manual) is a redirect", async () => {
    const opaque = { status: 0, type: 'opaqueredirect', headers: new Headers(), body: null } as unknown as Response;
    const { value } = await settle(send(base(async () => opaque), answer));
    expect(value).toMatchObject({ status: 0, redirect: true, text: '' });
  });
});

describe('the bounded body read', () => {
  /** 'é' (2 bytes in UTF-8) repeated, cut into chunks of these sizes: odd sizes split a character. */
  const chunks = (...sizes: number[]) => {
    const bytes = new TextEncoder().encode('é'.repeat(sizes.reduce((a, b) => a + b, 0) / 2));
    return new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          let at = 0;
          for (const size of sizes) {
            controller.enqueue(bytes.slice(at, at + size));
            at += size;
          }
          controller.close();
        },
      }),
    );
  };

  it('reads up to maxBytes (UTF-8 split across chunks), and nothing past it', async () => {
    expect((await settle(send(base(async () => chunks(3, 7), { maxBytes: 10 }), (a) => a.text))).value).toBe('é'.repeat(5));
    expect((await settle(send(base(async () => chunks(1, 1, 1, 1), { maxBytes: 10 }), (a) => a.text))).value).toBe('éé');
    expect((await settle(send(base(async () => chunks(5, 7), { maxBytes: 10 }), (a) => a.text))).value).toBeUndefined();
    expect((await settle(send(base(async () => chunks(12), { maxBytes: 10 }), (a) => a.text))).value).toBeUndefined();
    const split = new Response(new Uint8Array([0xc3]));
    expect((await settle(send(base(async () => split), (a) => a.text))).value).toBe('\ufffd');
    expect((await settle(send(base(async () => new Response(null)), (a) => a.text))).value).toBe('');
  });

  it('decodes a one-chunk body with the shared decoder; a TextDecoder per call only from a second chunk', async () => {
    let made = 0;
    const Real = globalThis.TextDecoder;
    vi.stubGlobal(
      'TextDecoder',
      class extends Real {
        constructor(...args: ConstructorParameters<typeof TextDecoder>) {
          super(...args);
          made++;
        }
      },
    );
    try {
      expect((await settle(send(base(async () => chunks(6)), (a) => a.text))).value).toBe('ééé');
      expect((await settle(send(base(async () => new Response(new ReadableStream({ start: (c) => c.close() }))), (a) => a.text))).value).toBe('');
      expect(made).toBe(0);
      expect((await settle(send(base(async () => chunks(3, 3)), (a) => a.text))).value).toBe('ééé');
      expect(made).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('stops reading and cancels past the limit, MAX_ANSWER_BYTES by default', async () => {
    expect(MAX_ANSWER_BYTES).toBe(1024 * 1024);
    let pulled = 0;
    let cancelled = false;
    const endless = new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(64 * 1024));
        },
        cancel() {
          cancelled = true;
        },
      }),
    );
    const { value } = await settle(send(base(async () => endless), (a) => a.text));
    expect(value).toBeUndefined();
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(20);
    expect(pulled).toBeGreaterThanOrEqual(16);
  });

  it('maxBytes 0 cancels the body without reading it (no reader is taken)', async () => {
    const cancel = vi.fn(async () => {});
    const response = { status: 200, type: 'basic', headers: new Headers(), body: { cancel } } as unknown as Response;
    const { value } = await settle(send(base(async () => response, { maxBytes: 0 }), answer));
    expect(value).toMatchObject({ status: 200, text: '', redirect: false });
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('maxBytes 0 discards the body unread', async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new Response(
      new ReadableStream<Uint8Array>({
        pull() {
          pulled++;
          return new Promise(() => {}); // a body that never comes
        },
        cancel() {
          cancelled = true;
        },
      }),
    );
    const { value } = await settle(send(base(async () => body, { maxBytes: 0 }), answer));
    expect(value).toMatchObject({ status: 200, text: '', redirect: false });
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(1);
  });
});

describe('timeouts', () => {
  it('without a deadline, the timeout bounds the whole call: TimeoutError(scope deadline)', async () => {
    const fake = fakeFetch(hang);
    const start = Date.now();
    const { error } = await settle(send(base(fake.fetch, { trace: 'tt', timeout: 700 }), answer));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'deadline', timeout: 700, trace: 'tt' });
    expect(Date.now() - start).toBe(700);
    // The attempt's fetch is aborted with the same error.
    expect(fake.calls[0]!.signal?.reason).toBe(error);
  });

  it('an attempt shorter than the deadline times out with scope attempt; a deadline equal to it is the deadline', async () => {
    const attempt = await settle(send(base(fakeFetch(hang).fetch, { timeout: 700, deadline: 701 }), answer));
    expect(attempt.error).toMatchObject({ name: 'TimeoutError', scope: 'attempt', timeout: 700 });
    const equal = await settle(send(base(fakeFetch(hang).fetch, { timeout: 700, deadline: 700 }), answer));
    expect(equal.error).toMatchObject({ name: 'TimeoutError', scope: 'deadline', timeout: 700 });
  });

  it('the last attempt gets what is left of the deadline, and its timeout names the deadline', async () => {
    const fake = fakeFetch(hang);
    const start = Date.now();
    const { error } = await settle(
      send(base(fake.fetch, { timeout: 1000, deadline: 2500, retry: { limit: 5, baseDelay: 0, maxDelay: 0 }, retryFailure: () => true }), answer),
    );
    expect(error).toMatchObject({ name: 'TimeoutError', scope: 'deadline', timeout: 2500 });
    expect(since(start, fake.calls)).toEqual([0, 1000, 2000]);
    expect(Date.now() - start).toBe(2500);
  });

  it('an answer arriving after the timeout is ignored; nothing is left behind after an answer', async () => {
    let respond: (r: Response) => void = () => {};
    const late = fakeFetch(() => new Promise<Response>((resolve) => (respond = resolve)));
    const outcome = settle(send(base(late.fetch, { timeout: 50 }), answer));
    await untilCalled(late.calls);
    const { error } = await outcome;
    respond(status(200));
    await tick();
    expect(error).toBeInstanceOf(TimeoutError);
    await settle(send(base(fakeFetch(status(200)).fetch), answer));
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('retries', () => {
  const policy = { limit: 3, baseDelay: 100, maxDelay: 1000 };

  it('none by default: no retry policy, or no retryStatus / retryFailure, means one attempt', async () => {
    for (const more of [{ retryStatus: () => true, retryFailure: () => true }, { retry: policy }]) {
      const answers = fakeFetch(status(503), status(200));
      expect((await settle(send(base(answers.fetch, more), okOnly))).error).toMatchObject({ message: 'HTTP 503' });
      expect(answers.calls).toHaveLength(1);
      const failures = fakeFetch(new TypeError('down'), status(200));
      expect((await settle(send(base(failures.fetch, more), okOnly))).error).toBeInstanceOf(NetworkError);
      expect(failures.calls).toHaveLength(1);
    }
  });

  it('retries what the policy allows, with the backoff, up to the limit', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const fake = fakeFetch(status(503));
    const start = Date.now();
    const statuses: number[] = [];
    const { error } = await settle(
      send(base(fake.fetch, { timeout: 100, deadline: 10_000, retry: policy, retryStatus: (s) => statuses.push(s) > 0 }), okOnly),
    );
    expect(error).toMatchObject({ message: 'HTTP 503' });
    expect(statuses).toEqual([503, 503, 503, 503]);
    expect(since(start, fake.calls)).toEqual([0, 50, 150, 350]);
  });

  it('passes the failure to retryFailure, and retries it', async () => {
    const seen: unknown[] = [];
    const fake = fakeFetch(new TypeError('down'), status(200));
    const { value } = await settle(send(base(fake.fetch, { retry: policy, deadline: 5000, retryFailure: (e) => seen.push(e) > 0 }), okOnly));
    expect(value).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(NetworkError);
  });

  it('an attempt timeout may be retried; a deadline timeout never is', async () => {
    const fake = fakeFetch(hang, status(200));
    const { value } = await settle(send(base(fake.fetch, { timeout: 100, deadline: 5000, retry: policy, retryFailure: () => true }), okOnly));
    expect(value).toBe(200);
    const asked = vi.fn(() => true);
    const once = fakeFetch(hang, status(200));
    const { error } = await settle(send(base(once.fetch, { timeout: 100, retry: policy, retryFailure: asked }), okOnly));
    expect(error).toMatchObject({ scope: 'deadline' });
    expect(asked).not.toHaveBeenCalled();
    expect(once.calls).toHaveLength(1);
  });

  it('Retry-After replaces the backoff; a wait that reaches the deadline ends the call at once', async () => {
    const fake = fakeFetch(status(503, { 'retry-after': '2' }), status(200));
    const start = Date.now();
    expect((await settle(send(base(fake.fetch, { deadline: 2001, retry: policy, retryStatus: () => true }), okOnly))).value).toBe(200);
    expect(since(start, fake.calls)).toEqual([0, 2000]);
    const edge = fakeFetch(status(503, { 'retry-after': '2' }), status(200));
    const edgeStart = Date.now();
    const { error } = await settle(send(base(edge.fetch, { deadline: 2000, retry: policy, retryStatus: () => true }), okOnly));
    expect(error).toMatchObject({ message: 'HTTP 503' });
    expect(edge.calls).toHaveLength(1);
    expect(Date.now() - edgeStart).toBe(0);
  });

  it('checks every header value before sending: a TypeError naming the header, not its value', async () => {
    const fake = fakeFetch(status(200));
    const { error } = await settle(send(base(fake.fetch, { headers: { ok: 'fine', 'api-key': 'SECRET\n' } }), answer));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('passto: the `api-key` header value is not printable ASCII');
    expect(fake.calls).toHaveLength(0);
  });
});

describe('what is never retried', () => {
  it('a failure that is not a transport failure (no fetch) is thrown at once, without asking retryFailure', async () => {
    vi.stubGlobal('fetch', undefined);
    const asked = vi.fn(() => true);
    const { error } = await settle(send(base(undefined, { retry: policyOf(3), retryFailure: asked, deadline: 9000 }), answer));
    vi.unstubAllGlobals();
    expect(error).toBeInstanceOf(TypeError);
    expect(asked).not.toHaveBeenCalled();
  });

  it("the caller's abort is not a failure to retry, whatever the policy says", async () => {
    const fake = fakeFetch(hang);
    const controller = new AbortController();
    const asked = vi.fn(() => true);
    const outcome = settle(send(base(fake.fetch, { signal: controller.signal, retry: policyOf(3), retryFailure: asked, deadline: 9000 }), answer));
    await untilCalled(fake.calls);
    controller.abort(new NetworkError({ cause: new Error('a NetworkError as the reason') }));
    expect((await outcome).error).toBeInstanceOf(NetworkError);
    expect(asked).not.toHaveBeenCalled();
    expect(fake.calls).toHaveLength(1);
  });
});

describe('an attempt settles once', () => {
  it('a fetch that rejects when aborted by the timer: the timeout stands, listeners removed once', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const aborting: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(new TypeError('aborted'))));
    const { error } = await settle(send(base(aborting, { signal: controller.signal, timeout: 50 }), answer));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('an answer after the timeout changes nothing: listeners removed once', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    let respond: (r: Response) => void = () => {};
    const late = fakeFetch(() => new Promise<Response>((resolve) => (respond = resolve)));
    const outcome = settle(send(base(late.fetch, { signal: controller.signal, timeout: 50 }), answer));
    await untilCalled(late.calls);
    expect((await outcome).error).toBeInstanceOf(TimeoutError);
    respond(status(200));
    for (let i = 0; i < 5; i++) await tick();
    expect(remove).toHaveBeenCalledTimes(1);
  });
});

describe("the caller's signal", () => {
  it('aborted while the answer is read: the wait before a retry does not start, the call rejects at once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.9);
    const controller = new AbortController();
    const fake = fakeFetch(status(503), status(200));
    const start = Date.now();
    const reason = new Error('left while reading');
    const { error } = await settle(
      send(base(fake.fetch, { signal: controller.signal, retry: policyOf(3), retryStatus: () => true, deadline: 9000 }), () => {
        controller.abort(reason);
        throw new Error('HTTP 503');
      }),
    );
    expect(error).toBe(reason);
    expect(Date.now() - start).toBe(0);
    expect(fake.calls).toHaveLength(1);
  });

  it('aborted before: rejects with its reason, or an AbortError, sending nothing', async () => {
    const fake = fakeFetch(status(200));
    const reason = new Error('gone');
    expect((await settle(send(base(fake.fetch, { signal: AbortSignal.abort(reason) }), answer))).error).toBe(reason);
    const bare = { aborted: true, reason: undefined } as unknown as AbortSignal;
    const { error } = await settle(send(base(fake.fetch, { signal: bare }), answer));
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError', message: 'This operation was aborted' });
    expect(fake.calls).toHaveLength(0);
  });

  it('aborted during an attempt: rejects at once with the reason, aborts the fetch, never retried; listeners removed', async () => {
    const fake = fakeFetch(hang);
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const outcome = settle(send(base(fake.fetch, { signal: controller.signal, retry: policyOf(3), retryFailure: () => true, deadline: 9000 }), answer));
    await untilCalled(fake.calls);
    const reason = new Error('stop');
    controller.abort(reason);
    expect((await outcome).error).toBe(reason);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.signal?.aborted).toBe(true);
    expect(remove).toHaveBeenCalled();
  });

  it('after an answer, the attempt no longer listens; an abort during the wait stops the retries', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    await settle(send(base(fakeFetch(status(200)).fetch, { signal: controller.signal }), answer));
    expect(remove).toHaveBeenCalledTimes(1);

    vi.spyOn(Math, 'random').mockReturnValue(0.9);
    const fake = fakeFetch(status(503));
    const waiting = new AbortController();
    const removeWait = vi.spyOn(waiting.signal, 'removeEventListener');
    const promise = send(base(fake.fetch, { signal: waiting.signal, retry: policyOf(3), retryStatus: () => true, deadline: 9000 }), okOnly).catch((e: unknown) => e);
    await untilCalled(fake.calls);
    await vi.advanceTimersByTimeAsync(10);
    waiting.abort();
    expect(await promise).toMatchObject({ name: 'AbortError' });
    await vi.runAllTimersAsync();
    expect(fake.calls).toHaveLength(1);
    expect(removeWait).toHaveBeenCalledTimes(1);
  });

  it('a wait that ends normally stops listening to the signal', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const fake = fakeFetch(status(503), status(200));
    await settle(send(base(fake.fetch, { signal: controller.signal, retry: policyOf(1), retryStatus: () => true, deadline: 9000 }), okOnly));
    // One per attempt, one for the wait.
    expect(remove).toHaveBeenCalledTimes(3);
    for (const call of remove.mock.calls) expect(call[0]).toBe('abort');
    controller.abort();
  });
});

function policyOf(limit: number) {
  return { limit, baseDelay: 100, maxDelay: 100 };
}
