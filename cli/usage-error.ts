/** A wrong command line: the CLI prints the message and the command's usage line, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes: 0 success, 1 failure (mismatch, error answer), 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
