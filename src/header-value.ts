/**
 * What the client accepts as a header value (`api-key`, `lang`, `trace`): visible ASCII without
 * surrounding spaces, which every runtime sends unchanged. A runtime refusing a value quotes it in
 * its error (undici: `"..." is an invalid header value`), and that value may be the api key, so
 * values are checked here first, by a message that names the option and never shows the value.
 */
export const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** True for a string HEADER_VALUE accepts. */
export const isHeaderValue = (value: unknown): value is string => typeof value === 'string' && HEADER_VALUE.test(value);

/** What a bad header value must be instead, for error messages (never the value itself). */
export const HEADER_MESSAGE = 'printable ASCII, not empty, without surrounding spaces';
