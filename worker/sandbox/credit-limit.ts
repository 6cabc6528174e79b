/**
 * The cashier's credit-limit lookup, as PassTo makes it (platform spec, "Inbound: the platform's
 * credit-limit endpoint"): a signed GET_DEFAULT_ACCOUNT_CREDIT_LIMIT call to the gateway's
 * `POST /v1/credit-limit`, unless identify/auth already carried `credit_limit_available_cards`,
 * which take priority. The call goes in-process on the SDK's transport, with a bounded wait and read.
 */
import * as v from 'valibot';
import { DECIMAL_PATTERN } from 'passto/schemas';
import { toFieldIssues } from 'passto/schemas';
import { isPasstoError, sign } from 'passto';
import { type Answer, MAX_ANSWER_BYTES, send } from 'passto/internal';
import type { GatewayConfig } from '../env.ts';
import type { SandboxCode } from './codes.ts';
import { SANDBOX } from './defaults.ts';
import { gatewayTarget } from './gateway-path.ts';

const CardSchema = v.looseObject({
  tag: v.string('a string'),
  amount: v.union([v.pipe(v.string(), v.regex(DECIMAL_PATTERN)), v.pipe(v.number(), v.finite(), v.transform(String))], 'a decimal amount'),
  currency: v.string('a string'),
  icon: v.optional(v.string('a string'), ''),
  input: v.optional(v.string('a string'), ''),
});

const AnswerSchema = v.looseObject({
  data: v.looseObject({ tag: v.optional(v.string('a string'), ''), inputs: v.array(CardSchema, 'an array') }, 'an object'),
});

/** One credit-limit entry: `input` is platform HTML, `icon` a URL. */
export type CreditCard = v.InferOutput<typeof CardSchema>;

/** What the cashier shows: the entries, the one picked, and where they came from. */
export type CreditLimit =
  | { ok: true; source: 'identify/auth' | 'credit-limit call'; status: number | null; cards: CreditCard[]; picked: CreditCard | undefined }
  | { ok: false; status: number | null; msg: string };

/**
 * The session's credit limit: the cards given to identify/auth, or the gateway's answer.
 *
 * @example
 * ```ts
 * const limit = await loadCreditLimit({ config, dispatch: c.var.dispatch, origin, trace: c.var.trace }, session);
 * ```
 */
export async function loadCreditLimit(
  ctx: { config: GatewayConfig; dispatch: (request: Request) => Promise<Response>; origin: string; trace: string },
  session: SandboxCode,
): Promise<CreditLimit> {
  if (session.credit_limit_cards !== null) {
    const cards = v.parse(v.array(CardSchema), JSON.parse(session.credit_limit_cards));
    return { ok: true, source: 'identify/auth', status: null, cards, picked: pick(cards, session.credit_limit_tag ?? '') };
  }
  const body = JSON.stringify({
    type: 'GET_DEFAULT_ACCOUNT_CREDIT_LIMIT',
    data: { tag: session.credit_limit_tag ?? '', currency: 'CNY', digits: 2 },
  });
  const target = gatewayTarget(ctx.config, ctx.origin, SANDBOX.creditLimitPath);
  const timeout = ctx.config.creditLimit.timeoutMs + SANDBOX.creditLimitTimeoutMarginMs;
  let answer: Answer;
  try {
    answer = await send(
      {
        url: target.url,
        headers: {
          'content-type': 'application/json',
          signature: sign({ key: ctx.config.sandbox.signatureKey, path: target.path, body }),
          token: session.customer_token,
          trace: ctx.trace,
          lang: session.lang,
          timestamp: String(Date.now()),
        },
        body,
        trace: ctx.trace,
        // In-process: the gateway's own app answers.
        fetch: (input, init) => ctx.dispatch(new Request(input, init)),
        timeout,
      },
      (reply) => reply,
    );
  } catch (error) {
    const msg = isPasstoError(error, 'TimeoutError') ? `the gateway did not answer within ${timeout} ms` : 'the credit-limit call failed before an answer';
    return { ok: false, status: null, msg };
  }
  const { status, text } = answer;
  if (text === undefined) return { ok: false, status, msg: `the answer is larger than ${MAX_ANSWER_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, status, msg: 'the answer is not JSON' };
  }
  if (status !== 200) return { ok: false, status, msg: describeError(json) };
  const parsed = v.safeParse(AnswerSchema, json);
  if (!parsed.success) {
    const fields = toFieldIssues(parsed.issues).map((issue) => `${issue.path || '(body)'}: ${issue.message}`);
    return { ok: false, status, msg: `the answer has the wrong shape: ${fields.join('; ')}` };
  }
  const { tag, inputs } = parsed.output.data;
  return { ok: true, source: 'credit-limit call', status, cards: inputs, picked: pick(inputs, tag || (session.credit_limit_tag ?? '')) };
}

// The entry named by the tag, else the first.
function pick(cards: CreditCard[], tag: string): CreditCard | undefined {
  return cards.find((card) => card.tag === tag) ?? cards[0];
}

// The gateway's error body {code, msg}, which never carries a secret.
function describeError(json: unknown): string {
  if (typeof json === 'object' && json !== null) {
    const { code, msg } = json as { code?: unknown; msg?: unknown };
    if (typeof msg === 'string') return typeof code === 'string' || typeof code === 'number' ? `${code}: ${msg}` : msg;
  }
  return 'an error without a message';
}
