import { PasstoError } from './passto-error.ts';

/** The longest piece of an unexpected body kept for diagnosis. */
const BODY_EXCERPT_LENGTH = 200;

/** A non-2xx answer without a valid PassTo envelope (a proxy page, an empty 502, ...). */
export class HttpError extends PasstoError {
  override name = 'HttpError';
  readonly status: number;
  /** The first characters of the body, for diagnosis. */
  readonly bodyExcerpt: string;

  /** `reason`: why the body was not read, when it was not (it was larger than the client's limit). */
  constructor(init: { status: number; body: string; reason?: string | undefined; trace?: string | undefined }) {
    const bodyExcerpt = init.body.slice(0, BODY_EXCERPT_LENGTH);
    super(`HTTP ${init.status}${init.reason ? `: ${init.reason}` : ' without a PassTo envelope'}`, init);
    this.status = init.status;
    this.bodyExcerpt = bodyExcerpt;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, bodyExcerpt: this.bodyExcerpt };
  }
}
