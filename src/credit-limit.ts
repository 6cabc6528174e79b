/**
 * The platform's credit-limit endpoint (platform spec, "Inbound: the platform's credit-limit
 * endpoint"): PassTo asks how much the user may spend; the platform answers with amounts at the
 * requested precision.
 */
import * as v from 'valibot';
import { ValidationError } from './errors/validation-error.ts';
import { DigitsSchema, formatAmount } from './format-amount.ts';
import { type InboundOptions, type InboundPayload, isRequest, readInbound, readInboundPayload } from './inbound.ts';
import { DEFAULT_LANG } from './lang.ts';
import {
  type CreditLimit,
  CreditLimitRequestBodySchema,
  type CreditLimitResponseBody,
  CreditLimitSchema,
} from './schemas/credit-limit.ts';
import { toFieldIssues } from './schemas/issues.ts';

/** Options of `verifyCreditLimitRequest`: as `verifyWebhook`'s. */
export type VerifyCreditLimitOptions = InboundOptions;

/** A verified credit-limit call. */
export interface CreditLimitRequest {
  /** The `token` header: the `customer_token` given to identify/auth (a secret: do not log it). */
  customer_token: string;
  /** The `lang` header, as given to identify/auth; `en-US` (the spec's default) when absent. */
  lang: string;
  /** The `trace` header. */
  trace: string | undefined;
  /** The `timestamp` header (13-digit milliseconds), as received; not signed. */
  timestamp: string | undefined;
  /** The currency asked for (`"CNY"`). */
  currency: string;
  /** The decimal places the amounts must have. */
  digits: number;
  /** The tag asked for; `""` when none. */
  tag: string;
  /** The body exactly as PassTo sent it. */
  rawBody: string;
  /** The index in `keys` of the key that matched. */
  keyIndex: number;
}

/**
 * Verifies a credit-limit call from PassTo (`GET_DEFAULT_ACCOUNT_CREDIT_LIMIT`): the signature
 * over path + raw body as `verifyWebhook` does, then the body and the `token` header. Like
 * `verifyWebhook`, it takes a `Request` or an `InboundPayload` (`{ body, headers, path }`).
 *
 * Rejects with a `SignatureError`, a `PayloadTooLargeError`, or a `ValidationError` (a signed
 * body of another type, bad `digits`, or no `token` header).
 *
 * @example
 * ```ts
 * import { creditLimitResponse, verifyCreditLimitRequest } from 'passto';
 * const call = await verifyCreditLimitRequest(request, { keys: env.PASSTO_KEY });
 * const limit = await lookUp(call.customer_token, call.currency, call.lang);
 * return Response.json(creditLimitResponse(limit, { digits: call.digits }));
 * ```
 */
export async function verifyCreditLimitRequest(input: Request | InboundPayload, options: VerifyCreditLimitOptions): Promise<CreditLimitRequest> {
  const names = { where: 'verifyCreditLimitRequest', what: 'credit-limit request' };
  const { body, rawBody, keyIndex, trace, header } = isRequest(input)
    ? await readInbound(input, options, CreditLimitRequestBodySchema, names)
    : await readInboundPayload(input, options, CreditLimitRequestBodySchema, names);
  const customer_token = header('token');
  if (customer_token === undefined || customer_token === '') {
    throw new ValidationError([{ path: 'token', message: 'expected the customer_token header' }], { trace, what: 'credit-limit request' });
  }
  const { tag, currency, digits } = body.data;
  return {
    customer_token,
    lang: header('lang') || DEFAULT_LANG,
    trace,
    timestamp: header('timestamp'),
    currency,
    digits,
    tag,
    rawBody,
    keyIndex,
  };
}

/**
 * Builds the answer to a credit-limit call: `{"data": {"tag", "inputs": [...]}}`, every `amount`
 * written with exactly `digits` decimal places, extra places cut toward zero (`formatAmount`).
 * Throws a `ValidationError` naming the bad fields.
 *
 * @example
 * ```ts
 * import { creditLimitResponse } from 'passto';
 * creditLimitResponse(
 *   { tag: 'main', inputs: [{ tag: 'main', amount: '1000.5', currency: 'CNY', icon: 'https://x/i.png', input: '<b>Credit</b>' }] },
 *   { digits: 2 },
 * ); // { data: { tag: 'main', inputs: [{ ..., amount: '1000.50' }] } }
 * ```
 */
export function creditLimitResponse(limit: CreditLimit, options: { digits: number }): CreditLimitResponseBody {
  const checked = v.safeParse(CreditLimitSchema, limit);
  const digits = v.safeParse(DigitsSchema, options?.digits);
  if (!checked.success || !digits.success) {
    const issues = [
      ...(checked.success ? [] : toFieldIssues(checked.issues)),
      ...(digits.success ? [] : toFieldIssues(digits.issues).map((issue) => ({ ...issue, path: 'digits' }))),
    ];
    throw new ValidationError(issues, { what: 'credit limit' });
  }
  return {
    data: {
      tag: checked.output.tag,
      inputs: checked.output.inputs.map((entry) => ({ ...entry, amount: formatAmount(entry.amount, digits.output) })),
    },
  };
}
