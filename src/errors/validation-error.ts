import { PasstoError } from './passto-error.ts';

/** One field that failed validation: its dotted path (`credit_limit_available_cards.0.amount`) and why. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Input failed validation: nothing was sent. `issues` names every bad field; the message lists
 * them too, without their values (a value may be a token).
 */
export class ValidationError extends PasstoError {
  override name = 'ValidationError';
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[], options: { trace?: string | undefined; what?: string } = {}) {
    super(`Invalid ${options.what ?? 'input'}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, options);
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}
