/** UTF-8 encoding of string inputs; byte inputs pass through untouched. */

const encoder = /* @__PURE__ */ new TextEncoder();

/** A string or raw bytes: strings are taken as their UTF-8 encoding. */
export type Input = string | Uint8Array;

/** Returns the UTF-8 bytes of `input`, or `input` itself when it already is bytes. */
export function utf8(input: Input): Uint8Array {
  return typeof input === 'string' ? encoder.encode(input) : input;
}

/**
 * Writes `input` into `target` at `offset` and returns the number of bytes written.
 * `target` must hold at least `maxUtf8Length(input)` bytes past `offset`.
 */
export function writeUtf8(input: Input, target: Uint8Array, offset: number): number {
  if (typeof input !== 'string') {
    target.set(input, offset);
    return input.length;
  }
  // At offset 0 (the path, on every signing) the target itself is used: no view to allocate.
  // Stryker disable next-line ConditionalExpression: a shortcut; a view from offset 0 writes the same bytes.
  return encoder.encodeInto(input, offset === 0 ? target : target.subarray(offset)).written;
}

/** An upper bound of the encoded length: one UTF-16 unit never takes more than 3 UTF-8 bytes. */
export function maxUtf8Length(input: Input): number {
  return typeof input === 'string' ? input.length * 3 : input.length;
}
