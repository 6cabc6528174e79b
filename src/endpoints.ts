/**
 * The PassTo endpoints the client calls, one entry each: path, input and response schemas, the
 * body sent, and which failures are retried. `createClient` makes one method per entry
 * (`client.identify.auth`, ...), typed from it. Adding an endpoint is one entry here plus its
 * schemas (platform spec, "Outbound: identify/auth", "Outbound: identify/redirect").
 */
import type * as v from 'valibot';
import type { NetworkError } from './errors/network-error.ts';
import type { TimeoutError } from './errors/timeout-error.ts';
import type { ResolvedOptions } from './options.ts';
import { identifyAuthInputFast, isIdentifyAuthData } from './schemas/identify-auth-fast-path.ts';
import { type IdentifyAuthInput, IdentifyAuthInputSchema, IdentifyAuthResponseSchema } from './schemas/identify-auth.ts';
import { type IdentifyRedirectInput, IdentifyRedirectInputSchema, IdentifyRedirectResponseSchema } from './schemas/identify-redirect.ts';

/** identify/auth's path, relative to the API base: what is signed (platform spec, "Signing"). */
export const IDENTIFY_AUTH_PATH = '/v1/platform/identify/auth';
/** identify/redirect's path, relative to the API base. */
export const IDENTIFY_REDIRECT_PATH = '/v1/identify/redirect';

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

/**
 * One endpoint. `In`, `Result` and `Options` type the client's method
 * `(body: In, options?: Options) => Promise<Result>`; `Checked` is the input after its schema,
 * `Data` the response envelope's `data`.
 */
export interface Endpoint<In, Result, Options, Checked = In, Data = unknown> {
  /** Relative to the API base; for a signed endpoint, the path that is signed. */
  path: string;
  /** The query appended to the URL (not signed), e.g. `?platId=...`. */
  query?: (o: ResolvedOptions) => string;
  /** Signed: sent with `api-key`, `signature` and `lang` headers (platform spec, "Signing"). */
  signed: boolean;
  input: v.GenericSchema<unknown, Checked>;
  /** A fast path: the checked input for a common input that `input` accepts as it is, else `undefined` (then `input` runs). */
  fastInput?: (input: unknown) => Checked | undefined;
  response: v.GenericSchema<unknown, { data: Data }>;
  /** A fast path: true for a success's `data` that `response` accepts, whose fields `result` reads as they are. */
  isData?: (data: unknown) => boolean;
  /** The JSON body sent, from the checked input; serialized once, the same bytes on every attempt. */
  body: (input: Checked, o: ResolvedOptions) => Record<string, unknown>;
  /** The input's secrets, masked in error messages with the client's keys. */
  secrets?: (input: Checked) => string[];
  /** Statuses retried. */
  retryStatus: readonly number[];
  /** Whether a failure without an answer (NetworkError, attempt TimeoutError) is retried. */
  retryFailure: (error: NetworkError | TimeoutError) => boolean;
  /** The method's result, without the `trace` the client adds. */
  result: (data: Data) => Omit<Result, 'trace'>;
  /** Type only: carries `In` and `Options` to the method's type. */
  readonly types?: (input: In, options: Options) => void;
}

const auth: Endpoint<IdentifyAuthInput, IdentifyAuthResult, CallOptions, v.InferOutput<typeof IdentifyAuthInputSchema>, { ident_code: string; url: string }> = {
  path: IDENTIFY_AUTH_PATH,
  query: (o) => `?${o.platIdParam}=${encodeURIComponent(o.platId)}`,
  signed: true,
  input: IdentifyAuthInputSchema,
  fastInput: identifyAuthInputFast as (input: unknown) => v.InferOutput<typeof IdentifyAuthInputSchema> | undefined,
  response: IdentifyAuthResponseSchema,
  isData: isIdentifyAuthData,
  body: (input, o) => {
    const wire: Record<string, unknown> = {};
    // Renamed in place: the field keeps its position in the signed bytes.
    for (const key in input) wire[key === 'custom_no' ? o.customerNoField : key] = input[key as keyof typeof input];
    return wire;
  },
  secrets: (input) => [input.customer_token],
  // Can be sent again: at worst PassTo issues a second code and the first expires.
  retryStatus: [429, 502, 503, 504],
  retryFailure: () => true,
  result: (data) => ({ ident_code: data.ident_code, url: data.url }),
};

const redirect: Endpoint<IdentifyRedirectInput, IdentifyRedirectResult, RedirectCallOptions, IdentifyRedirectInput, { open_token: string }> = {
  path: IDENTIFY_REDIRECT_PATH,
  // Not signed (platform spec, "Outbound: identify/redirect").
  signed: false,
  input: IdentifyRedirectInputSchema,
  response: IdentifyRedirectResponseSchema,
  body: (input) => ({ ident_code: input.ident_code }),
  // Spends a one-time code: only answers that say "not processed" are retried.
  retryStatus: [429, 503],
  // Only a refused connection surely sent nothing: `ECONNREFUSED` (Node/undici, Bun) or Deno's
  // "tcp connect error: Connection refused", which NetworkError's message names from the
  // cause chain. Any other failure may have come after PassTo processed the request.
  retryFailure: (error) => /ECONNREFUSED|tcp connect error: Connection refused/i.test(error.message),
  result: (data) => ({ open_token: data.open_token }),
};

/** Every endpoint, grouped as the client's methods are: `client.identify.auth` is `ENDPOINTS.identify.auth`. */
export const ENDPOINTS = {
  identify: {
    /**
     * Gets a one-time authorization code and the cashier URL to redirect the user to.
     *
     * Retried (same trace, same signed bytes) on network failures, attempt timeouts and HTTP
     * 429/502/503/504. Without `session_sign`, a retry after a request PassTo did process issues
     * a second code; the first one simply expires unused. Pass `session_sign` to get the same code.
     */
    auth,
    /**
     * Exchanges a one-time `ident_code` for an `open_token`. The code can be spent once, so this
     * is retried only when the request surely was not processed: HTTP 429 and 503, and a
     * connection refused before anything was sent.
     */
    redirect,
  },
};
