/**
 * The outbound client: identify/auth (signed) and identify/redirect (unsigned), platform spec
 * sections "Outbound: identify/auth", "Outbound: identify/redirect" and "Response envelope and errors".
 */
import * as v from 'valibot';
import { ApiError } from './errors/api-error.ts';
import { HttpError } from './errors/http-error.ts';
import { ResponseError } from './errors/response-error.ts';
import { type FieldIssue, ValidationError } from './errors/validation-error.ts';
import { HEADER_MESSAGE, isHeaderValue } from './header-value.ts';
import { type ClientOptions, resolveOptions } from './options.ts';
import { type Redactor, redactor, WITHHELD_REASON } from './redact.ts';
import { type Answer, MAX_ANSWER_BYTES, send } from './request.ts';
import { EnvelopeSchema } from './schemas/envelope.ts';
import { type IdentifyAuthInput, IdentifyAuthInputSchema, IdentifyAuthResponseSchema } from './schemas/identify-auth.ts';
import {
  type IdentifyRedirectInput,
  IdentifyRedirectInputSchema,
  IdentifyRedirectResponseSchema,
} from './schemas/identify-redirect.ts';
import { toFieldIssues } from './schemas/issues.ts';
import { webCryptoSigner } from './webcrypto-signer.ts';
import { newTrace } from './trace.ts';

/** identify/auth's path, relative to the API base: what is signed (platform spec, "Signing"). */
export const IDENTIFY_AUTH_PATH = '/v1/platform/identify/auth';
/** identify/redirect's path, relative to the API base. */
export const IDENTIFY_REDIRECT_PATH = '/v1/identify/redirect';

// identify/auth can be sent again: at worst PassTo issues a second code and the first expires.
const AUTH_RETRY_STATUS = [429, 502, 503, 504];
// identify/redirect spends a one-time code: only answers that say "not processed" are retried.
const REDIRECT_RETRY_STATUS = [429, 503];

const CUSTOMER_NO_HINT =
  'unknown field: input objects always use `custom_no`; the client option `customerNoField: \'customer_no\'` changes the name sent';

