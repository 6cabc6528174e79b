/**
 * Turns a thrown error into its report: a stable `code`, one line of text, the error's fields and
 * the exit code. The core's typed errors are expected failures: a clear sentence, never a stack.
 * Their messages and fields carry no secret: the client redacted them, or withheld PassTo's text
 * when a secret was too short to search for (src/redact.ts).
 */
import { EXIT } from './exit-codes.ts';
import { Failure } from './failure.ts';
import { UsageError } from './usage-error.ts';

/** What `describeError` returns. */
export interface ErrorReport {
  /** Stable, snake_case: usage_error, api_error, validation_error, network_error, unreachable, ... */
  readonly code: string;
  /** One line, what the text mode prints after "error: ". */
  readonly message: string;
  /** The error's own fields (status, trace, PassTo's code and msg, issues...), when it has any. */
  readonly fields?: Record<string, unknown>;
  readonly exit: number;
  /** False for a bug: then the stack is worth showing (PASSTO_DEBUG). */
  readonly expected: boolean;
}

interface Fields {
  name: string;
  message: string;
  trace?: string;
  code?: number;
  msg?: string;
  status?: number;
  issues?: readonly { path: string; message: string }[];
  bodyExcerpt?: string;
  toJSON(): Record<string, unknown>;
}

/**
 * The report of `error`. Async because the SDK is loaded only when a command needs it: a usage
 * error is reported without loading it.
 *
 * @example
 * ```ts
 * (await describeError(new ApiError({ code: 1001, msg: 'bad sign', status: 200 }))).message;
 * // 'ApiError code 1001: bad sign (HTTP 200)'
 * ```
 */
export async function describeError(error: unknown): Promise<ErrorReport> {
  if (error instanceof UsageError) return { code: 'usage_error', message: error.message, exit: EXIT.usage, expected: true };
  if (error instanceof Failure) {
    const exit = error.code === 'unreachable' ? EXIT.unreachable : EXIT.failure;
    return { code: error.code, message: error.message, ...(error.fields === undefined ? {} : { fields: error.fields }), exit, expected: true };
  }
  // Undefined when the SDK itself cannot be loaded (a broken install): then that is the error.
  const isPasstoError = await import('passto').then((sdk) => sdk.isPasstoError, () => undefined);
  if (isPasstoError === undefined || !isPasstoError(error)) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { code: 'internal_error', message: `unexpected ${text}`, exit: EXIT.failure, expected: false };
  }
  const e = error as unknown as Fields;
  const { name: _name, message: _message, ...fields } = e.toJSON();
  const report = (message: string, exit: number = EXIT.failure): ErrorReport => ({ code: snakeCase(e.name), message, fields, exit, expected: true });
  const trace = e.trace === undefined ? '' : ` (trace ${e.trace})`;
  switch (e.name) {
    case 'ApiError':
      return report(`ApiError code ${e.code}: ${e.msg} (HTTP ${e.status})${trace}`);
    case 'ValidationError':
    case 'ResponseError': {
      const issues = (e.issues ?? []).map((i) => `${i.path || '(root)'}: ${i.message}`);
      const what = e.name === 'ValidationError' ? 'invalid fields' : e.message;
      const line = `${e.name}: ${issues.length > 0 ? `${what}: ${issues.join('; ')}` : e.message}${trace}`;
      // Invalid input is caught before anything is sent: the command line is what to fix.
      return report(line, e.name === 'ValidationError' ? EXIT.usage : EXIT.failure);
    }
    case 'HttpError': {
      // The message says why there is no excerpt (a body too large, or withheld: it could echo a short secret).
      const excerpt = e.bodyExcerpt ? `: ${JSON.stringify(e.bodyExcerpt)}` : '';
      return report(`HttpError ${e.message}${excerpt}${trace}`);
    }
    case 'NetworkError':
      return report(`${e.name}: ${e.message}${rootCause(error as Error)}${trace}`, EXIT.unreachable);
    case 'TimeoutError':
      return report(`${e.name}: ${e.message}${trace}`, EXIT.unreachable);
    default:
      return report(`${e.name}: ${e.message}${trace}`);
  }
}

/** The report as the one JSON object `--json` prints on stderr. */
export function errorJson(report: ErrorReport): string {
  return JSON.stringify({ code: report.code, message: report.message, ...(report.fields === undefined ? {} : { fields: report.fields }) });
}

/** ApiError -> api_error: the error's class name as a stable code. */
function snakeCase(name: string): string {
  return name.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toLowerCase();
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
