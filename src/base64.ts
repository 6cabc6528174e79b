/**
 * Standard base64 with padding (RFC 4648 §4), the encoding of the `signature` header.
 * Written here so the core needs no Node byte buffers and no `btoa` on binary strings.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Character codes of ALPHABET, so encoding builds the string once from codes (no concatenation). */
const CODES: readonly number[] = /* @__PURE__ */ Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 61; // '='
/** Characters per String.fromCharCode call: far below any engine's argument limit. */
const CHUNK = 8192;

/** Encodes bytes as standard base64 with `=` padding. */
export function encodeBase64(bytes: Uint8Array): string {
  // Collecting char codes and converting once is about twice as fast as `+=` per character
  // (measured on Node 20 for the 20-byte MAC, bench/RESULTS.md), and signing calls this every time.
  const codes: number[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    codes.push(CODES[n >> 18]!, CODES[(n >> 12) & 63]!, CODES[(n >> 6) & 63]!, CODES[n & 63]!);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    codes.push(CODES[n >> 18]!, CODES[(n >> 12) & 63]!, PAD, PAD);
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    codes.push(CODES[n >> 18]!, CODES[(n >> 12) & 63]!, CODES[(n >> 6) & 63]!, PAD);
  }
  // One call for a short text (every signature): the loop below gives the same text for any length,
  // so this line changes only the speed (10-30% on the 20-byte MAC).
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the chunked loop gives the same text.
  if (codes.length <= CHUNK) return String.fromCharCode(...codes);
  let out = '';
  // Stryker disable next-line EqualityOperator: with <=, one more turn appends String.fromCharCode() of nothing, ''.
  for (let c = 0; c < codes.length; c += CHUNK) out += String.fromCharCode(...codes.slice(c, c + CHUNK));
  return out;
}

/**
 * Decodes strict standard base64 (padding required, no whitespace, no URL alphabet, unused bits
 * zero: one accepted text per byte string). Returns `undefined` for anything else, so callers can
 * treat garbage as a mismatch.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  // Stryker disable next-line ConditionalExpression: without it a ragged text still fails: its last group is never
  // the last one of four, and reads NaN (no sextet) past the end.
  if (text.length % 4 !== 0) return undefined;
  // The trailing '=' (one or two) stand for missing bytes; nowhere else may a '=' appear.
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const v = sextet(text.charCodeAt(i + j));
      // Only the padding lies outside the alphabet (it is '=' by construction); it adds zero bits.
      if (v < 0 && !(last && j >= 4 - padding)) return undefined;
      n = (n << 6) | Math.max(v, 0);
    }
    for (const byte of [n >> 16, (n >> 8) & 255, n & 255]) {
      if (o < out.length) out[o++] = byte;
      // RFC 4648 section 3.5: the bits the padding leaves unused must be zero (one text per value).
      else if (byte !== 0) return undefined;
    }
  }
  return out;
}

function sextet(c: number): number {
  if (c >= 65 && c <= 90) return c - 65; // A-Z
  if (c >= 97 && c <= 122) return c - 71; // a-z
  if (c >= 48 && c <= 57) return c + 4; // 0-9
  if (c === 43) return 62; // +
  if (c === 47) return 63; // /
  return -1;
}
