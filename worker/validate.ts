/** Parses input with a valibot schema, or throws the gateway's 400 naming every bad field. */
import * as v from 'valibot';
import { toFieldIssues } from '../src/schemas/issues.ts';
import { GatewayError } from './http-error.ts';

export function parseOrThrow<S extends v.GenericSchema>(schema: S, input: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const fields = toFieldIssues(result.issues);
  throw new GatewayError(400, 'invalid_request', `Invalid ${what}: ${fields.map((f) => `${f.path || '(root)'}: ${f.message}`).join('; ')}`, {
    fields,
  });
}

/** Reads a JSON body, or throws 400 when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError(400, 'invalid_request', 'The body is not valid JSON');
  }
}
