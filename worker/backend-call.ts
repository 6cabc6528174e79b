/**
 * One signed POST from the gateway to the platform backend (`FORWARD_URL`, `CREDIT_LIMIT_URL`),
 * made by the SDK's transport: one attempt (forwarding retries across cron runs, not within one
 * call), one timeout that keeps an answer already in, no redirects, a bounded body read.
 *
 * Why no redirects: `fetch` follows them by default. A 301/302/303 turns the signed POST into a
 * bodiless GET whose 200 (a login or landing page) would count as an acknowledgement, and a
 * 307/308 re-posts the signed payload, customer token included, to whatever origin `Location`
 * names (WHATWG Fetch, "HTTP-redirect fetch"; RFC 9110 §15.4). With `redirect: 'manual'` the 3xx
 * itself is the answer, and the caller treats it as a failure that names where it pointed.
 */
import { createSigner, NetworkError, type Signer, TimeoutError } from 'passto';
import { MAX_ANSWER_BYTES, send } from 'passto/internal';

// One signer per key: createSigner hashes the key once (RFC 2104's inner and outer states), so a
// call only hashes its path and body. The gateway has one or two backend keys, so the map stays tiny.
const signers = new Map<string, Signer>();

/**
 * The `signature` header of a call to the backend: base64 HMAC-SHA1 of the URL's path + the body,
 * PassTo's own scheme, so the backend checks it with `verify`. `url` is a checked configuration
 * value (env.ts refuses one that is not an http(s) URL).
 *
 * @example
 * ```ts
 * const signature = signBackendCall(config.forward.signatureKey, 'https://platform.example/passto/events', payload);
 * ```
 */
export function signBackendCall(key: string, url: string, body: string): string {
  let signer = signers.get(key);
  if (!signer) {
    signer = createSigner(key);
    signers.set(key, signer);
  }
  return signer(new URL(url).pathname, body);
}

/** How one call ended. */
export type BackendAnswer =
  /** A final (non-3xx) answer; `body` is '' unless asked for. */
  | { kind: 'answered'; status: number; ok: boolean; body: string }
  /** A 3xx, not followed; `location` resolved against the URL called (null when absent or hidden). */
  | { kind: 'redirect'; status: number; location: string | null }
  /** A body longer than `limit` bytes, not read further (a broken or hostile backend could stream without end). */
  | { kind: 'too-large'; status: number; limit: number }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; message: string };

/**
 * POSTs `body` with `headers` to `url` and answers how it ended. `readBody` reads the answer's
 * body (within the timeout, at most MAX_ANSWER_BYTES); otherwise it is discarded unread.
 *
 * @example
 * ```ts
 * const answer = await callBackend(fetch, 'https://platform.example/events', { headers, body }, { timeoutMs: 10_000, readBody: false });
 * if (answer.kind === 'redirect') console.log(describeRedirect(answer)); // HTTP 302 redirect to https://… (not followed)
 * ```
 */
export async function callBackend(
  fetch: typeof globalThis.fetch,
  url: string,
  request: { headers: Record<string, string>; body: string },
  options: { timeoutMs: number; readBody: boolean },
): Promise<BackendAnswer> {
  try {
    return await send(
      {
        url,
        headers: request.headers,
        body: request.body,
        fetch,
        timeout: options.timeoutMs,
        maxBytes: options.readBody ? MAX_ANSWER_BYTES : 0,
        // The runtime's own words: the gateway sends no secret a fetch error could quote.
        redact: (text) => text,
      },
      ({ status, headers, redirect, text }): BackendAnswer => {
        if (redirect) return { kind: 'redirect', status, location: locationOf(headers, url) };
        if (text === undefined) return { kind: 'too-large', status, limit: MAX_ANSWER_BYTES };
        return { kind: 'answered', status, ok: status >= 200 && status < 300, body: text };
      },
    );
  } catch (error) {
    if (error instanceof TimeoutError) return { kind: 'timeout' };
    // NetworkError's message names the cause chain after a "Network failure: " its callers' own prefix replaces.
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'unreachable', message: error instanceof NetworkError ? message.replace(/^Network failure: /, '') : message };
  }
}

/**
 * `HTTP 302 redirect to https://other.example/x (not followed)`: what a refused redirect is
 * recorded or reported as.
 *
 * @example
 * ```ts
 * describeRedirect({ status: 307, location: 'https://other.example/x' }); // 'HTTP 307 redirect to https://other.example/x (not followed)'
 * ```
 */
export function describeRedirect(answer: { status: number; location: string | null }): string {
  const status = answer.status === 0 ? 'HTTP redirect' : `HTTP ${answer.status} redirect`;
  return `${status} to ${answer.location ?? '(no Location)'} (not followed)`;
}

/** The longest `Location` kept in a message: enough to recognise it, short enough for a log line. */
const MAX_LOCATION = 300;

function locationOf(headers: Headers, url: string): string | null {
  const location = headers.get('location');
  if (location === null) return null;
  let resolved = location;
  try {
    resolved = new URL(location, url).href;
  } catch {}
  return resolved.length > MAX_LOCATION ? `${resolved.slice(0, MAX_LOCATION)}…` : resolved;
}
