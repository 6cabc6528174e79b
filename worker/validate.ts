/** Parsing input into JSON and through valibot schemas, failing with the gateway's error naming every bad field. */
import * as v from 'valibot';
import { toFieldIssues } from 'passto/schemas';
import { GatewayError } from './http-error.ts';

/** Whose fault bad input is: the caller's by default (400); a backend's (502) or the configuration's (503) otherwise. */
export interface Blame {
  status: 400 | 502 | 503;
  code: string;
}
const CALLER: Blame = { status: 400, code: 'invalid_request' };

/** Parses `input` with `schema`, or throws naming every bad field (`fields`), never their values. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, input: unknown, what: string, blame: Blame = CALLER): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const fields = toFieldIssues(result.issues);
  throw new GatewayError(blame.status, blame.code, `Invalid ${what}: ${fields.map((f) => `${f.path || '(root)'}: ${f.message}`).join('; ')}`, {
    fields,
  });
}

/** Parses JSON text, or throws when it is not JSON. */
export function parseJson(text: string, what: string, blame: Blame = CALLER): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError(blame.status, blame.code, `${what} is not valid JSON`);
  }
}

/** Reads a request's JSON body, or throws 400 when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  return parseJson(await request.text(), 'The body');
}
