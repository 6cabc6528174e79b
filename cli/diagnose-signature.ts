/**
 * Why a signature does not match: tries the usual integration mistakes one by one and together
 * (platform spec, "Signing": path relative to the API base without query string, the body exactly
 * as sent, the key's exact bytes, standard base64 of HMAC-SHA1) and reports the smallest set of
 * changes that makes the signature match. The key is never part of any text produced here.
 */
import { createHmac } from 'node:crypto';

/** One change to the inputs: when it is made the signature matches, and what to fix then. */
export interface Change {
  /** Completes "The signature matches when ...". */
  readonly when: string;
  /** What the integration should change. */
  readonly fix: string;
}

interface Variant<T> {
  readonly value: T;
  readonly changes: readonly Change[];
}

/** What `diagnoseSignature` takes: the inputs of a failed verification. */
export interface DiagnoseInput {
  key: string;
  path: string;
  body: Uint8Array;
  signature: string;
}

/** The outcome: the changes that make the signature match (fewest first), or none, and what was tried. */
export interface Diagnosis {
  readonly match: readonly Change[] | undefined;
  /** Every single change that was tried, for the report when nothing matched. */
  readonly tried: readonly string[];
}

/** A Base64 digest as PassTo sends it: 20 bytes, 28 characters ending in one "=". */
const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Tries the variants of path, body, key and signature encoding and returns the match needing the
 * fewest changes.
 *
 * @example
 * ```ts
 * const { match } = await diagnoseSignature({ key, path: '/api/v1/platform/identify/auth', body, signature });
 * // match: [{ when: 'the path is /v1/platform/identify/auth (without the /api prefix)', fix: ... }]
 * ```
 */
export async function diagnoseSignature(input: DiagnoseInput): Promise<Diagnosis> {
  // Loaded here, not at startup (cli/command.ts says why).
  const { sign } = await import('passto');
  const paths = pathVariants(input.path);
  const bodies = bodyVariants(input.body);
  const keys = keyVariants(input.key);
  const signatures = signatureVariants(input.signature);
  const tried = [...paths, ...bodies, ...keys, ...signatures].flatMap((v) => (v.changes.length === 1 ? [v.changes[0]!.when] : []));

  let best: Change[] | undefined;
  for (const signature of signatures) {
    for (const key of keys) {
      for (const path of paths) {
        for (const body of bodies) {
          const changes = [...path.changes, ...body.changes, ...key.changes, ...signature.changes];
          if (changes.length === 0 || (best !== undefined && changes.length >= best.length)) continue;
          if (digest(sign, signature.value.algorithm, key.value, path.value, body.value) === signature.value.base64) best = changes;
        }
      }
    }
  }
  return { match: best, tried: [...new Set(tried)] };
}

function digest(sign: typeof import('passto').sign, algorithm: 'sha1' | 'sha256', key: string, path: string, body: Uint8Array): string {
  // SHA-1 through the core, the code under test; SHA-256 only to recognise a wrong algorithm.
  if (algorithm === 'sha1') return sign({ key, path, body });
  return createHmac('sha256', key).update(path).update(body).digest('base64');
}

/** Applies each stage to every variant so far, so changes combine; keeps the fewest changes per value. */
function expand<T>(start: T, id: (value: T) => string, stages: ((value: T) => Variant<T>[])[]): Variant<T>[] {
  let variants: Variant<T>[] = [{ value: start, changes: [] }];
  for (const stage of stages) {
    const next = [...variants];
    for (const variant of variants) {
      for (const made of stage(variant.value)) next.push({ value: made.value, changes: [...variant.changes, ...made.changes] });
    }
    variants = next;
  }
  const unique = new Map<string, Variant<T>>();
  for (const variant of variants) {
    const seen = unique.get(id(variant.value));
    if (seen === undefined || variant.changes.length < seen.changes.length) unique.set(id(variant.value), variant);
  }
  return [...unique.values()];
}

const one = <T>(value: T, when: string, fix: string): Variant<T>[] => [{ value, changes: [{ when, fix }] }];

