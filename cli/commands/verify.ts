/**
 * `passto verify`: checks a signature (platform spec, "Signing") and, on a mismatch, tests the
 * usual causes one by one and says which one explains it. The key is never printed.
 */
import { flag, parseCommand, required } from '../args.ts';
import { BODY_OPTIONS, readBody } from '../body.ts';
import type { Command } from '../command.ts';
import { diagnoseSignature } from '../diagnose-signature.ts';
import { EXIT } from '../exit-codes.ts';
import { out, outJson } from '../runtime.ts';

const OPTIONS = { key: { type: 'string' }, path: { type: 'string' }, signature: { type: 'string' }, json: { type: 'boolean' }, ...BODY_OPTIONS } as const;

const USAGE = 'passto verify --key KEY --path PATH --signature SIG (--body BODY | --body-file FILE | < stdin) [--json]';

/** The `verify` command. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a signature and explain a mismatch',
  usage: USAGE,
  help: async () => `Check a PassTo signature against path + body. Exit 0 and "signature ok" on a match;
exit 1 on a mismatch, after testing the usual causes and naming the one that explains it:
  - the body re-serialized as JSON (compact or pretty-printed), or a final newline too many or missing
  - the path given as a full URL, with its query string, or with the API base's /api or /dg prefix
  - whitespace or a newline around the key
  - the signature in hex or base64url, or made with HMAC-SHA256

Usage: ${USAGE}

Options:
  --key KEY         the signature key (default: $PASSTO_SIGNATURE_KEY); never printed
  --path PATH       the path that was signed: /v1/platform/identify/auth for identify/auth,
                    your own URL's path for calls PassTo makes to you
  --signature SIG   the received "signature" header
  --body BODY       the body exactly as received (its UTF-8 bytes)
  --body-file FILE  the body from a file, byte for byte (or pipe it on stdin)
  --json            print {"valid": true} or, on a mismatch (exit 1), {"valid": false, "expected",
                    "match": [{"when", "fix"}] or null, "tried", ...}

Examples:
  export PASSTO_SIGNATURE_KEY=...
  passto verify --path /api/v1/credit-pay/notify --signature 'AbC...=' --body-file received.json
  curl -s https://example.test/dump | passto verify --path /v1/platform/identify/auth --signature 'AbC...='
`,
  async run(args) {
    const parsed = parseCommand(args, OPTIONS);
    const key = required(parsed, 'key', 'PASSTO_SIGNATURE_KEY', 'signature key');
    const path = required(parsed, 'path', undefined, 'path');
    const signature = required(parsed, 'signature', undefined, 'signature');
    const body = await readBody(parsed);
    const json = flag(parsed, 'json');
    const { sign, verify } = await import('passto');
    if (verify({ key, path, body, signature })) {
      await (json ? outJson({ valid: true }) : out('signature ok\n'));
      return EXIT.ok;
    }
    const expected = sign({ key, path, body });
    const standardBase64 = /^[A-Za-z0-9+/]{27}=$/.test(signature);
    const { match, tried } = await diagnoseSignature({ key, path, body, signature });
    if (json) {
      await outJson({
        valid: false,
        path,
        body: describeBody(body),
        key: { length: key.length, trailing_whitespace: /\s$/.test(key) },
        received: signature,
        expected,
        standard_base64: standardBase64,
        match: match ?? null,
        tried,
      });
      return EXIT.failure;
    }
    const lines = [
      'signature mismatch',
      `  path:      ${path}`,
      `  body:      ${describeBodyText(describeBody(body))}`,
      `  key:       ${key.length} character${key.length === 1 ? '' : 's'}${/\s$/.test(key) ? ', ends with whitespace' : ''}`,
      `  received:  ${signature}`,
      `  expected:  ${expected}  (HMAC-SHA1 of path + body with this key)`,
    ];
    if (!standardBase64) {
      lines.push(`  the received signature is not standard base64 of 20 bytes (28 characters ending in "="); it has ${signature.length} characters`);
    }
    if (match !== undefined) {
      lines.push('', `The signature matches when ${match.map((c) => c.when).join(' and ')}: ${[...new Set(match.map((c) => c.fix))].join('; ')}.`);
    } else {
      lines.push(
        '',
        'None of the usual causes explains the mismatch. Tried, alone and together:',
        ...tried.map((t) => `  - ${t}`),
        'Check that both sides use the same signature key (each environment has its own), and that',
        'nothing between the sender and your code (a proxy, a body parser) changes the body.',
      );
    }
    await out(`${lines.join('\n')}\n`);
    return EXIT.failure;
  },
};

/** What the mismatch report says about the body: its size, whether it is JSON, a final newline. */
function describeBody(body: Uint8Array): { bytes: number; json: boolean; trailing_newline: boolean } {
  let json = true;
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    json = false;
  }
  return { bytes: body.length, json, trailing_newline: body[body.length - 1] === 0x0a };
}

function describeBodyText(body: ReturnType<typeof describeBody>): string {
  return [`${body.bytes} bytes`, ...(body.json ? ['JSON'] : []), ...(body.trailing_newline ? ['ends with a newline'] : [])].join(', ');
}
