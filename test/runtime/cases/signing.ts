/**
 * Signing conformance (platform spec, "Signing"): `sign`, `createSigner` and `verify` give
 * byte-exact answers on every runtime. Expected values come from test/vectors/conformance.json,
 * computed with node:crypto outside this suite (test/runtime/generate-vectors.mjs).
 */
import { createSigner, sign, verify } from '../../../src/index.ts';
import type { Input } from '../../../src/utf8.ts';
import vectors from '../../vectors/conformance.json' with { type: 'json' };
import { assert, assertEqual, type Case, group, hex } from '../harness.ts';

interface KnownAnswer {
  name: string;
  key: Input;
  path: string;
  body: Input;
  signature: string;
}

const rfc2202: KnownAnswer[] = vectors.rfc2202.map((c) => ({
  name: `RFC 2202 case ${c.case}`,
  key: hex(c.key_hex),
  path: '',
  body: hex(c.data_hex),
  signature: c.signature,
}));

const knownAnswers: KnownAnswer[] = vectors.known_answers.map((c) => ({
  name: c.name,
  key: c.key,
  path: c.path,
  body: 'body_hex' in c && c.body_hex !== undefined ? hex(c.body_hex) : (c as { body: string }).body,
  signature: c.signature,
}));

const all = [...rfc2202, ...knownAnswers];
const platform = knownAnswers[0]!;
const encoder = new TextEncoder();

/** Flips one bit of a base64 signature's first character, keeping it valid base64. */
function tamper(signature: string): string {
  const first = signature[0] === 'A' ? 'B' : 'A';
  return first + signature.slice(1);
}

export const signingCases: Case[] = group('signing', [
  {
    name: 'sign matches the RFC 2202 HMAC-SHA-1 vectors (7 cases)',
    run() {
      assertEqual(rfc2202.length, 7, 'number of RFC 2202 cases');
      for (const c of rfc2202) assertEqual(sign(c), c.signature, c.name);
    },
  },
  {
    name: 'sign matches the node:crypto known answers (platform body, non-ASCII, 64/65-byte keys, empty, long, bytes)',
    run() {
      assert(knownAnswers.length >= 8, 'known answers are loaded');
      for (const c of knownAnswers) assertEqual(sign(c), c.signature, c.name);
    },
  },
  {
    name: 'sign takes a string as its UTF-8 bytes: string and byte inputs agree',
    run() {
      for (const c of knownAnswers) {
        if (typeof c.key !== 'string' || typeof c.body !== 'string') continue;
        const asBytes = sign({ key: encoder.encode(c.key), path: c.path, body: encoder.encode(c.body) });
        assertEqual(asBytes, c.signature, `${c.name} as bytes`);
      }
    },
  },
  {
    name: 'sign outputs 28 characters of padded standard base64',
    run() {
      for (const c of all) assert(/^[A-Za-z0-9+/]{27}=$/.test(sign(c)), `${c.name}: ${sign(c)} is not 28-character base64`);
    },
  },
  {
    name: 'sign concatenates path and body with nothing between them',
    run() {
      const whole = sign({ key: platform.key, path: '', body: `${platform.path}${platform.body as string}` });
      assertEqual(whole, platform.signature, 'empty path, path in the body');
      assert(sign({ key: platform.key, path: `${platform.path}/`, body: platform.body }) !== platform.signature, 'a different path changes the signature');
    },
  },
  {
    name: 'createSigner equals sign on every vector',
    run() {
      for (const c of all) assertEqual(createSigner(c.key)(c.path, c.body), c.signature, c.name);
    },
  },
  {
    name: 'a signer carries no state between calls (same answer before and after long and non-ASCII calls)',
    run() {
      const signer = createSigner(platform.key);
      const first = signer(platform.path, platform.body);
      signer('/v1/long', 'x'.repeat(10_000)); // grows any internal buffer
      signer('/ü', '😀');
      for (const c of knownAnswers.filter((k) => k.key === platform.key)) assertEqual(signer(c.path, c.body), c.signature, c.name);
      assertEqual(signer(platform.path, platform.body), first, 'the first call repeated');
      assertEqual(first, platform.signature, 'the first call');
    },
  },
  {
    name: 'verify accepts every correct signature',
    run() {
      for (const c of all) assertEqual(verify({ ...c, signature: c.signature }), true, c.name);
    },
  },
  {
    name: 'verify rejects a tampered body, path, key or signature',
    run() {
      const { key, path, body, signature } = platform;
      assertEqual(verify({ key, path, body: `${body as string} `, signature }), false, 'body with a trailing space');
      assertEqual(verify({ key, path, body: (body as string).replace('203.0.113.42', '203.0.113.43'), signature }), false, 'body with one digit changed');
      assertEqual(verify({ key, path: '/api/v1/platform/identify/auth', body, signature }), false, 'path with the base prefix');
      assertEqual(verify({ key, path: `${path}?platId=1`, body, signature }), false, 'path with the query string');
      assertEqual(verify({ key: `${key as string}x`, path, body, signature }), false, 'another key');
      assertEqual(verify({ key, path, body, signature: tamper(signature) }), false, 'signature with its first character changed');
      assertEqual(verify({ key, path, body, signature: knownAnswers[1]!.signature }), false, 'the signature of another message');
    },
  },
  {
    name: 'verify returns false, never throws, for missing or malformed signatures',
    run() {
      const { key, path, body, signature } = platform;
      const bad: unknown[] = [
        '',
        null,
        undefined,
        signature.slice(0, 27), // 27 characters
        `${signature}AAAA`, // 23 bytes
        signature.slice(0, 24), // 18 bytes, no padding
        signature.replace('=', ''),
        ` ${signature}`,
        `${signature}\n`,
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!=',
        '============================',
        `${signature.slice(0, 26)}B=`, // non-canonical: unused padding bits set
        'A'.repeat(100_000),
        42,
        {},
      ];
      for (const candidate of bad) {
        let result: unknown;
        try {
          result = verify({ key, path, body, signature: candidate as string });
        } catch (error) {
          throw new Error(`verify threw for ${JSON.stringify(candidate)?.slice(0, 40)}: ${String(error)}`);
        }
        assertEqual(result, false, `verify with ${JSON.stringify(candidate)?.slice(0, 40)}`);
      }
    },
  },
  {
    name: 'verify rejects the URL-safe base64 alphabet (strict standard base64 only)',
    run() {
      const c = all.find((v) => /[+/]/.test(v.signature));
      assert(c !== undefined, 'a vector whose signature has + or /');
      const urlSafe = c.signature.replace(/\+/g, '-').replace(/\//g, '_');
      assertEqual(verify({ ...c, signature: urlSafe }), false, `${c.name} as ${urlSafe}`);
      assertEqual(verify({ ...c, signature: c.signature }), true, `${c.name} as ${c.signature}`);
    },
  },
]);
