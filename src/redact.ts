/** Removing the client's secrets from text that came from elsewhere (an answer, a runtime error). */

/**
 * Removes each secret (api key, signature key, `customer_token`) as sent and as JSON-escaped,
 * and any bearer token (`open_token` is `"Bearer <JWT>"`): a misbehaving server may echo the
 * request, and a runtime's error may quote what it was given.
 *
 * @example
 * ```ts
 * redact('bad key ak_1 in {"customer_token":"ct_9"}', ['ak_1', 'ct_9']);
 * // 'bad key [redacted] in {"customer_token":"[redacted]"}'
 * ```
 */
export function redact(text: string, secrets: readonly unknown[]): string {
  for (const secret of secrets) {
    if (typeof secret !== 'string' || !secret) continue;
    for (const form of [secret, JSON.stringify(secret).slice(1, -1)]) text = text.split(form).join('[redacted]');
  }
  return text.replace(/Bearer\s+[\w.~+/=-]+/gi, 'Bearer [redacted]');
}
