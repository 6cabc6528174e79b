/**
 * `passto verify`: checks a signature (platform spec, "Signing") and, on a mismatch, tests the
 * usual causes one by one and says which one explains it. The key is never printed.
 */
import { sign, verify } from 'passto';
import { parseCommand, required } from '../args.ts';
import { BODY_OPTIONS, readBody } from '../body.ts';
import type { Command } from '../command.ts';
import { diagnoseSignature } from '../diagnose-signature.ts';
import { out } from '../runtime.ts';
import { EXIT } from '../usage-error.ts';

const OPTIONS = { key: { type: 'string' }, path: { type: 'string' }, signature: { type: 'string' }, ...BODY_OPTIONS } as const;

const USAGE = 'passto verify --key KEY --path PATH --signature SIG (--body BODY | --body-file FILE | < stdin)';

/** The `verify` command. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a signature and explain a mismatch',
  usage: USAGE,
  help: `Check a PassTo signature against path + body. Exit 0 and "signature ok" on a match;
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
    if (verify({ key, path, body, signature })) {
      await out('signature ok\n');
      return EXIT.ok;
    }
    const lines = [
      'signature mismatch',
      `  path:      ${path}`,
      `  body:      ${describeBody(body)}`,
      `  key:       ${key.length} character${key.length === 1 ? '' : 's'}${/\s$/.test(key) ? ', ends with whitespace' : ''}`,
      `  received:  ${signature}`,
      `  expected:  ${sign({ key, path, body })}  (HMAC-SHA1 of path + body with this key)`,
    ];
    if (!/^[A-Za-z0-9+/]{27}=$/.test(signature)) {
      lines.push(`  the received signature is not standard base64 of 20 bytes (28 characters ending in "="); it has ${signature.length} characters`);
    }
    const { match, tried } = diagnoseSignature({ key, path, body, signature });
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

function describeBody(body: Uint8Array): string {
  const notes: string[] = [`${body.length} bytes`];
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    notes.push('JSON');
  } catch {
    // not JSON: nothing to add
  }
  if (body[body.length - 1] === 0x0a) notes.push('ends with a newline');
  return notes.join(', ');
}
