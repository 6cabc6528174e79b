/** Where identify/auth's `url` sends the user: the sandbox cashier, on the gateway's public origin. */
import { SANDBOX } from './defaults.ts';

/**
 * The cashier URL for a code.
 *
 * @example
 * ```ts
 * cashierUrl('https://gw.example.com', identCode); // 'https://gw.example.com/sandbox/oauth?ident_code=...'
 * ```
 */
export function cashierUrl(publicOrigin: string, identCode: string): string {
  return `${publicOrigin}${SANDBOX.oauthPath}?ident_code=${encodeURIComponent(identCode)}`;
}
