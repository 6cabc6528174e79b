/**
 * Receivers written to be wrong, one way each (issue 13, item 5), as fetch handlers: the checks
 * must catch each one, name it, and fail exactly the rules it breaks. With no fault they are
 * correct receivers, built on the SDK the way the README tells a platform to build them.
 */
// Relative imports, not the package names: the runtime conformance suite (test/runtime/cases/check.ts)
// runs these receivers on Deno, Bun and workerd too, whose harnesses resolve plain paths only.
import { creditLimitResponse, verifyCreditLimitRequest, verifyWebhook } from '../../src/index.ts';
import { WEBHOOK_EVENT_TYPES } from '../../src/schemas/index.ts';

export const KEY = 'receiver-test-signature-key';
export const WEBHOOK_PATH = '/webhooks/passto';
export const CREDIT_LIMIT_PATH = '/passto/credit-limit';
/** The test user's true credit, at full precision. */
export const TRUE_CREDIT = '1234.5678';

export type WebhookFault =
  | 'accepts-forgeries'
  | 'refuses-unknown-types'
  | 'refuses-duplicates'
  | 'slow'
  | 'refuses-old-spelling'
  | 'refuses-null-remark'
  | 'refuses-out-of-order';

export type CreditLimitFault = 'rounds-up' | 'wrong-digits' | 'bad-icon' | 'accepts-unsigned' | 'number-amount';

/** The four forgery rules' ids, sorted (pinned here, not read from the source). */
export const FORGERY_IDS = ['forgery.missing-signature', 'forgery.other-path', 'forgery.tampered-body', 'forgery.wrong-key'];

/** Each wrong receiver and exactly the rules it must fail, ids sorted (`slow` only warns: tested apart). */
export const WEBHOOK_FAULTS: readonly (readonly [WebhookFault, readonly string[]])[] = [
  ['accepts-forgeries', FORGERY_IDS],
  ['refuses-unknown-types', ['unknown-type']],
  ['refuses-duplicates', ['concurrent-copies', 'retry']],
  ['refuses-old-spelling', ['header-spellings']],
  ['refuses-null-remark', ['null-remark']],
  ['refuses-out-of-order', ['out-of-order']],
];

/** Each wrong credit-limit endpoint and exactly the rules it must fail, ids sorted. */
export const CREDIT_LIMIT_FAULTS: readonly (readonly [CreditLimitFault, readonly string[]])[] = [
  ['rounds-up', ['expect-amount']],
  ['wrong-digits', ['amount-digits']],
  ['number-amount', ['amount-digits']],
  ['bad-icon', ['icon-url']],
  ['accepts-unsigned', ['forgery.missing-signature']],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const json = (status: number, body: unknown) => Response.json(body, { status });

/** A webhook receiver with `fault` (none: a correct one). `delayMs` is how slow `slow` is. */
export function webhookReceiver(fault?: WebhookFault, delayMs = 60) {
  const seen = new Set<string>();
  const timedOut = new Set<string>();
  return async (request: Request): Promise<Response> => {
    if (fault === 'slow') await sleep(delayMs);
    if (fault === 'refuses-old-spelling' && !request.headers.has('signature')) return json(401, { code: 'missing_signature' });
    let event: { type: string; event_id: string; data: Record<string, unknown> };
    if (fault === 'accepts-forgeries') {
      event = JSON.parse(await request.text());
    } else {
      try {
        event = (await verifyWebhook(request, { keys: KEY, validateData: false })).event as typeof event;
      } catch {
        return json(401, { code: 'bad_signature' });
      }
    }
    if (fault === 'refuses-unknown-types' && !(WEBHOOK_EVENT_TYPES as string[]).includes(event.type)) return json(400, { code: 'unknown_type' });
    if (fault === 'refuses-null-remark' && event.data.remark === null) return json(400, { code: 'bad_remark' });
    if (fault === 'refuses-duplicates' && seen.has(event.event_id)) return json(409, { code: 'duplicate' });
    const token = String(event.data.token);
    if (fault === 'refuses-out-of-order' && event.type === 'PAY_SUCCESS' && timedOut.has(token)) return json(409, { code: 'session_ended' });
    if (event.type === 'PAY_TIMEOUT') timedOut.add(token);
    seen.add(event.event_id);
    return json(200, { code: 0, msg: 'success' });
  };
}

/** A credit-limit endpoint with `fault` (none: a correct one) answering `TRUE_CREDIT`. */
export function creditLimitEndpoint(fault?: CreditLimitFault) {
  return async (request: Request): Promise<Response> => {
    let call: { tag: string; currency: string; digits: number };
    if (fault === 'accepts-unsigned' && !request.headers.has('signature')) {
      const body = JSON.parse(await request.text());
      call = body.data;
    } else {
      try {
        call = await verifyCreditLimitRequest(request, { keys: KEY });
      } catch {
        return json(401, { code: 'bad_signature' });
      }
    }
    const icon = fault === 'bad-icon' ? '/static/credit.png' : 'https://shop.example/credit.png';
    const entry = { tag: 'main', amount: TRUE_CREDIT, currency: call.currency, icon, input: '<b>Credit</b>' };
    const answer = creditLimitResponse({ tag: call.tag || 'main', inputs: [entry] }, { digits: call.digits });
    const inputs = answer.data.inputs as { amount: string | number }[];
    // Number#toFixed rounds half up: the mistake the spec's "cut, never round up" forbids.
    if (fault === 'rounds-up') inputs[0]!.amount = Number(TRUE_CREDIT).toFixed(call.digits);
    if (fault === 'wrong-digits') inputs[0]!.amount = Number(TRUE_CREDIT).toFixed(2).replace(/\d$/, '');
    if (fault === 'number-amount') inputs[0]!.amount = Number(inputs[0]!.amount);
    return json(200, answer);
  };
}
