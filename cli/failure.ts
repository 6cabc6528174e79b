/**
 * An expected failure of a command (an unreachable gateway, an error answer): one line (or one
 * JSON object with --json), no stack. `code` is the stable name a script can test; the message
 * and `fields` carry no secret (their text is redacted where it comes from elsewhere).
 */
export class Failure extends Error {
  override name = 'Failure';
  /** `unreachable`: no answer (exit 3); the others: an answer that is an error or unusable (exit 1). */
  readonly code: 'unreachable' | 'gateway_error' | 'redirect' | 'invalid_answer';
  readonly fields: Record<string, unknown> | undefined;

  constructor(code: Failure['code'], message: string, fields?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.fields = fields;
  }
}
