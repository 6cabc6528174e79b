/**
 * The sandbox's PassTo API, under `/sandbox/api` (PassTo's `{base}`): identify/auth, checked as
 * PassTo checks it (api-key, platform id, HMAC signature over the path relative to the base plus
 * the raw body, body schema), and identify/redirect (platform spec, "Outbound: identify/auth",
 * "Outbound: identify/redirect"). Every answer is PassTo's envelope; envelope.ts says which
 * failures use which HTTP status.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { IdentifyRedirectInputSchema } from 'passto/schemas';
import { toFieldIssues } from 'passto/schemas';
import { timingSafeEqual } from 'passto/internal';
import { utf8 } from 'passto/internal';
import { verify } from 'passto';
import type { GatewayBindings } from '../bindings.ts';
import { readConfig } from '../env.ts';
import { publicOrigin } from '../upstream.ts';
import { cashierUrl } from './cashier-url.ts';
import { findReusableCode, insertCode } from './codes.ts';
import { SANDBOX } from './defaults.ts';
import { type PasstoFailure, passtoFailure, passtoSuccess } from './envelope.ts';
import { CODE_FAILURES, exchangeCode } from './exchange.ts';
import { parseIdentifyAuthBody } from './identify-auth-body.ts';

/** The sandbox API, mounted at `/sandbox/api`. */
export const sandboxApi = new Hono<GatewayBindings>();

const NO_TRACE: PasstoFailure = { httpStatus: 400, code: 400, msg: 'the trace header is required' };
const BAD_API_KEY: PasstoFailure = { httpStatus: 401, code: 401, msg: 'api-key is missing or invalid' };
const NO_PLATFORM: PasstoFailure = { httpStatus: 400, code: 400, msg: 'platId is required in the query string' };
const UNKNOWN_PLATFORM: PasstoFailure = { httpStatus: 200, code: 404, msg: 'platform not found' };
const NO_SIGNATURE: PasstoFailure = { httpStatus: 401, code: 401, msg: 'signature is missing' };
const BAD_SIGNATURE: PasstoFailure = {
  httpStatus: 401,
  code: 401,
  msg: `signature mismatch: sign the path relative to the API base (${SANDBOX.identifyAuthPath}) followed by the raw body`,
};

sandboxApi.post('/v1/platform/identify/auth', async (c) => {
  const { sandbox } = readConfig(c.env);
  // The spec marks trace as required on identify/auth (the gateway would otherwise invent one).
  if (!c.req.header('trace')) return passtoFailure(c, NO_TRACE);
  if (!sameSecret(c.req.header('api-key'), sandbox.apiKey)) return passtoFailure(c, BAD_API_KEY);
  // The seed names the parameter platId, a later revision plat_id: both are accepted.
  const platId = c.req.query('platId') ?? c.req.query('plat_id');
  if (!platId) return passtoFailure(c, NO_PLATFORM);
  if (platId !== sandbox.platId) return passtoFailure(c, UNKNOWN_PLATFORM);
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const signature = c.req.header('signature');
  if (!signature) return passtoFailure(c, NO_SIGNATURE);
  if (!verify({ key: sandbox.signatureKey, path: SANDBOX.identifyAuthPath, body: raw, signature })) return passtoFailure(c, BAD_SIGNATURE);
  const parsed = parseIdentifyAuthBody(new TextDecoder().decode(raw));
  if (!parsed.ok) {
    const fields = parsed.issues.map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; ');
    return passtoFailure(c, { httpStatus: 400, code: 400, msg: `invalid body: ${fields}` });
  }
  const body = parsed.body;
  const now = Date.now();
  // session_sign: the same value again returns the code issued before, while it is unused and unexpired.
  const reused = body.session_sign ? await findReusableCode(c.env.DB, platId, body.session_sign, now) : null;
  const identCode = reused ?? newIdentCode();
  if (!reused) {
    await insertCode(c.env.DB, {
      ident_code: identCode,
      plat_id: platId,
      session_sign: body.session_sign ?? null,
      custom_no: body.custom_no,
      customer_token: body.customer_token,
      token_expire: body.token_expire,
      callback_url: body.callback_url,
      client_ip: body.client_ip,
      lang: c.req.header('lang') || SANDBOX.defaultLang,
      credit_limit_tag: body.credit_limit_tag ?? null,
      credit_limit_cards: body.credit_limit_available_cards ? JSON.stringify(body.credit_limit_available_cards) : null,
      created_at: now,
      expires_at: now + SANDBOX.codeTtlMs,
    });
  }
  return passtoSuccess(c, { ident_code: identCode, url: cashierUrl(publicOrigin(c), identCode) });
});

sandboxApi.post('/v1/identify/redirect', async (c) => {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    return passtoFailure(c, { httpStatus: 400, code: 400, msg: 'invalid body: not valid JSON' });
  }
  const parsed = v.safeParse(IdentifyRedirectInputSchema, json);
  if (!parsed.success) {
    const fields = toFieldIssues(parsed.issues).map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; ');
    return passtoFailure(c, { httpStatus: 400, code: 400, msg: `invalid body: ${fields}` });
  }
  const result = await exchangeCode(c.env.DB, readConfig(c.env), parsed.output.ident_code, Date.now());
  return result.ok ? passtoSuccess(c, { open_token: result.openToken }) : passtoFailure(c, CODE_FAILURES[result.reason]);
});

// Anything else under the API base answers as PassTo would, not with the gateway's error shape.
sandboxApi.all('*', (c) => passtoFailure(c, { httpStatus: 404, code: 404, msg: `no such endpoint: ${c.req.method} ${c.req.path}` }));

// 16 random bytes as 32 lowercase hex characters, like PassTo's codes.
function newIdentCode(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function sameSecret(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(utf8(given), utf8(expected));
}