/** Paths: a full URL, a query string, the API base's prefix, a trailing slash. */
export function pathVariants(path: string): Variant<string>[] {
  return expand(path, (p) => p, [
    (p) => {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return [];
      try {
        const pathname = new URL(p).pathname;
        return one(pathname, `the path is the URL's pathname (${pathname})`, 'sign only the path, not the full URL (no scheme, host or query string)');
      } catch {
        return [];
      }
    },
    (p) => {
      const cut = p.search(/[?#]/);
      if (cut < 0) return [];
      return one(p.slice(0, cut), 'the query string is removed from the path', 'sign the path without its query string (?platId=... is not signed)');
    },
    (p) => {
      const prefixed = /^(\/.*?)(\/v1(?:[/?#].*)?)$/.exec(p);
      if (prefixed !== null) {
        const [, prefix, rest] = prefixed as unknown as [string, string, string];
        return one(rest, `the path is ${rest} (without the ${prefix} prefix)`, `sign the path relative to the API base (${rest}); the base URL's own path (${prefix}) is not signed`);
      }
      if (!p.startsWith('/v1/')) return [];
      return ['/api', '/dg'].flatMap((prefix) =>
        one(
          prefix + p,
          `the path is ${prefix}${p} (with the ${prefix} prefix)`,
          `the signer signed the base URL's path too: requests to PassTo sign the path relative to the API base (${p}); for calls PassTo makes to you, verify with your URL's full pathname`,
        ),
      );
    },
    (p) => (p.length > 1 && p.endsWith('/') ? one(p.slice(0, -1), 'the trailing slash is removed from the path', 'sign the path exactly as the endpoint defines it, without a trailing slash') : []),
  ]);
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Bodies: a final newline removed or added, JSON re-serialized (compact, pretty), and both. The
 * newline comes first so that, for a compact body with a newline, that is the reported cause.
 */
export function bodyVariants(body: Uint8Array): Variant<Uint8Array>[] {
  const SIGN_SENT_BYTES = 'serialize the body once, sign that exact string and send that same string; verify against the raw body as received, never against re-parsed and re-serialized JSON';
  return expand(body, hex, [
    trailingWhitespace,
    (b) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(decoder.decode(b));
      } catch {
        return [];
      }
      const forms: [string, string][] = [
        [JSON.stringify(parsed), 'the body is re-serialized as compact JSON (JSON.stringify(JSON.parse(body)))'],
        [JSON.stringify(parsed, null, 2), 'the body is re-serialized as pretty-printed JSON (2-space indent)'],
        [JSON.stringify(parsed, null, 4), 'the body is re-serialized as pretty-printed JSON (4-space indent)'],
        [JSON.stringify(parsed, null, '\t'), 'the body is re-serialized as pretty-printed JSON (tab indent)'],
      ];
      return forms.flatMap(([text, when]) => one(encoder.encode(text), when, `the bytes signed are not these bytes: ${SIGN_SENT_BYTES}`));
    },
    trailingWhitespace,
  ]);
}

/** A final newline removed (or other trailing whitespace), or one added when there is none. */
function trailingWhitespace(b: Uint8Array): Variant<Uint8Array>[] {
  let end = b.length;
  while (end > 0 && [0x0a, 0x0d, 0x20, 0x09].includes(b[end - 1]!)) end -= 1;
  if (end === b.length) {
    return one(
      concat(b, encoder.encode('\n')),
      'a trailing newline is added to the body',
      'the signer signed a final newline that is not in the body (a file saved by an editor, a heredoc): sign exactly the bytes sent',
    );
  }
  const newline = b.subarray(end).includes(0x0a);
  return one(
    b.subarray(0, end),
    newline ? 'the trailing newline is removed from the body' : 'the trailing whitespace is removed from the body',
    "the body you gave ends with bytes the signer did not sign (echo and heredocs add a newline; use printf '%s' or a file without a final newline); otherwise sign exactly the bytes sent",
  );
}

/** Keys: whitespace around it (a `.env` line, a copy-paste), or a newline the signer's key has. */
export function keyVariants(key: string): Variant<string>[] {
  const variants: Variant<string>[] = [{ value: key, changes: [] }];
  const trimmed = key.trim();
  if (trimmed !== key) {
    variants.push(
      ...one(trimmed, 'the whitespace around the key is removed', 'your key has a trailing newline or spaces (a .env file, echo into a secret store, a copy-paste): trim it where it is loaded'),
    );
  } else {
    variants.push(...one(`${key}\n`, 'a trailing newline is added to the key', "the signer's key ends with a newline: trim it where the signer loads it"));
  }
  return variants;
}

interface ReceivedDigest {
  readonly base64: string;
  readonly algorithm: 'sha1' | 'sha256';
}

/** The received signature read as standard base64, trimmed, unpadded/URL-safe base64 or hex; 20 bytes for SHA-1, 32 for SHA-256. */
export function signatureVariants(signature: string): Variant<ReceivedDigest>[] {
  const readings: Variant<Uint8Array>[] = [];
  const base64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  if (STANDARD_BASE64.test(signature) && signature.length % 4 === 0) readings.push({ value: base64(signature), changes: [] });
  const trimmed = signature.trim();
  if (trimmed !== signature && STANDARD_BASE64.test(trimmed) && trimmed.length % 4 === 0) {
    readings.push(...one(base64(trimmed), 'the whitespace around the signature is removed', 'trim the signature header value (and do not add whitespace when sending it)'));
  }
  if (/^[0-9a-f]+$/i.test(trimmed) && (trimmed.length === 40 || trimmed.length === 64)) {
    const bytes = Uint8Array.from(trimmed.match(/../g)!, (pair) => Number.parseInt(pair, 16));
    readings.push(...one(bytes, 'the signature is read as hex', 'PassTo signatures are standard base64 (28 characters ending in "="), not hex'));
  }
  if (/^[A-Za-z0-9+/_-]+$/.test(trimmed) && /[-_]|^(.{4})*.{2,3}$/.test(trimmed)) {
    const standard = trimmed.replaceAll('-', '+').replaceAll('_', '/');
    const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
    try {
      readings.push(...one(base64(padded), 'the signature is read as URL-safe or unpadded base64', 'use standard base64 with padding (+, / and a final "="), not base64url'));
    } catch {
      // not base64 at all: nothing to try
    }
  }
  return readings.flatMap((reading): Variant<ReceivedDigest>[] => {
    const base64Text = btoa(String.fromCharCode(...reading.value));
    if (reading.value.length === 20) return [{ value: { base64: base64Text, algorithm: 'sha1' }, changes: reading.changes }];
    if (reading.value.length === 32) {
      const change = { when: 'the HMAC uses SHA-256', fix: 'PassTo signs with HMAC-SHA1 (20 bytes, 28 base64 characters), not HMAC-SHA256' };
      return [{ value: { base64: base64Text, algorithm: 'sha256' }, changes: [...reading.changes, change] }];
    }
    return [];
  });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const result = new Uint8Array(a.length + b.length);
  result.set(a);
  result.set(b, a.length);
  return result;
}
