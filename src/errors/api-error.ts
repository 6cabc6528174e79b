import { PasstoError } from './passto-error.ts';

/** PassTo answered with its envelope and a `code` other than 0, whatever the HTTP status. */
export class ApiError extends PasstoError {
  override name = 'ApiError';
  /** PassTo's own error code (500: server error). */
  readonly code: number;
  /** PassTo's description of the failure. */
  readonly msg: string;
  /** The HTTP status of the answer. */
  readonly status: number;

  constructor(init: { code: number; msg: string; status: number; trace?: string | undefined }) {
    super(`PassTo answered code ${init.code}: ${init.msg}`, init);
    this.code = init.code;
    this.msg = init.msg;
    this.status = init.status;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, msg: this.msg, status: this.status };
  }
}
