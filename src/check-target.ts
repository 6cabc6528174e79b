/**
 * What `checkWebhookReceiver` and `checkCreditLimitEndpoint` send their requests to: a URL, or a
 * fetch handler (`(request) => Response`, e.g. a Hono app's `fetch`) so a platform can check its
 * endpoint in its own test suite with no server. Every request goes through THE transport
 * (transport.ts): one timeout mechanism, no redirects followed, a bounded read.
 */
import * as v from 'valibot';
import { ValidationError } from './errors/validation-error.ts';
import { redactor } from './redact.ts';
import { toFieldIssues } from './schemas/issues.ts';
import { send } from './transport.ts';

/** A platform endpoint as a function: what `app.fetch` of Hono, itty or a Worker is. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** The endpoint to check: its http(s) URL, or a fetch handler. */
export type CheckTarget = string | FetchHandler;

/** The longest timeout accepted: a check that waits longer is not checking speed any more. */
export const MAX_CHECK_TIMEOUT_MS = 120_000;

/** The characters of an answer kept as evidence. */
const EXCERPT_LENGTH = 200;

/** Options every check takes. */
export interface CheckTargetOptions {
  /** The signature key PassTo signs with (the platform's key from the PassTo console). Never reported. */
  key: string;
  /**
   * The path PassTo signs: the target URL's path unless a proxy rewrites it. For a fetch handler,
   * also the path requests go to (default `/`).
   */
  path?: string;
  /** The `fetch` used for a URL target (default the runtime's). */
  fetch?: typeof globalThis.fetch;
}

/** The valibot entries of `CheckTargetOptions`, spread into each check's own options schema. */
export const CHECK_TARGET_ENTRIES = {
  key: v.pipe(v.string('a string'), v.minLength(1, 'not empty')),
  path: v.optional(v.pipe(v.string('a string'), v.startsWith('/', 'a path starting with /'))),
  fetch: v.optional(v.function('a function')),
};

/** A timeout option: whole milliseconds, 1 to `MAX_CHECK_TIMEOUT_MS`. */
export const TimeoutSchema = v.pipe(
  v.number('a number of milliseconds'),
  v.integer('an integer'),
  v.minValue(1, 'at least 1'),
  v.maxValue(MAX_CHECK_TIMEOUT_MS, `at most ${MAX_CHECK_TIMEOUT_MS}`),
);

/** What one request got back. */
export interface Probe {
  status: number | null;
  ms: number;
  /** The whole answer text ('' when none came). */
  text: string;
  bodyExcerpt: string;
  error?: 'timeout' | 'network';
}

/** An opened target: where requests go, the path signed, and the one way to send. */
export interface OpenTarget {
  /** The URL requests carry. */
  url: string;
  /** The path PassTo signs. */
  path: string;
  /** What the report names: the URL, or `fetch handler`. */
  label: string;
  /** Sends `request` once within `timeout` ms; never throws for a failed exchange. */
  probe(request: Request, timeout: number): Promise<Probe>;
}

/**
 * Parses a check's options with `schema` and its target, throwing one `ValidationError` naming
 * every bad field (no value echoed: the key is one of them).
 */
export function parseCheckOptions<S extends v.GenericSchema>(target: unknown, options: unknown, schema: S, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, options);
  const issues = parsed.success ? [] : toFieldIssues(parsed.issues);
  if (typeof target !== 'function' && !isHttpUrl(target)) issues.unshift({ path: 'target', message: 'an http(s) URL or a fetch handler' });
  if (issues.length > 0 || !parsed.success) throw new ValidationError(issues, { what });
  return parsed.output;
}

/** True for a string that is an absolute http(s) URL. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Opens `target`: a URL is sent to with `options.fetch`, a handler is called in-process with a
 * `Request` for `http://localhost` + the path. `secrets` (and the key) never appear in an excerpt.
 */
export function openTarget(target: CheckTarget, options: CheckTargetOptions, secrets: readonly string[] = []): OpenTarget {
  const handler = typeof target === 'function' ? target : undefined;
  const url = handler ? new URL(options.path ?? '/', 'http://localhost').href : target as string;
  const path = options.path ?? new URL(url).pathname;
  const fetcher: typeof globalThis.fetch | undefined = handler
    ? async (input, init) => handler(new Request(input, init))
    : options.fetch;
  const all = [options.key, ...secrets];
  const { redact, withholds } = redactor(all);
  // A secret too short to search for (a test key like "k") is not masked: an answer holding it is dropped.
  const safe = (text: string) => (withholds && all.some((secret) => text.includes(secret)) ? '(withheld: it could echo the key)' : excerpt(redact(text)));
  return {
    url,
    path,
    label: handler ? 'fetch handler' : url,
    async probe(request, timeout) {
      const body = await request.text();
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        const answer = await send(
          { url: request.url, headers: Object.fromEntries(request.headers), body, fetch: fetcher, timeout, redact },
          (a) => a,
        );
        const text = answer.text ?? '';
        return { status: answer.status, ms: elapsed(), text, bodyExcerpt: safe(text) };
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        return { status: null, ms: elapsed(), text: '', bodyExcerpt: '', error: timedOut ? 'timeout' : 'network' };
      }
    },
  };
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}
