/**
 * The development values of `.dev.vars`, parsed in this one place: by `npm start`
 * (scripts/start.mjs, for its banner) and by the workerd test harness. `wrangler dev` and the
 * runtimes' `--env-file` read the same file themselves; it holds only plain `NAME=value` lines
 * and `#` comments, no quotes or `export`, so every reader sees the same values.
 */
import { readFileSync } from 'node:fs';

/**
 * `NAME=value` lines as an object; comments, blank lines and anything else are skipped.
 *
 * @example
 * ```ts
 * parseDevVars('# dev\nSANDBOX=on\n'); // { SANDBOX: 'on' }
 * ```
 */
export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) vars[match[1]!] = match[2]!;
  }
  return vars;
}

/** The development variables of a `.dev.vars` file, by default the repository's. */
export function readDevVars(file: URL | string = new URL('../.dev.vars', import.meta.url)): Record<string, string> {
  return parseDevVars(readFileSync(file, 'utf8'));
}
