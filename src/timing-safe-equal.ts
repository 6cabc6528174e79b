/**
 * Compares two byte strings in time that depends only on their lengths, never on where they
 * differ, so a signature cannot be guessed byte by byte from response times.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  // Stryker disable next-line EqualityOperator: with <=, the extra turn adds undefined ^ undefined, 0.
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
