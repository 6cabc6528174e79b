/**
 * The conformance kit (`passto/testing`'s checks) on each runtime: a correct receiver passes every
 * rule, one that skips verification fails exactly the four forgery rules, and a credit-limit
 * endpoint that rounds up fails exactly `expect-amount`. Handlers only: no server.
 */
import { creditLimitResponse, verifyCreditLimitRequest, verifyWebhook } from '../../../src/index.ts';
import { type CheckReport, checkCreditLimitEndpoint, checkWebhookReceiver } from '../../../src/testing.ts';
import { assertEqual, type Case, group } from '../harness.ts';

const KEY = 'runtime-check-signature-key';
const CREDIT = '1234.5678';

const failing = (report: CheckReport) => report.results.filter((r) => r.status === 'fail').map((r) => r.id).join(',');

function receiver(verifies: boolean) {
  return async (request: Request): Promise<Response> => {
    if (verifies) {
      try {
        await verifyWebhook(request, { keys: KEY, validateData: false });
      } catch {
        return Response.json({ code: 'bad_signature' }, { status: 401 });
      }
    }
    return Response.json({ code: 0 });
  };
}

function creditLimit(roundsUp: boolean) {
  return async (request: Request): Promise<Response> => {
    let call: Awaited<ReturnType<typeof verifyCreditLimitRequest>>;
    try {
      call = await verifyCreditLimitRequest(request, { keys: KEY });
    } catch {
      return Response.json({ code: 'bad_signature' }, { status: 401 });
    }
    const entry = { tag: 'main', amount: CREDIT, currency: call.currency, icon: 'https://shop.example/c.png', input: '<b>Credit</b>' };
    const answer = creditLimitResponse({ tag: 'main', inputs: [entry] }, { digits: call.digits });
    // Number#toFixed rounds half up: what "cut, never round up" forbids.
    if (roundsUp) answer.data.inputs[0]!.amount = Number(CREDIT).toFixed(call.digits);
    return Response.json(answer);
  };
}

export const checkCases: Case[] = group('check', [
  {
    name: 'checkWebhookReceiver passes a verifying receiver and fails exactly the forgeries of one that does not verify',
    async run() {
      const good = await checkWebhookReceiver(receiver(true), { key: KEY, path: '/hooks' });
      assertEqual(failing(good), '', 'a correct receiver fails nothing');
      assertEqual(good.summary.ok, true, 'summary.ok');
      const bad = await checkWebhookReceiver(receiver(false), { key: KEY, path: '/hooks' });
      assertEqual(failing(bad), 'forgery.tampered-body,forgery.wrong-key,forgery.other-path,forgery.missing-signature', 'the forgery rules');
      assertEqual(JSON.stringify(bad).includes(KEY), false, 'the key is in no result');
    },
  },
  {
    name: 'checkCreditLimitEndpoint passes a cutting endpoint and fails exactly expect-amount on a rounding one',
    async run() {
      const good = await checkCreditLimitEndpoint(creditLimit(false), { key: KEY, path: '/limit', expectAmount: CREDIT });
      assertEqual(failing(good), '', 'a correct endpoint fails nothing');
      const bad = await checkCreditLimitEndpoint(creditLimit(true), { key: KEY, path: '/limit', expectAmount: CREDIT });
      assertEqual(failing(bad), 'expect-amount', 'rounding up');
    },
  },
]);
