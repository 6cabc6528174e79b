/** Trace ids for outbound requests, when the caller gives none (platform spec: `trace` is required). */

/**
 * A random id: `crypto.randomUUID()` where it exists; elsewhere (it needs a secure context in
 * browsers) 32 hex characters from `crypto.getRandomValues`, which every runtime has.
 */
export function newTrace(): string {
  const c = globalThis.crypto;
  return c.randomUUID ? c.randomUUID() : Array.from(c.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');
}
