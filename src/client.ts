/**
 * The outbound client: one method per entry of the endpoint table (endpoints.ts), platform spec
 * sections "Outbound: identify/auth", "Outbound: identify/redirect" and "Response envelope and errors".
 */
import * as v from 'valibot';
import { type Endpoint, ENDPOINTS, type CallOptions } from './endpoints.ts';
import { ApiError } from './errors/api-error.ts';
import { HttpError } from './errors/http-error.ts';
import { ResponseError } from './errors/response-error.ts';
import { type FieldIssue, ValidationError } from './errors/validation-error.ts';
import { HEADER_MESSAGE, isHeaderValue } from './header-value.ts';
import { type ClientOptions, resolveOptions } from './options.ts';
import { type Redactor, redactor, WITHHELD_REASON } from './redact.ts';
import { EnvelopeSchema } from './schemas/envelope.ts';
import { toFieldIssues } from './schemas/issues.ts';
import { asyncSigner } from './async-signer.ts';
import { createMac } from './sign.ts';
import { type Answer, MAX_ANSWER_BYTES, send } from './transport.ts';
import { newTrace } from './trace.ts';

export {
  type CallOptions,
  IDENTIFY_AUTH_PATH,
  IDENTIFY_REDIRECT_PATH,
  type IdentifyAuthResult,
  type IdentifyRedirectResult,
  type RedirectCallOptions,
} from './endpoints.ts';

const CUSTOMER_NO_HINT =
  'unknown field: input objects always use `custom_no`; the client option `customerNoField: \'customer_no\'` changes the name sent';

/** Every issue, not only the first: built once, not per call. */
const ALL_ISSUES = { abortEarly: false } as const;

type Endpoints = typeof ENDPOINTS;
// biome-ignore lint/suspicious/noExplicitAny: matches any endpoint, to read its method's types.
type AnyEndpoint = Endpoint<any, any, any, any, any>;
/** The method an endpoint entry makes. */
type Method<E> = E extends Endpoint<infer In, infer Result, infer Options, infer _Checked, infer _Data>
  ? (body: In, options?: Options) => Promise<Result>
  : never;

/** A PassTo client, made by `createClient`: one method per endpoint (endpoints.ts, whose entries document them). */
export type Client = { [G in keyof Endpoints]: { [M in keyof Endpoints[G]]: Method<Endpoints[G][M]> } };

/**
 * Creates a PassTo CreditPay client. The options are checked here, by an error naming the option
 * and never showing its value: a missing or empty `platId`, `apiKey` or `signatureKey`, an
 * `apiKey` or `lang` that is not a header value (printable ASCII), a `baseUrl` with a query,
 * fragment or credentials, a `timeout` or `deadline` over 2147483647 ms. Calls are signed by the
 * synchronous noble signer (`createMac`, the same as `createSigner`'s), keyed once per client; bodies
 * of 256 KB and more by WebCrypto (async-signer.ts), the same bytes.
 *
 * Every call validates its input before sending (ValidationError naming every bad field, nothing
 * sent) and its answer after, reading at most 1 MiB of it: ApiError (envelope `code` not 0),
 * HttpError (non-2xx without an envelope), ResponseError (2xx that is not the documented shape),
 * TimeoutError, NetworkError (its message names the runtime's cause with the keys and tokens
 * removed). All carry the `trace`; none carries a key or token.
 *
 * The number field: the input says `custom_no`; it is SENT as `custom_no` (the seed's table,
 * default) or as `customer_no` with `customerNoField: 'customer_no'` (the seed's code example).
 *
 * @example
 * ```ts
 * import { createClient } from 'passto';
 *
 * const passto = createClient({
 *   platId: env.PASSTO_PLAT_ID,
 *   apiKey: env.PASSTO_API_KEY,
 *   signatureKey: env.PASSTO_SIGNATURE_KEY,
 * });
 * const { url } = await passto.identify.auth({
 *   custom_no: 'order-1001',
 *   customer_token: session.token,
 *   token_expire: session.expiresAt, // 13-digit milliseconds
 *   callback_url: 'https://shop.example/passto/callback',
 *   client_ip: request.ip,
 * });
 * // redirect the user's browser to `url`
 * ```
 */
export function createClient(options: ClientOptions): Client {
  const o = resolveOptions(options);
  const signer = asyncSigner(o.signatureKey, createMac);

  async function call(e: AnyEndpoint, url: string, body: unknown, options: CallOptions): Promise<unknown> {
    const { trace, lang, signal, issues } = callOptions(options, o.lang);
    // The endpoint's fast check takes the common input; the schema decides everything else.
    let input = e.fastInput?.(body);
    if (input === undefined) {
      const parsed = v.safeParse(e.input, body, ALL_ISSUES);
      if (!parsed.success) issues.push(...inputIssues(parsed.issues));
      input = parsed.output;
    }
    // A refused input always has an issue.
    if (issues.length) throw new ValidationError(issues, { trace });
    // Serialized once: these exact bytes are signed and sent, on every attempt.
    const bytes = JSON.stringify(e.body(input, o));
    const r = redactor([o.apiKey, o.signatureKey, ...(e.secrets?.(input) ?? [])]);
    const headers: Record<string, string> = { trace };
    if (e.signed) {
      const signature = signer(e.path, bytes);
      // Awaited only when WebCrypto signs (a large body): an await costs a turn on every call.
      headers['api-key'] = o.apiKey;
      headers.signature = typeof signature === 'string' ? signature : await signature;
      headers.lang = lang;
    }
    headers['Content-Type'] = 'application/json';
    return send(
      {
        url,
        headers,
        body: bytes,
        trace,
        signal,
        redact: r.redact,
        withholds: r.withholds,
        fetch: o.fetch,
        retry: o.retry,
        timeout: o.timeout,
        deadline: o.deadline,
        retryStatus: (status) => e.retryStatus.includes(status),
        retryFailure: e.retryFailure,
      },
      (answer) => {
        const { data, trace: t } = read(answer, e, trace, r);
        const result = e.result(data) as Record<string, unknown>;
        result.trace = t;
        return result;
      },
    );
  }

  const client: Record<string, Record<string, (body: unknown, options?: CallOptions) => Promise<unknown>>> = {};
  for (const [group, endpoints] of Object.entries(ENDPOINTS)) {
    client[group] = {};
    for (const [name, e] of Object.entries(endpoints)) {
      // The URL depends only on the options: built once per client.
      const url = o.baseUrl + e.path + (e.query?.(o) ?? '');
      client[group][name] = (body, options = {}) => call(e as AnyEndpoint, url, body, options);
    }
  }
  return client as Client;
}