/** Per-call options of identify/auth. */
export interface CallOptions {
  /** The `trace` header; default a new random UUID. The same on every retry. */
  trace?: string;
  /** The `lang` header; default the client's `lang`. */
  lang?: string;
  /** Cancels the call, retries included: it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Per-call options of identify/redirect (it sends no `lang`). */
export type RedirectCallOptions = Omit<CallOptions, 'lang'>;

/** What identify/auth resolves to: the one-time code, the cashier URL, and the exchange's trace. */
export interface IdentifyAuthResult {
  ident_code: string;
  url: string;
  /** The response envelope's trace, else the request's. */
  trace: string;
}

/** What identify/redirect resolves to. `open_token` (`"Bearer <JWT>"`) is a secret: never log it. */
export interface IdentifyRedirectResult {
  open_token: string;
  /** The response envelope's trace, else the request's. */
  trace: string;
}

/** A PassTo client, made by `createClient`. */
export interface Client {
  identify: {
    /**
     * Gets a one-time authorization code and the cashier URL to redirect the user to.
     *
     * Retried (same trace, same signed bytes) on network failures, attempt timeouts and HTTP
     * 429/502/503/504. Without `session_sign`, a retry after a request PassTo did process issues
     * a second code; the first one simply expires unused. Pass `session_sign` to get the same code.
     */
    auth(body: IdentifyAuthInput, options?: CallOptions): Promise<IdentifyAuthResult>;
    /**
     * Exchanges a one-time `ident_code` for an `open_token`. The code can be spent once, so this
     * is retried only when the request surely was not processed: HTTP 429 and 503, and a
     * connection refused before anything was sent.
     */
    redirect(body: IdentifyRedirectInput, options?: RedirectCallOptions): Promise<IdentifyRedirectResult>;
  };
}

/**
 * Creates a PassTo CreditPay client. The options are checked here, by an error naming the option
 * and never showing its value: a missing or empty `platId`, `apiKey` or `signatureKey`, an
 * `apiKey` or `lang` that is not a header value (printable ASCII), a `baseUrl` with a query,
 * fragment or credentials, a `timeout` or `deadline` over 2147483647 ms, a runtime without
 * WebCrypto. The signature key is imported on the first call (again after a failed import).
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
  const signer = webCryptoSigner(o.signatureKey);
  const authUrl = `${o.baseUrl}${IDENTIFY_AUTH_PATH}?${o.platIdParam}=${encodeURIComponent(o.platId)}`;

  const exchange = (trace: string, signal: AbortSignal | undefined, r: Redactor) => ({
    trace,
    signal,
    redact: r.redact,
    withholds: r.withholds,
    fetch: o.fetch,
    retry: o.retry,
    timeout: o.timeout,
    deadline: o.deadline,
  });

  async function auth(body: IdentifyAuthInput, call: CallOptions = {}): Promise<IdentifyAuthResult> {
    const { trace, lang, issues } = callOptions(call, o.lang);
    const parsed = v.safeParse(IdentifyAuthInputSchema, body, { abortEarly: false });
    if (!parsed.success) issues.push(...inputIssues(parsed.issues));
    if (!parsed.success || issues.length) throw new ValidationError(issues, { trace });
    const wire: Record<string, unknown> = {};
    // Renamed in place: the field keeps its position in the signed bytes.
    for (const [key, value] of Object.entries(parsed.output)) wire[key === 'custom_no' ? o.customerNoField : key] = value;
    // Serialized once: these exact bytes are signed and sent, on every attempt.
    const bytes = JSON.stringify(wire);
    const r = redactor([o.apiKey, o.signatureKey, parsed.output.customer_token]);
    const headers = {
      trace,
      'api-key': o.apiKey,
      signature: await signer(IDENTIFY_AUTH_PATH, bytes),
      lang,
      'Content-Type': 'application/json',
    };
    return send(
      {
        ...exchange(trace, call.signal, r),
        url: authUrl,
        headers,
        body: bytes,
        retryStatus: (status) => AUTH_RETRY_STATUS.includes(status),
        retryFailure: () => true,
      },
      (answer) => {
        const { data, trace: t } = read(answer, IdentifyAuthResponseSchema, trace, r);
        return { ident_code: data.ident_code, url: data.url, trace: t };
      },
    );
  }

  async function redirect(body: IdentifyRedirectInput, call: RedirectCallOptions = {}): Promise<IdentifyRedirectResult> {
    const { trace, issues } = callOptions(call, o.lang);
    const parsed = v.safeParse(IdentifyRedirectInputSchema, body, { abortEarly: false });
    if (!parsed.success) issues.push(...inputIssues(parsed.issues));
    if (!parsed.success || issues.length) throw new ValidationError(issues, { trace });
    const r = redactor([o.apiKey, o.signatureKey]);
    // Not signed (platform spec, "Outbound: identify/redirect").
    return send(
      {
        ...exchange(trace, call.signal, r),
        url: o.baseUrl + IDENTIFY_REDIRECT_PATH,
        headers: { trace, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ident_code: parsed.output.ident_code }),
        retryStatus: (status) => REDIRECT_RETRY_STATUS.includes(status),
        // Only a refused connection surely sent nothing: `ECONNREFUSED` (Node/undici, Bun) or Deno's
        // "tcp connect error: Connection refused", which NetworkError's message names from the
        // cause chain. Any other failure may have come after PassTo processed the request.
        retryFailure: (error) => /ECONNREFUSED|tcp connect error: Connection refused/i.test(error.message),
      },
      (answer) => {
        const { data, trace: t } = read(answer, IdentifyRedirectResponseSchema, trace, r);
        return { open_token: data.open_token, trace: t };
      },
    );
  }

  return { identify: { auth, redirect } };
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
  return { trace, lang, issues };
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
function read<T extends { data: unknown }>(
  answer: Answer,
  schema: v.GenericSchema<unknown, T>,
  requestTrace: string,
  r: Redactor,
): { data: T['data']; trace: string } {
  const { status, text } = answer;
  if (answer.location !== undefined) {
    const where = r.withholds || answer.location === '' ? '' : ` to ${r.redact(answer.location)}`;
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
  const envelope = isJson ? v.safeParse(EnvelopeSchema, json) : undefined;
  if (envelope?.success) {
    const { code, msg, trace: t } = envelope.output;
    const trace = typeof t === 'string' && t ? t : requestTrace;
    if (code !== 0) throw new ApiError({ code, msg: upstreamMessage(typeof msg === 'string' ? msg : '', r), status, trace });
    if (ok) {
      const full = v.safeParse(schema, json, { abortEarly: false });
      if (full.success) return { data: full.output.data, trace };
      throw new ResponseError({ status, issues: toFieldIssues(full.issues), reason: '`data` does not have the documented shape', trace });
    }
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

/**
 * PassTo's `msg` as shown: redacted, or, when a secret too short to search for was sent, dropped
 * with a note saying why (the code is kept by the caller).
 */
function upstreamMessage(msg: string, r: Redactor): string {
  if (!r.withholds) return r.redact(msg);
  return msg === '' ? '' : `[message withheld: ${WITHHELD_REASON}]`;
}
