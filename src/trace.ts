/** Trace ids for outbound requests, when the caller gives none (platform spec: `trace` is required). */

/**
 * A random id: `crypto.randomUUID()` where it exists; elsewhere (it needs a secure context in
 * browsers) 32 hex characters from `crypto.getRandomValues`, which every runtime has.
 */
export function newTrace(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b: number) => (b + 256).toString(16).slice(1)).join('');
}
