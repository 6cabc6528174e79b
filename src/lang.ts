/** The `lang` header's default (platform spec, "Outbound: identify/auth": `lang` defaults to `en-US`). */

/** The language PassTo assumes when no `lang` is given; PassTo's credit-limit call repeats the one given to identify/auth. */
export const DEFAULT_LANG = 'en-US';
