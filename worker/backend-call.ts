/**
 * One signed POST from the gateway to the platform backend (`FORWARD_URL`, `CREDIT_LIMIT_URL`):
 * never follows a redirect, and is bounded by `withDeadline`.
 *
 * Why no redirects: `fetch` follows them by default. A 301/302/303 turns the signed POST into a
 * bodiless GET whose 200 (a login or landing page) would count as an acknowledgement, and a
 * 307/308 re-posts the signed payload, customer token included, to whatever origin `Location`
 * names (WHATWG Fetch, "HTTP-redirect fetch"; RFC 9110 §15.4). With `redirect: 'manual'` the 3xx
 * itself is the answer, and the caller treats it as a failure that names where it pointed.
 */
import { withDeadline } from './deadline.ts';

/** How one call ended. */
export type BackendAnswer =
  /** A final (non-3xx) answer; `body` is '' unless asked for. */
  | { kind: 'answered'; status: number; ok: boolean; body: string }
  /** A 3xx, not followed; `location` resolved against the URL called (null when absent or hidden). */
  | { kind: 'redirect'; status: number; location: string | null }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; message: string };

/**
 * POSTs `body` with `headers` to `url` and answers how it ended. `readBody` reads the answer's
 * body (within the deadline); otherwise it is discarded unread.
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
    const result = await withDeadline(options.timeoutMs, async (signal) => {
      const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal });
      if (isRedirect(response)) {
        await response.body?.cancel();
        return { kind: 'redirect', status: response.status, location: locationOf(response, url) } as const;
      }
      const body = options.readBody ? await response.text() : '';
      if (!options.readBody) await response.body?.cancel();
      return { kind: 'answered', status: response.status, ok: response.ok, body } as const;
    });
    return result.timedOut ? { kind: 'timeout' } : result.value;
  } catch (error) {
    return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
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

/**
 * A 3xx, or the `opaqueredirect` answer that a browser-like fetch gives for `redirect: 'manual'`
 * (status 0, headers hidden). workerd, undici, Deno and Bun give the real 3xx.
 */
function isRedirect(response: Response): boolean {
  return (response.type as string) === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/** The longest `Location` kept in a message: enough to recognise it, short enough for a log line. */
const MAX_LOCATION = 300;

function locationOf(response: Response, url: string): string | null {
  const location = response.headers.get('location');
  if (location === null) return null;
  let resolved = location;
  try {
    resolved = new URL(location, url).href;
  } catch {}
  return resolved.length > MAX_LOCATION ? `${resolved.slice(0, MAX_LOCATION)}…` : resolved;
}
