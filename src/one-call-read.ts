/**
 * Whether this runtime reads a body of known length more cheaply in one call (`arrayBuffer()`)
 * than through a stream reader. Deno, Bun and workerd hold such a body natively: one call copies it
 * out, where a reader builds a JavaScript stream first (1 to 2 µs more for a 600-byte body). Node's
 * fetch (undici) keeps every body in a JavaScript stream, and its `arrayBuffer()` reads that stream
 * with more steps than our reader (5 to 8 µs more). The answer is the same either way: only the cost
 * differs. Anything unnamed (a browser, a new runtime) keeps the reader.
 */

/**
 * True for a `navigator.userAgent` naming Deno, Bun or workerd (`Cloudflare-Workers`).
 *
 * @example
 * ```ts
 * readsInOneCall('Deno/2.9.6'); // true
 * readsInOneCall(undefined); // false: Node 20 has no navigator
 * ```
 */
export function readsInOneCall(userAgent: unknown): boolean {
  return typeof userAgent === 'string' && /^(?:Deno|Bun|Cloudflare-Workers)(?:\/|$)/.test(userAgent);
}

/** `readsInOneCall` for this runtime, decided once. */
// Stryker disable next-line OptionalChaining: Node 20 has no navigator (the optional read is needed); the mutation run's Node 22 has one.
export const ONE_CALL_READ: boolean = readsInOneCall((globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent);
