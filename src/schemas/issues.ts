/** Turns valibot's issues into this library's per-field issues, without echoing values. */
import { type BaseIssue, getDotPath } from 'valibot';
import type { FieldIssue } from '../errors/validation-error.ts';

/**
 * One entry per issue: the dotted field path and a message. Our schemas' own messages are kept;
 * valibot's default ones ("Invalid type: Expected string but received ...") are rewritten without
 * the received value, which may be a `customer_token`.
 */
export function toFieldIssues(issues: readonly BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => ({
    path: getDotPath(issue) ?? '',
    message: issue.message.startsWith('Invalid ') ? `expected ${issue.expected ?? issue.type}` : issue.message,
  }));
}