/** Checks the per-call `trace` and `lang` (they become header values) and picks their defaults. */
function callOptions(call: CallOptions, defaultLang: string) {
  const issues: FieldIssue[] = [];
  const check = (name: 'trace' | 'lang', value: unknown) => {
    if (value === undefined || isHeaderValue(value)) return true;
    issues.push({ path: name, message: HEADER_MESSAGE });
    return false;
  };
  const c: CallOptions = call && typeof call === 'object' ? call : {};
  const trace = check('trace', c.trace) ? (c.trace ?? newTrace()) : newTrace();
  const lang = check('lang', c.lang) ? (c.lang ?? defaultLang) : defaultLang;
  return { trace, lang, signal: c.signal, issues };
}

/**
 * Issues of the caller's input. Paths are the caller's own key names and are never redacted
 * (`token_expire` must never read `[redacted]_expire`); messages never hold values.
 */
function inputIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return toFieldIssues(issues).map(({ path, message }) => ({ path, message: path === 'customer_no' ? CUSTOMER_NO_HINT : message }));
}

/**
 * Turns an answer into its `data` and trace, or throws the error it means (platform spec,
 * "Response envelope and errors"): an envelope with `code` not 0 is an ApiError whatever the
 * status; a non-2xx without one an HttpError; a 2xx that is not a valid envelope a ResponseError.
 */
function read(answer: Answer, e: AnyEndpoint, requestTrace: string, r: Redactor): { data: unknown; trace: string } {
  const { status, text } = answer;
  if (answer.redirect) {
    const location = answer.headers.get('location');
    const where = r.withholds || !location ? '' : ` to ${r.redact(location)}`;
    throw new HttpError({ status, body: '', reason: `a redirect${where} was not followed`, trace: requestTrace });
  }
  const ok = status >= 200 && status < 300;
  if (text === undefined) {
    const init = { status, issues: [], body: '', reason: `the body is larger than ${MAX_ANSWER_BYTES} bytes`, trace: requestTrace };
    throw ok ? new ResponseError(init) : new HttpError(init);
  }
  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(text);
  } catch {
    isJson = false;
  }
  // The common case, a 2xx success envelope with the documented `data`, by the endpoint's fast
  // check: the full schema accepts it (`code` 0, `msg` and `trace` any, extra fields kept). Only
  // an object has a `code`.
  const success = json as { code?: unknown; data?: unknown; trace?: unknown } | null | undefined;
  if (ok && success?.code === 0 && e.isData?.(success.data)) return { data: success.data, trace: traceOf(success, requestTrace) };
  // One parse otherwise: a success under the full schema is one under EnvelopeSchema too (the
  // same fields, `data` checked more).
  const full = ok && isJson ? v.safeParse(e.response, json, ALL_ISSUES) : undefined;
  if (full?.success && (full.output as { code?: unknown }).code === 0) return { data: full.output.data, trace: traceOf(full.output as { trace?: unknown }, requestTrace) };
  const envelope = isJson ? v.safeParse(EnvelopeSchema, json) : undefined;
  if (envelope?.success) {
    const { code, msg } = envelope.output;
    const trace = traceOf(envelope.output, requestTrace);
    if (code !== 0) throw new ApiError({ code, msg: upstreamMessage(typeof msg === 'string' ? msg : '', r), status, trace });
    // A 2xx envelope with code 0 that the full schema refused: `data` is not the documented shape.
    if (full && !full.success) throw new ResponseError({ status, issues: toFieldIssues(full.issues), reason: '`data` does not have the documented shape', trace });
  }
  if (!ok) {
    throw r.withholds
      ? new HttpError({ status, body: '', reason: `the body was withheld: ${WITHHELD_REASON}`, trace: requestTrace })
      : new HttpError({ status, body: r.redact(text), trace: requestTrace });
  }
  throw new ResponseError({
    status,
    issues: envelope && !envelope.success ? toFieldIssues(envelope.issues) : [],
    reason: isJson ? 'not a PassTo envelope' : 'the body is not JSON',
    trace: requestTrace,
  });
}

/** The envelope's trace when it has one, else the request's. */
function traceOf(envelope: { trace?: unknown }, requestTrace: string): string {
  return typeof envelope.trace === 'string' && envelope.trace ? envelope.trace : requestTrace;
}

/**
 * PassTo's `msg` as shown: redacted, or, when a secret too short to search for was sent, dropped
 * with a note saying why (the code is kept by the caller).
 */
function upstreamMessage(msg: string, r: Redactor): string {
  if (!r.withholds) return r.redact(msg);
  return msg === '' ? '' : `[message withheld: ${WITHHELD_REASON}]`;
}
