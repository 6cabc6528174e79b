/**
 * The one transport for outbound calls (the client, the gateway's calls to its backend, the
 * sandbox's deliveries, the CLI): one request of fixed bytes, a timer per attempt (deadline.ts),
 * an overall deadline, the caller's AbortSignal, retries with backoff or `Retry-After` as the
 * caller's policy allows, no redirects, and a bounded body read.
 * Only AbortController and timers are used (AbortSignal.any is missing on some runtimes).
 */
import { backoffDelay, type Backoff } from './backoff.ts';
import { deadlineTimer } from './deadline.ts';
import { NetworkError } from './errors/network-error.ts';
import { TimeoutError } from './errors/timeout-error.ts';
import { isHeaderValue } from './header-value.ts';
import { ONE_CALL_READ } from './one-call-read.ts';
import { parseRetryAfter } from './retry.ts';
import { utf8 } from './utf8.ts';

/** The most of an answer read by default: 1 MiB, far above any documented PassTo answer. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** One answer, read as far as the exchange allows. */
export interface Answer {
  /** The HTTP status (0 for an `opaqueredirect`). */
  status: number;
  headers: Headers;
  /**
   * A redirect, which is never followed (WHATWG Fetch, "HTTP-redirect fetch"; RFC 9110 §15.4): a
   * 301/302/303 would turn the POST into a bodiless GET whose 200 looks like success, a 307/308
   * would re-post the body and its secret headers to whatever origin `Location` names. Its body
   * is not read (`text` is '').
   */
  redirect: boolean;
  /**
   * The body as UTF-8 text; `undefined` when it was larger than `maxBytes` (not read further);
   * '' when not read (a redirect, or `maxBytes` 0).
   */
  text: string | undefined;
}

/** One outbound call: the same URL, method, headers and body on every attempt. */
export interface Exchange {
  url: string;
  /** Default 'POST'. */
  method?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer> | undefined;
  /** The `trace` carried by the errors. */
  trace?: string;
  /** Default the runtime's `globalThis.fetch`, looked up at each attempt. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Retries after the first attempt, and their backoff; default none. */
  retry?: { limit: number } & Backoff;
  /** Milliseconds one attempt may take. */
  timeout: number;
  /** Milliseconds the whole call may take, retries and waits included; default `timeout`. */
  deadline?: number;
  signal?: AbortSignal | undefined;
  /** Whether an answer with this status may be sent again; default never. */
  retryStatus?: (status: number) => boolean;
  /** Whether a failure without an answer (NetworkError, attempt TimeoutError) may be sent again; default never. */
  retryFailure?: (error: NetworkError | TimeoutError) => boolean;
  /** Removes the exchange's secrets from a runtime's error message (without it, only codes and names are kept). */
  redact?: (text: string) => string;
  /** A secret too short to search for was sent: runtime error messages are dropped, not redacted. */
  withholds?: boolean;
  /** The most of a body read; default MAX_ANSWER_BYTES; 0 discards the body unread. */
  maxBytes?: number;
}

/**
 * Runs the exchange: `read` turns an answer into a result or throws the error it means. A failure
 * is retried when the exchange's policy allows it, retries remain, and the wait (backoff, or the
 * answer's Retry-After) ends before the deadline; otherwise the last failure is thrown as is:
 * `read`'s error, a NetworkError, or a TimeoutError (scope `attempt`, or `deadline` when the
 * deadline ran out during an attempt). The caller's signal rejects at once with its reason,
 * never retried.
 *
 * @example
 * ```ts
 * const status = await send({ url, headers: {}, body: '{}', fetch, timeout: 10_000 }, (answer) => answer.status);
 * ```
 */
export async function send<T>(x: Exchange, read: (answer: Answer) => T): Promise<T> {
  // Checked before fetch sees them: a value a runtime refuses is a bug of the call, not a network
  // failure to retry, and the runtime's message would quote the value (it may be the api key).
  for (const name in x.headers) {
    if (!isHeaderValue(x.headers[name])) throw new TypeError(`passto: the \`${name}\` header value is not printable ASCII`);
  }
  const deadline = x.deadline ?? x.timeout;
  const deadlineAt = Date.now() + deadline;
  for (let retry = 1; ; retry++) {
    let failure: unknown;
    let retryable: boolean | undefined;
    let wait: number | undefined;
    try {
      const answer = await attempt(x, deadline, deadlineAt);
      try {
        return read(answer);
      } catch (error) {
        failure = error;
        retryable = x.retryStatus?.(answer.status);
        wait = parseRetryAfter(answer.headers.get('retry-after'));
      }
    } catch (error) {
      if (x.signal?.aborted || !(error instanceof NetworkError || error instanceof TimeoutError)) throw error;
      failure = error;
      retryable = !(error instanceof TimeoutError && error.scope === 'deadline') && x.retryFailure?.(error);
    }
    if (!retryable || !x.retry || retry > x.retry.limit) throw failure;
    wait ??= backoffDelay(retry, x.retry);
    // Waiting into the deadline would only end in a timeout: the last failure says more.
    if (Date.now() + wait >= deadlineAt) throw failure;
    await sleep(wait, x.signal);
  }
}

