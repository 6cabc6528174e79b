/** `passto sign`: prints base64(HMAC-SHA1(key, path + body)) (platform spec, "Signing"). */
import { flag, parseCommand, required } from '../args.ts';
import { BODY_OPTIONS, readBody } from '../body.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { out, outJson } from '../runtime.ts';

const OPTIONS = { key: { type: 'string' }, path: { type: 'string' }, json: { type: 'boolean' }, ...BODY_OPTIONS } as const;

const USAGE = 'passto sign --key KEY --path PATH (--body BODY | --body-file FILE | < stdin) [--json]';

/** The `sign` command. */
export const signCommand: Command = {
  name: 'sign',
  summary: 'print the signature of path + body',
  usage: USAGE,
  help: async () => `Print the PassTo signature of a request: base64(HMAC-SHA1(key, path + body)).

Usage: ${USAGE}

Options:
  --key KEY         the signature key (default: $PASSTO_SIGNATURE_KEY; prefer the variable,
                    a flag is visible to other users in the process list)
  --path PATH       the path relative to the API base, without query string:
                    /v1/platform/identify/auth (not /api/v1/..., not a full URL);
                    for calls PassTo makes to you: the path of your own URL
  --body BODY       the body exactly as sent (its UTF-8 bytes)
  --body-file FILE  the body from a file, byte for byte
                    (without either, the body is read from stdin, byte for byte)
  --json            print {"signature": ...}

Nothing is trimmed: a final newline is part of the body and changes the signature
(\`echo\` adds one, \`printf '%s'\` does not).

Examples:
  export PASSTO_SIGNATURE_KEY=...
  passto sign --path /v1/platform/identify/auth --body '{"custom_no":"42"}'
  passto sign --path /v1/platform/identify/auth --body-file body.json
  printf '%s' '{"custom_no":"42"}' | passto sign --path /v1/platform/identify/auth
`,
  async run(args) {
    const parsed = parseCommand(args, OPTIONS);
    const key = required(parsed, 'key', 'PASSTO_SIGNATURE_KEY', 'signature key');
    const path = required(parsed, 'path', undefined, 'path');
    const body = await readBody(parsed);
    const { sign } = await import('passto');
    const signature = sign({ key, path, body });
    await (flag(parsed, 'json') ? outJson({ signature }) : out(`${signature}\n`));
    return EXIT.ok;
  },
};
