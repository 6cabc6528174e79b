/**
 * `POST /v1/credit-limit`: PassTo asks for the user's credit limit (GET_DEFAULT_ACCOUNT_CREDIT_LIMIT).
 * The gateway verifies it, asks the platform backend (`CREDIT_LIMIT_URL`, signed with
 * `FORWARD_SIGNATURE_KEY`) or reads `CREDIT_LIMIT_STATIC`, and answers in the spec's shape with
 * amounts cut to the requested `digits`.
 */
import { type Context, Hono } from 'hono';
import type * as v from 'valibot';
import { createSigner, creditLimitResponse, verifyCreditLimitRequest } from '../../src/index.ts';
import type { GatewayBindings } from '../app.ts';
import { type GatewayConfig, readConfig } from '../env.ts';
import { GatewayError } from '../http-error.ts';
import { BackendCreditLimitSchema } from '../schemas.ts';
import { passtoKeys, requireUsable, signedInboundPath } from '../upstream.ts';
import { type Blame, parseJson, parseOrThrow } from '../validate.ts';

export const creditLimit = new Hono<GatewayBindings>();

creditLimit.post('/', async (c) => {
  const config = readConfig(c.env);
  const request = await verifyCreditLimitRequest(c.req.raw, { keys: passtoKeys(c), path: signedInboundPath(c) });
  const query = {
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

/** Parses a credit limit; a bad one is the backend's failure (502) or the configuration's (503). */
function parseLimit(text: string, source: string, blame: Blame): BackendLimit {
  return parseOrThrow(BackendCreditLimitSchema, parseJson(text, source, blame), source, blame);
}

function staticLimit(config: GatewayConfig): BackendLimit {
  if (!config.creditLimit.static) throw new GatewayError(503, 'not_configured', 'Neither CREDIT_LIMIT_URL nor CREDIT_LIMIT_STATIC is set');
  return parseLimit(config.creditLimit.static, 'CREDIT_LIMIT_STATIC', { status: 503, code: 'not_configured' });
}

async function askBackend(c: Context<GatewayBindings>, config: GatewayConfig, query: Record<string, unknown>): Promise<BackendLimit> {
  const url = config.creditLimit.url!;
  // Fail closed: the backend could not tell an unsigned call (it carries a customer_token) from a forgery.
  if (!config.forward.signatureKey) throw new GatewayError(503, 'not_configured', 'FORWARD_SIGNATURE_KEY must be set to call CREDIT_LIMIT_URL');
  const body = JSON.stringify(query);
  const headers = {
    'content-type': 'application/json',
    trace: c.var.trace,
    signature: createSigner(config.forward.signatureKey)(new URL(url).pathname, body),
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.creditLimit.timeoutMs);
  try {
    const response = await c.var.fetch(url, { method: 'POST', headers, body, signal: controller.signal });
    const text = await response.text();
    if (!response.ok) throw new GatewayError(502, 'upstream_error', `The credit-limit backend answered HTTP ${response.status}`);
    return parseLimit(text, 'The credit-limit backend answer', { status: 502, code: 'upstream_error' });
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    if (controller.signal.aborted) {
      throw new GatewayError(504, 'upstream_timeout', `The credit-limit backend did not answer within ${config.creditLimit.timeoutMs} ms`);
    }
    throw new GatewayError(502, 'upstream_error', 'The credit-limit backend could not be reached');
  } finally {
    clearTimeout(timer);
  }
}
