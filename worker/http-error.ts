/**
 * The gateway's one HTTP error type, and the one place where any error becomes the JSON body
 * `{code, msg, trace}` (plus `fields` or `upstream` where they help). `code` is a stable
 * lowercase string; bad input never ends as a 500.
 *
 * The SDK's messages are written for code that calls the SDK (its options are `signatureKey`,
 * `customerNoField`...). Whoever reads the gateway's answers runs the gateway: here those hints
 * name the gateway's variables instead.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { httpErrorResponse, isPasstoError } from 'passto';
import type { GatewayBindings } from './bindings.ts';
import type { Vars } from './env.ts';

/**
 * An error the gateway answers with: status, stable code, a message safe to show, and any headers
 * the status calls for (`Allow`, `WWW-Authenticate`). A Hono `HTTPException`, so Hono's own
 * middleware and ours end in the same place: `errorResponse`.
 */
export class GatewayError extends HTTPException {
  override name = 'GatewayError';
  declare readonly status: ContentfulStatusCode;
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(status as ContentfulStatusCode, { message });
  }
}

/** The gateway's answer to any error: `{code, msg, trace}` (plus `extra`), its status and headers. */
export function errorResponse(c: Context<GatewayBindings>, error: unknown): Response {
  const known = toGatewayError(error);
  if (known.status === 500) console.error('unexpected error:', error instanceof Error ? error.name : typeof error);
  const trace = c.var.trace ?? crypto.randomUUID();
  return c.json({ code: known.code, msg: known.message, trace, ...known.extra }, known.status, known.headers);
}

function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  // Hono's own middleware throws these (a status the framework chose, a message without secrets);
  // a challenge it made (`WWW-Authenticate`, hono/jwt) is kept.
  if (error instanceof HTTPException) {
    const challenge = error.res?.headers.get('www-authenticate');
    const code = error.status === 401 ? 'unauthorized' : 'http_error';
    return new GatewayError(error.status, code, error.message || 'HTTP error', {}, challenge ? { 'WWW-Authenticate': challenge } : {});
  }
  // The library's own mapping (401 bad_signature, 400 invalid_request, 413, 502, 504, else 500),
  // plus what helps a caller here: the bad fields, and PassTo's own code and msg.
  const { status, code, msg } = httpErrorResponse(error);
  if (isPasstoError(error, 'ValidationError')) {
    const fields = error.issues.map((f) => ({ ...f, message: forOperator(f.message) }));
    return new GatewayError(status, code, forOperator(msg), { fields });
  }
  if (isPasstoError(error, 'ApiError')) {
    const upstream = { code: error.code, msg: error.msg };
    const hint = upstreamHint(error.msg);
    return new GatewayError(status, code, hint ? `PassTo refused the call (code ${error.code}): ${hint}` : msg, { upstream });
  }
  if (isPasstoError(error, 'SignatureError') && error.reason === 'mismatch') return new GatewayError(status, code, `${msg}. ${INBOUND_MISMATCH}`);
  return new GatewayError(status, code, msg);
}

/** The variable that sets each client option the SDK's hints name. */
const VARIABLE_OF: Record<string, keyof Vars> = {
  apiKey: 'PASSTO_API_KEY',
  signatureKey: 'PASSTO_SIGNATURE_KEY',
  platId: 'PASSTO_PLAT_ID',
  platIdParam: 'PASSTO_PLAT_ID_PARAM',
  customerNoField: 'PASSTO_CUSTOMER_NO_FIELD',
  baseUrl: 'PASSTO_BASE_URL',
  lang: 'PASSTO_LANG',
};

/** "the client option `customerNoField: 'customer_no'`" (src/client.ts) becomes "the gateway variable `PASSTO_CUSTOMER_NO_FIELD=customer_no`". */
function forOperator(text: string): string {
  return text.replace(/the client option `(\w+): '([^'`]*)'`/g, (whole, option: string, value: string) => {
    const variable = VARIABLE_OF[option];
    return variable ? `the gateway variable \`${variable}=${value}\`` : whole;
  });
}

// PassTo signs the path of the URL it called plus the raw body (platform spec, "Signing").
const INBOUND_MISMATCH =
  'If PassTo sent this call, PASSTO_SIGNATURE_KEY (or PASSTO_SIGNATURE_KEY_PREVIOUS during a rotation) is not the key PassTo signs with, ' +
  'or a proxy changed the path: set PUBLIC_URL to the public URL PassTo calls, path prefix included';

/**
 * PassTo's failure messages are not codified (platform spec, "Response envelope and errors"), so
 * the variable to check is recognized from the words of `msg`; the first match wins.
 */
const UPSTREAM_HINTS: readonly [RegExp, string][] = [
  [/signature/i, "the gateway's signature does not verify: check PASSTO_SIGNATURE_KEY (the signature key PassTo issued for PASSTO_PLAT_ID)"],
  [/api[-_ ]?key/i, 'check PASSTO_API_KEY (the api-key PassTo issued for PASSTO_PLAT_ID)'],
  [/plat_?id/i, 'PassTo did not find the platform id parameter: PASSTO_PLAT_ID_PARAM chooses its name (`platId` or `plat_id`)'],
  [/platform (is )?not found|unknown platform|no such platform/i, 'PassTo does not know this platform: check PASSTO_PLAT_ID (and PASSTO_BASE_URL)'],
  [/custom(er)?_no/i, 'PASSTO_CUSTOMER_NO_FIELD chooses the name the number is sent under (`custom_no` or `customer_no`)'],
];

function upstreamHint(msg: string): string | undefined {
  return UPSTREAM_HINTS.find(([pattern]) => pattern.test(msg))?.[1];
}
