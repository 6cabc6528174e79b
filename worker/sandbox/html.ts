/** Small helpers for the cashier's HTML: escaping every value, and masking secrets. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<b title="x">'); // '&lt;b title=&quot;x&quot;&gt;'
 * ```
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/**
 * A secret shown without revealing it: its first 4 characters and an ellipsis (nothing of a
 * secret shorter than 12 characters, where 4 would be a third of it).
 *
 * @example
 * ```ts
 * mask('tok_1234567890abcdef'); // 'tok_…'
 * ```
 */
export function mask(secret: string | null | undefined): string {
  if (!secret) return '';
  return secret.length >= 12 ? `${secret.slice(0, 4)}…` : '…';
}
