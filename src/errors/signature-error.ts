import { PasstoError } from './passto-error.ts';

/** Why an inbound request was refused: no signature, one that is not base64 of 20 bytes, or one that matches no key. */
export type SignatureFailure = 'missing' | 'malformed' | 'mismatch';

/** An inbound request from "PassTo" whose signature is missing, malformed or wrong. */
export class SignatureError extends PasstoError {
  override name = 'SignatureError';
  readonly reason: SignatureFailure;

  constructor(init: { reason: SignatureFailure; trace?: string | undefined }) {
    const text = { missing: 'no signature header', malformed: 'the signature is not base64 of 20 bytes', mismatch: 'the signature matches no key' }[init.reason];
    super(`Invalid signature: ${text}`, init);
    this.reason = init.reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}
