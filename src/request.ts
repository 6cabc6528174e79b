/**
 * The attempt loop shared by the outbound calls: one POST of fixed bytes, a timer per attempt,
 * an overall deadline, the caller's AbortSignal, and retries as the endpoint's policy allows.
 * Only AbortController and setTimeout are used (AbortSignal.any is missing on some runtimes).
 */
import { NetworkError } from './errors/network-error.ts';
import { isHeaderValue } from './header-value.ts';
import { TimeoutError } from './errors/timeout-error.ts';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from './retry.ts';

/** The most of an answer the client reads: 1 MiB, far above any documented PassTo answer. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** One answer, fully read. */
export interface Answer {
  status: number;
  retryAfter: string | null;
  /** The body as UTF-8 text; `undefined` when it was larger than MAX_ANSWER_BYTES (not read further). */
  text: string | undefined;
  /**
   * Set (to the `Location` header, or '') when the answer was a redirect, which is never followed:
   * a 307/308 would re-post the signed body and the `api-key` header to whatever origin it names.
   */
  location?: string | undefined;
}


/** One outbound call: the same URL, headers and body bytes on every attempt. */
export interface Exchange {
  url: string;
  headers: Record<string, string>;
  body: string;
  trace: string;
  fetch: typeof globalThis.fetch | undefined;
  retry: RetryPolicy;
  timeout: number;
  deadline: number;
  signal: AbortSignal | undefined;
  /** Whether an answer with this status may be sent again. */
  retryStatus: (status: number) => boolean;
  /** Whether a failure without an answer (NetworkError, attempt TimeoutError) may be sent again. */
  retryFailure: (error: NetworkError | TimeoutError) => boolean;
  /** Removes the exchange's secrets from a runtime's error message. */
  redact: (text: string) => string;
  /** A secret too short to search for was sent: runtime error messages are dropped, not redacted. */
  withholds?: boolean;
}

/**
 * Runs the exchange: `read` turns an answer into a result or throws the error it means. A failure
 * is retried when the exchange's policy allows it, retries remain, and the wait (backoff, or the
 * answer's Retry-After) ends before the deadline; otherwise the last failure is thrown as is.
 * The caller's signal rejects at once with its reason, never retried.
 */
export async function send<T>(x: Exchange, read: (answer: Answer) => T): Promise<T> {
  // Checked before fetch sees them: a value a runtime refuses is a bug of the call, not a network
  // failure to retry, and the runtime's message would quote the value (it may be the api key).
  for (const [name, value] of Object.entries(x.headers)) {
    if (!isHeaderValue(value)) throw new TypeError(`passto: the \`${name}\` header value is not printable ASCII`);
  }
  const deadlineAt = Date.now() + x.deadline;
  for (let retry = 1; ; retry++) {
    let failure: unknown;
    let retryable: boolean;
    let wait: number | undefined;
    try {
      const answer = await attempt(x, deadlineAt);
      try {
        return read(answer);
      } catch (error) {
        failure = error;
        retryable = x.retryStatus(answer.status);
        wait = parseRetryAfter(answer.retryAfter);
      }
    } catch (error) {
      if (x.signal?.aborted || !(error instanceof NetworkError || error instanceof TimeoutError)) throw error;
      failure = error;
      retryable = !(error instanceof TimeoutError && error.scope === 'deadline') && x.retryFailure(error);
    }
    if (!retryable || retry > x.retry.limit) throw failure;
    wait ??= backoffDelay(retry, x.retry);
    // Waiting into the deadline would only end in a timeout: the last failure says more.
    if (Date.now() + wait >= deadlineAt) throw failure;
    await sleep(wait, x.signal);
  }
}

function attempt(x: Exchange, deadlineAt: number): Promise<Answer> {
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
    // The timer rejects even when a fetch ignores its signal.
    const timer = setTimeout(
      () => fail(new TimeoutError({ timeout: scope === 'deadline' ? x.deadline : x.timeout, scope, trace })),
      Math.max(0, Math.min(left, x.timeout)),
    );
    signal?.addEventListener('abort', onAbort);
    // Called detached: some runtimes refuse a fetch called as a method of another object.
    Promise.resolve()
      .then(() => fetcher(x.url, { method: 'POST', headers: x.headers, body: x.body, signal: controller.signal, redirect: 'manual' }))
      .then(async (response): Promise<Answer> => {
        const retryAfter = response.headers.get('retry-after');
        // 'opaqueredirect' (status 0) is what a browser-like fetch answers for a manual redirect.
        if ((response.status >= 300 && response.status < 400) || (response.type as string) === 'opaqueredirect') {
          await response.body?.cancel();
          return { status: response.status, retryAfter, text: '', location: response.headers.get('location') ?? '' };
        }
        return { status: response.status, retryAfter, text: await readText(response) };
      })
      .then(
        (answer) => {
          if (done) return;
          settle();
          resolve(answer);
        },
        (cause) => fail(new NetworkError({ cause, trace, redact: x.redact, withheld: x.withholds === true })),
      );
  });
}

/**
 * The body as text (UTF-8, as `response.text()` decodes it), or `undefined` as soon as it passes
 * MAX_ANSWER_BYTES: a broken or hostile server could stream without end. (inbound.ts's `readBody`
 * does the same for requests, but bundling it and its error class costs the client's 7 KB budget
 * about 400 bytes; decoding while reading also keeps one copy of the body, not two.)
 */
async function readText(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let length = 0; reader; ) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > MAX_ANSWER_BYTES) {
      reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
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
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
