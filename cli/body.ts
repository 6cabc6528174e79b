/** The body to sign or verify, from exactly one source, as raw bytes. */
import { type Parsed, stringOption } from './args.ts';
import { readBytes, readStdin, stdinIsTerminal } from './runtime.ts';
import { UsageError } from './usage-error.ts';

/** The options every body-taking command accepts. */
export const BODY_OPTIONS = {
  body: { type: 'string' },
  'body-file': { type: 'string' },
} as const;

/**
 * Reads the body from `--body` (its UTF-8 bytes), `--body-file` (the file's bytes) or stdin (the
 * piped bytes). Nothing is trimmed: the signature covers every byte, a final newline included.
 */
export async function readBody(parsed: Parsed): Promise<Uint8Array> {
  const text = stringOption(parsed, 'body');
  const file = stringOption(parsed, 'body-file');
  if (text !== undefined && file !== undefined) throw new UsageError('give the body once: --body or --body-file, not both');
  if (text !== undefined) return new TextEncoder().encode(text);
  if (file !== undefined) {
    try {
      return await readBytes(file);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new UsageError(`cannot read --body-file ${file}${code === undefined ? '' : ` (${code})`}`);
    }
  }
  if (stdinIsTerminal()) {
    throw new UsageError("no body: pass --body, --body-file or pipe it on stdin (--body '' for an empty body)");
  }
  return readStdin();
}
