/**
 * Turns a thrown error into one line for stderr. The core's typed errors are expected failures:
 * they get a clear sentence, never a stack. Their messages and fields carry no secret: the client
 * redacted them, or withheld PassTo's text when a secret was too short to search for (src/redact.ts).
 */
import { isPasstoError } from 'passto';
import { Failure } from './failure.ts';

interface Fields {
  name: string;
  message: string;
  trace?: string;
  code?: number;
  msg?: string;
  status?: number;
  issues?: readonly { path: string; message: string }[];
  bodyExcerpt?: string;
}

/**
 * The one-line report of `error`, and whether it was expected (a typed error) or a bug.
 *
 * @example
 * ```ts
 * describeError(new ApiError({ code: 1001, msg: 'bad sign', status: 200 })).line;
 * // 'ApiError code 1001: bad sign (HTTP 200)'
 * ```
 */
export function describeError(error: unknown): { line: string; expected: boolean } {
  if (error instanceof Failure) return { line: error.message, expected: true };
  if (!isPasstoError(error)) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { line: `unexpected ${text}`, expected: false };
  }
  const e = error as unknown as Fields;
  const trace = e.trace === undefined ? '' : ` (trace ${e.trace})`;
  switch (e.name) {
    case 'ApiError':
      return { line: `ApiError code ${e.code}: ${e.msg} (HTTP ${e.status})${trace}`, expected: true };
    case 'ValidationError':
    case 'ResponseError': {
      const issues = (e.issues ?? []).map((i) => `${i.path || '(root)'}: ${i.message}`);
      const what = e.name === 'ValidationError' ? 'invalid fields' : e.message;
      return { line: `${e.name}: ${issues.length > 0 ? `${what}: ${issues.join('; ')}` : e.message}${trace}`, expected: true };
    }
    case 'HttpError': {
      // The message says why there is no excerpt (a body too large, or withheld: it could echo a short secret).
      const excerpt = e.bodyExcerpt ? `: ${JSON.stringify(e.bodyExcerpt)}` : '';
      return { line: `HttpError ${e.message}${excerpt}${trace}`, expected: true };
    }
    case 'NetworkError':
      return { line: `${e.name}: ${e.message}${rootCause(error)}${trace}`, expected: true };
    default:
      return { line: `${e.name}: ${e.message}${trace}`, expected: true };
  }
}

/**
 * The innermost cause of a network failure ("connect ECONNREFUSED 127.0.0.1:8787"): Node's fetch
 * only says "fetch failed" and keeps the reason a level or two down.
 */
function rootCause(error: Error): string {
  let inner: unknown = error.cause;
  let found: string | undefined;
  for (let depth = 0; inner instanceof Error && depth < 8; depth++) {
    if (inner.message !== '' && !/^fetch failed$/i.test(inner.message) && !error.message.includes(inner.message)) found = inner.message;
    inner = inner.cause;
  }
  return found === undefined ? '' : ` (${found})`;
}
