import { WITHHELD_REASON } from '../redact.ts';
import { PasstoError } from './passto-error.ts';

/**
 * The request could not be sent, or the connection broke before a full answer arrived.
 *
 * The message names the cause chain (undici: `fetch failed: connect ECONNREFUSED 127.0.0.1:443`).
 * A runtime's message may quote what it was given (undici quotes a refused header value), so
 * messages appear only through `redact`, which the client passes to remove its keys and tokens;
 * without it, only each cause's `code` or name. A cause whose message held a secret is not kept.
 * `withheld` (a secret too short to search for was sent): only codes and names, no cause, and a note why.
 */
export class NetworkError extends PasstoError {
  override name = 'NetworkError';

  constructor(init: {
    cause: unknown;
    trace?: string | undefined;
    redact?: ((text: string) => string) | undefined;
    withheld?: boolean | undefined;
  }) {
    const { trace, withheld } = init;
    const redact = withheld ? () => '' : init.redact;
    const parts: string[] = [];
    let cause = withheld ? undefined : init.cause;
    let e = init.cause;
    for (let depth = 0; e != null && depth < 8; depth++) {
      const { message, code, name } = e as { message?: unknown; code?: unknown; name?: unknown };
      const raw = typeof e === 'object' ? String(message ?? '') : String(e);
      const text = redact ? redact(raw) : '';
      if (text !== raw && redact) cause = undefined;
      const label = typeof code === 'string' ? code : typeof name === 'string' && !text ? name : '';
      parts.push(text && label && !text.includes(label) ? `${text} (${label})` : text || label);
      e = (e as { cause?: unknown }).cause;
    }
    const note = withheld ? ` (runtime messages withheld: ${WITHHELD_REASON})` : '';
    super(`Network failure: ${parts.filter(Boolean).join(': ') || 'unknown cause'}${note}`, { trace, cause });
  }
}
