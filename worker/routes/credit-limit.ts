/**
 * `POST /v1/credit-limit`: PassTo asks for the user's credit limit (GET_DEFAULT_ACCOUNT_CREDIT_LIMIT).
 * The gateway verifies it, asks the platform backend (`CREDIT_LIMIT_URL`, signed with
 * `FORWARD_SIGNATURE_KEY`; redirects are not followed) or reads `CREDIT_LIMIT_STATIC`, and answers
 * in the spec's shape with amounts cut to the requested `digits`. A token the backend does not know
 * (404) gets the same status and shape as a known one, with no `inputs`.
 */
import { type Context, Hono } from 'hono';
import type * as v from 'valibot';
import { createSigner, creditLimitResponse, verifyCreditLimitRequest } from 'passto';
import type { GatewayBindings } from '../bindings.ts';
import { type GatewayConfig, readConfig } from '../env.ts';
import { callBackend, describeRedirect } from '../backend-call.ts';
import { GatewayError } from '../http-error.ts';
import { BackendCreditLimitSchema } from '../schemas.ts';
import { passtoKeys, requireUsable, signedInboundPath } from '../upstream.ts';
import { type Blame, parseJson, parseOrThrow } from '../validate.ts';

export const creditLimit = new Hono<GatewayBindings>();

creditLimit.post('/', async (c) => {
  const config = readConfig(c.env);
  const request = await verifyCreditLimitRequest(c.req.raw, { keys: passtoKeys(c), path: signedInboundPath(c) });
  const query: CreditLimitQuery = {
    customer_token: request.customer_token,
    lang: request.lang,
    currency: request.currency,
    digits: request.digits,
    tag: request.tag,
  };
  requireUsable(c, 'CREDIT_LIMIT_URL');
  const limit = config.creditLimit.url ? await askBackend(c, config, query) : staticLimit(config);
  return c.json(creditLimitResponse(limit, { digits: request.digits }));
});

type BackendLimit = v.InferOutput<typeof BackendCreditLimitSchema>;

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
    signature: createSigner(config.forward.signatureKey)(new URL(url).pathname, body),
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
    case 'timeout':
      throw new GatewayError(504, 'upstream_timeout', `The credit-limit backend did not answer within ${timeoutMs} ms`);
    case 'unreachable':
      throw new GatewayError(502, 'upstream_error', 'The credit-limit backend could not be reached');
  }
}
