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
  if (codes.length <= CHUNK) return String.fromCharCode(...codes);
  let out = '';
  for (let c = 0; c < codes.length; c += CHUNK) out += String.fromCharCode(...codes.slice(c, c + CHUNK));
  return out;
}

/**
 * Decodes strict standard base64 (padding required, no whitespace, no URL alphabet).
 * Returns `undefined` for anything else, so callers can treat garbage as a mismatch.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const last = i + 4 === text.length;
      const v = sextet(c);
      if (v < 0) {
        // '=' is only allowed as the final one or two characters.
        if (!(c === 61 && last && j >= 4 - padding)) return undefined;
        n <<= 6;
      } else {
        if (last && j >= 4 - padding) return undefined;
        n = (n << 6) | v;
      }
    }
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  // Reject non-canonical encodings whose unused padding bits are set.
  if (padding > 0 && encodeBase64(out) !== text) return undefined;
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
