/**
 * `.dev.vars` is parsed in one place (scripts/dev-vars.ts), by `npm start` and the workerd tests;
 * wrangler dev and the runtimes' `--env-file` read the file themselves, so it must stay in the
 * plain form all of them read alike.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDevVars, readDevVars } from '../scripts/dev-vars.ts';

describe('parseDevVars', () => {
  it('reads NAME=value lines, skipping comments and blank lines, with LF or CRLF', () => {
    expect(parseDevVars('# a comment\nSANDBOX=on\r\n\nGATEWAY_TOKEN=dev-token\nnot a line\n')).toEqual({ SANDBOX: 'on', GATEWAY_TOKEN: 'dev-token' });
  });

  it('keeps everything after the first = as the value', () => {
    expect(parseDevVars('CREDIT_LIMIT_STATIC={"tag":"a=b"}')).toEqual({ CREDIT_LIMIT_STATIC: '{"tag":"a=b"}' });
  });
});

describe("the repository's .dev.vars", () => {
  it('holds the development values, the sandbox on', () => {
    expect(readDevVars()).toMatchObject({ GATEWAY_TOKEN: 'dev-token', SANDBOX: 'on' });
  });

  it('has only lines every reader parses alike: comments, blanks, NAME=value without quotes or export', () => {
    const lines = readFileSync(new URL('../.dev.vars', import.meta.url), 'utf8').split('\n');
    for (const line of lines) expect(line === '' || line.startsWith('#') || /^[A-Z0-9_]+=[^'"]/.test(line)).toBe(true);
  });
});
