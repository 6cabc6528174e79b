/**
 * The identify/auth body as the sandbox accepts it: the SDK's own schema (platform spec,
 * "Outbound: identify/auth"), with the number field under either name, since the seed's table
 * says `custom_no` and its code example sends `customer_no` ("Decision (number field)").
 */
import * as v from 'valibot';
import type { FieldIssue } from 'passto';
import { IdentifyAuthInputSchema } from 'passto/schemas';
import { toFieldIssues } from 'passto/schemas';

/** A valid body, normalized: `custom_no` set whichever name was sent, amounts as decimal strings. */
export type SandboxAuthBody = v.InferOutput<typeof IdentifyAuthInputSchema>;

/**
 * Parses a raw identify/auth body. Either the body or every bad field (path and message, never
 * the value) comes back.
 *
 * @example
 * ```ts
 * const parsed = parseIdentifyAuthBody(await c.req.text());
 * if (!parsed.ok) return failure(parsed.issues);
 * ```
 */
export function parseIdentifyAuthBody(text: string): { ok: true; body: SandboxAuthBody } | { ok: false; issues: FieldIssue[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, issues: [{ path: '', message: 'not valid JSON' }] };
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && 'customer_no' in json) {
    const { customer_no, ...rest } = json as Record<string, unknown>;
    if ('custom_no' in rest) return { ok: false, issues: [{ path: 'customer_no', message: 'send custom_no or customer_no, not both' }] };
    json = { custom_no: customer_no, ...rest };
  }
  const result = v.safeParse(IdentifyAuthInputSchema, json);
  if (result.success) return { ok: true, body: result.output };
  return {
    ok: false,
    issues: toFieldIssues(result.issues).map((issue) =>
      issue.path === 'custom_no' && issue.message === 'required' ? { ...issue, message: 'required (custom_no or customer_no)' } : issue,
    ),
  };
}
