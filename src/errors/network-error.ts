import { PasstoError } from './passto-error.ts';

/**
 * The request could not be sent, or the connection broke before a full answer arrived.
 *
 * The message names the cause chain (undici: `fetch failed: connect ECONNREFUSED 127.0.0.1:443`).
 * A runtime's message may quote what it was given (undici quotes a refused header value), so
 * messages appear only through `redact`, which the client passes to remove its keys and tokens;
 * without it, only each cause's `code` or name. A cause whose message held a secret is not kept.
 */
export class NetworkError extends PasstoError {
  override name = 'NetworkError';

  constructor(init: { cause: unknown; trace?: string | undefined; redact?: ((text: string) => string) | undefined }) {
    const { redact, trace } = init;
    const parts: string[] = [];
    let cause = init.cause;
    let e = cause;
    for (let depth = 0; e != null && depth < 8; depth++) {
      const { message, code, name } = e as { message?: unknown; code?: unknown; name?: unknown };
      const raw = typeof e === 'object' ? String(message ?? '') : String(e);
      const text = redact ? redact(raw) : '';
      if (text !== raw && redact) cause = undefined;
      const label = typeof code === 'string' ? code : typeof name === 'string' && !text ? name : '';
      parts.push(text && label && !text.includes(label) ? `${text} (${label})` : text || label);
      e = (e as { cause?: unknown }).cause;
    }
    super(`Network failure: ${parts.filter(Boolean).join(': ') || 'unknown cause'}`, { trace, cause });
  }
}
