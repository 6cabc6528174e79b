/**
 * The exit codes, in one table: the code, `passto --help` and the README's list all read them
 * here. Scripts can tell "fix the command line" (2) from "try again later" (3) from "it answered
 * no" (1).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, unreachable: 3 } as const;

/** What each exit code means, for the help text. */
export const EXIT_CODE_MEANINGS: readonly (readonly [code: number, meaning: string])[] = [
  [EXIT.ok, 'success'],
  [EXIT.failure, "failure: verify's mismatch, send-event's non-2xx answer, a check's failed required rule (reported on stdout), an error answer, a bug"],
  [EXIT.usage, 'usage error: a wrong command line or invalid input; nothing was sent'],
  [EXIT.unreachable, 'no answer: the remote could not be reached or timed out; trying again may work'],
];
