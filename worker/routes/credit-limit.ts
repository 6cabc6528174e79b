/**
 * `POST /v1/credit-limit`: PassTo asks for the user's credit limit (GET_DEFAULT_ACCOUNT_CREDIT_LIMIT).
 * The SDK's `passtoCreditLimit` verifies it and writes the answer; the gateway's `resolve` asks the platform backend (`CREDIT_LIMIT_URL`, signed with
 * `FORWARD_SIGNATURE_KEY`; redirects are not followed) or reads `CREDIT_LIMIT_STATIC`, and answers
 * in the spec's shape with amounts cut to the requested `digits`. A token the backend does not know
 * (404) gets the same status and shape as a known one, with no `inputs`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type * as v from 'valibot';
import type { CreditLimitRequest } from 'passto';
import { passtoCreditLimit } from 'passto/hono';
import type { GatewayBindings } from '../bindings.ts';
import { type GatewayConfig, readConfig } from '../env.ts';
import { callBackend, describeRedirect, signBackendCall } from '../backend-call.ts';
import { errorResponse, GatewayError } from '../http-error.ts';
import { BackendCreditLimitSchema } from '../schemas.ts';
import { passtoKeys, requireUsable, signedInboundPath } from '../upstream.ts';
import { type Blame, parseJson, parseOrThrow } from '../validate.ts';

/**
 * The route's handlers, the last one answering; mounted by the route table (worker/routes.ts).
 * The gateway's failures are `GatewayError`s, Hono `HTTPException`s that `passtoCreditLimit`
 * leaves to the app's error handler, as are its refusals (`respond`): every answer is the
 * gateway's `{code, msg, trace}`, with the operator's hints.
 */
export const answerCreditLimit: readonly MiddlewareHandler<GatewayBindings>[] = [
  passtoCreditLimit<GatewayBindings>({
    keys: passtoKeys,
    path: signedInboundPath,
    respond: (error, c) => errorResponse(c, error),
    // Only an error of the gateway's own code gets here (answered 500): logged by name, never its message.
    onError: (error) => console.error('unexpected error:', error instanceof Error ? error.name : typeof error),
    resolve: (request, c) => {
      requireUsable(c, 'CREDIT_LIMIT_URL');
      const config = readConfig(c.env);
      return config.creditLimit.url ? askBackend(c, config, queryOf(request)) : staticLimit(config);
    },
  }),
];

type BackendLimit = v.InferOutput<typeof BackendCreditLimitSchema>;

/** Only the verified call's token and question, nothing else of PassTo's body. */
function queryOf(request: CreditLimitRequest): CreditLimitQuery {
  const { customer_token, lang, currency, digits, tag } = request;
  return { customer_token, lang, currency, digits, tag };
}

/** What the gateway asks `CREDIT_LIMIT_URL`: the verified call's token and question. */
interface CreditLimitQuery {
  customer_token: string;
  lang: string;
  currency: string;
  digits: number;
  tag: string;
}

/** Parses a credit limit; a bad one is the backend's failure (502) or the configuration's (503). */
function parseLimit(text: string, source: string, blame: Blame): BackendLimit {
  return parseOrThrow(BackendCreditLimitSchema, parseJson(text, source, blame), source, blame);
}

function staticLimit(config: GatewayConfig): BackendLimit {
  if (!config.creditLimit.static) throw new GatewayError(503, 'not_configured', 'Neither CREDIT_LIMIT_URL nor CREDIT_LIMIT_STATIC is set');
  return parseLimit(config.creditLimit.static, 'CREDIT_LIMIT_STATIC', { status: 503, code: 'not_configured' });
}

/**
 * Asks `CREDIT_LIMIT_URL`. Its contract: 200 with a credit limit for a customer token it knows,
 * 404 for one it does not. A 404 is answered like any known token (200, the requested `tag`, no
 * `inputs`), so the answer does not tell a caller holding a replayed request whether a guessed
 * token is valid (README, Security). Other failures do not depend on the token: 502, or 504.
 */
async function askBackend(c: Context<GatewayBindings>, config: GatewayConfig, query: CreditLimitQuery): Promise<BackendLimit> {
  const url = config.creditLimit.url!;
  // Fail closed: the backend could not tell an unsigned call (it carries a customer_token) from a forgery.
  if (!config.forward.signatureKey) throw new GatewayError(503, 'not_configured', 'FORWARD_SIGNATURE_KEY must be set to call CREDIT_LIMIT_URL');
  const body = JSON.stringify(query);
  const headers = {
    'content-type': 'application/json',
    trace: c.var.trace,
    signature: signBackendCall(config.forward.signatureKey, url, body),
  };
  const { timeoutMs } = config.creditLimit;
  const answer = await callBackend(c.var.fetch, url, { headers, body }, { timeoutMs, readBody: true });
  switch (answer.kind) {
    case 'answered':
      if (answer.status === 404) return { tag: query.tag, inputs: [] };
      if (!answer.ok) throw new GatewayError(502, 'upstream_error', `The credit-limit backend answered HTTP ${answer.status}`);
      return parseLimit(answer.body, 'The credit-limit backend answer', { status: 502, code: 'upstream_error' });
    case 'redirect':
      throw new GatewayError(502, 'upstream_error', `The credit-limit backend answered ${describeRedirect(answer)}`);
    case 'too-large':
      throw new GatewayError(502, 'upstream_error', `The credit-limit backend's answer is larger than ${answer.limit} bytes`);
    case 'timeout':
      throw new GatewayError(504, 'upstream_timeout', `The credit-limit backend did not answer within ${timeoutMs} ms`);
    case 'unreachable':
      throw new GatewayError(502, 'upstream_error', 'The credit-limit backend could not be reached');
  }
}
