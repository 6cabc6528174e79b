import { PasstoError } from './passto-error.ts';
import type { FieldIssue } from './validation-error.ts';

/** A 2xx answer that is not JSON, or whose `data` does not have the documented shape. */
export class ResponseError extends PasstoError {
  override name = 'ResponseError';
  readonly status: number;
  /** What did not match; empty when the body was not JSON at all. */
  readonly issues: readonly FieldIssue[];

  constructor(init: { status: number; issues: readonly FieldIssue[]; reason: string; trace?: string | undefined }) {
    super(`Unexpected PassTo response (HTTP ${init.status}): ${init.reason}`, init);
    this.status = init.status;
    this.issues = init.issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, issues: this.issues };
  }
}
