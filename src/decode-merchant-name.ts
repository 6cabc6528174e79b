/**
 * `merchant_name` arrives percent-encoded UTF-8 (platform spec, "Inbound: webhook events").
 * Decoded as a form value: `+` is a space, as Java's `URLEncoder` writes it; a literal `+` is
 * always sent as `%2B` by both `URLEncoder` and `encodeURIComponent`, so nothing is lost.
 */

/**
 * Percent-decodes a `merchant_name`. Malformed encoding (`%E4%B8`, `%zz`) never throws: the raw
 * text is returned unchanged, so a bad name can not make a delivery fail.
 *
 * @example
 * ```ts
 * import { decodeMerchantName } from 'passto';
 * decodeMerchantName('%E5%95%86%E5%BA%97+A'); // '商店 A'
 * decodeMerchantName('100%');                  // '100%'
 * ```
 */
export function decodeMerchantName(name: string): string {
  // Without `%` or `+` there is nothing to decode: the name is its own decoding (most names are ASCII).
  // Stryker disable next-line ConditionalExpression: a shortcut; decoding such a name gives it back unchanged.
  if (!/[%+]/.test(name)) return name;
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}