function attempt(x: Exchange, deadline: number, deadlineAt: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { signal, trace } = x;
    const fetcher = x.fetch ?? globalThis.fetch;
    if (typeof fetcher !== 'function') {
      throw new TypeError('This runtime has no fetch: pass the `fetch` option to createClient');
    }
    if (signal?.aborted) throw abortReason(signal);
    const left = deadlineAt - Date.now();
    const scope = left <= x.timeout ? 'deadline' : 'attempt';
    const controller = new AbortController();
    let done = false;
    const settle = () => {
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      if (done) return;
      settle();
      controller.abort(error);
      reject(error);
    };
    const onAbort = () => fail(abortReason(signal!));
    // The timer rejects even when a fetch ignores its signal; an answer in by then is kept.
    const timer = deadlineTimer(Math.min(left, x.timeout), () =>
      fail(new TimeoutError({ timeout: scope === 'deadline' ? deadline : x.timeout, scope, trace })),
    );
    signal?.addEventListener('abort', onAbort);
    const init = { method: x.method ?? 'POST', headers: x.headers, body: x.body, signal: controller.signal, redirect: 'manual' } as const;
    exchange(fetcher, x, init).then(
      (answer) => {
        if (done) return;
        settle();
        resolve(answer);
      },
      (cause) => fail(new NetworkError({ cause, trace, redact: x.redact, withheld: x.withholds === true })),
    );
  });
}

/** One fetch and its read; a throw (even a synchronous one from `fetcher`) rejects. */
async function exchange(fetcher: typeof globalThis.fetch, x: Exchange, init: RequestInit): Promise<Answer> {
  // Called detached: some runtimes refuse a fetch called as a method of another object.
  const response = await fetcher(x.url, init);
  const { status, headers } = response;
  // 'opaqueredirect' (status 0) is what a browser-like fetch answers for a manual redirect.
  const redirect = (status >= 300 && status < 400) || (response.type as string) === 'opaqueredirect';
  const max = x.maxBytes ?? MAX_ANSWER_BYTES;
  const unread = redirect || max === 0;
  if (unread) await response.body?.cancel();
  return { status, headers, redirect, text: unread ? '' : await readText(response, max) };
}

/** Decodes whole bodies only (never `stream: true`), so one instance serves every call. */
const utf8Decoder = new TextDecoder();

/**
 * The body as text (UTF-8, as `response.text()` decodes it), or `undefined` when it passes `max`
 * bytes: a broken or hostile server could stream without end. Where one call is the cheaper read
 * (one-call-read.ts), a body framed by a `Content-Length` of at most a third of `max` (RFC 9112
 * §6.3), not decoded from a `Content-Encoding` (the length is then the compressed one) and not
 * chunked, is read by `response.text()`: the runtime stops at that length, and the runtime decodes
 * (on Deno a Response made from a string keeps it, so nothing is encoded and decoded again: 2 to
 * 4 µs a call). A body true to such a length has at most `max / 3` UTF-16 units; a longer text
 * comes from a hand-made Response (an injected fetch) whose header understates its body, and is
 * measured by its UTF-8 length (exact for valid UTF-8; an invalid byte counts as the 3 of U+FFFD).
 * Any other body is read chunk by chunk and dropped as soon as it passes `max`. (inbound.ts's
 * `readBody` does the same for requests, but bundling it and its error class costs the client's
 * budget about 400 bytes; decoding while reading also keeps one copy of the body, not two.) A body
 * in one chunk, the common case, is decoded by the shared decoder: a TextDecoder per call costs a
 * few µs on Deno.
 */
async function readText(response: Response, max: number): Promise<string | undefined> {
  const { headers } = response;
  // A missing or malformed length is NaN, never within `max`.
  if (ONE_CALL_READ && Number(headers.get('content-length') ?? Number.NaN) * 3 <= max && !headers.has('content-encoding') && !headers.has('transfer-encoding')) {
    const text = await response.text();
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; a unit never takes more than 3 UTF-8 bytes, so the count gives the same answer.
    return text.length * 3 <= max || utf8(text).length <= max ? text : undefined;
  }
  const reader = response.body?.getReader();
  let first: Uint8Array | undefined; // the only chunk so far
  let decoder: TextDecoder | undefined; // from the second chunk on: a character may span chunks
  // Stryker disable next-line StringLiteral: equivalent, the second chunk's branch assigns it before any read.
  let text = '';
  for (let length = 0; reader; ) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > max) {
      reader.cancel().catch(() => {});
      return undefined;
    }
    if (decoder === undefined) {
      if (first === undefined) {
        first = value;
        continue;
      }
      decoder = new TextDecoder();
      text = decoder.decode(first, { stream: true });
    }
    text += decoder.decode(value, { stream: true });
  }
  // No chunk at all (or no body) decodes to ''.
  return decoder ? text + decoder.decode() : utf8Decoder.decode(first);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    // An abort event fires once: the listener needs no `once`.
    signal?.addEventListener('abort', onAbort);
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
