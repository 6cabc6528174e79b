/**
 * The conformance kit (`passto/testing`'s checks) on each runtime, against the same wrong
 * receivers as test/check/check-receivers.test.ts: a correct receiver and endpoint pass every
 * rule, and each wrong one fails exactly the rules it breaks (issue 13: "in the CLI and through
 * the library on Node, Deno and Bun"; workerd runs it too). Handlers only: no server.
 */
import { type CheckReport, checkCreditLimitEndpoint, checkWebhookReceiver } from '../../../src/testing.ts';
import {
  CREDIT_LIMIT_FAULTS,
  CREDIT_LIMIT_PATH,
  creditLimitEndpoint,
  KEY,
  TRUE_CREDIT,
  WEBHOOK_FAULTS,
  WEBHOOK_PATH,
  webhookReceiver,
} from '../../check/receivers.ts';
import { assertEqual, type Case, group } from '../harness.ts';

const failing = (report: CheckReport) =>
  report.results
    .filter((r) => r.status === 'fail')
    .map((r) => r.id)
    .sort()
    .join(',');

const webhookOptions = { key: KEY, path: WEBHOOK_PATH };
const creditLimitOptions = { key: KEY, path: CREDIT_LIMIT_PATH, expectAmount: TRUE_CREDIT };

export const checkCases: Case[] = group('check', [
  {
    name: 'checkWebhookReceiver passes a correct receiver and fails each wrong one on exactly its rules',
    async run() {
      const good = await checkWebhookReceiver(webhookReceiver(), webhookOptions);
      assertEqual(failing(good), '', 'a correct receiver fails nothing');
      assertEqual(good.summary.ok, true, 'summary.ok');
      for (const [fault, rules] of WEBHOOK_FAULTS) {
        const bad = await checkWebhookReceiver(webhookReceiver(fault), webhookOptions);
        assertEqual(failing(bad), rules.join(','), `a receiver that ${fault}`);
        assertEqual(JSON.stringify(bad).includes(KEY), false, `${fault}: the key is in no result`);
      }
    },
  },
  {
    name: 'checkCreditLimitEndpoint passes a correct endpoint and fails each wrong one on exactly its rules',
    async run() {
      const good = await checkCreditLimitEndpoint(creditLimitEndpoint(), creditLimitOptions);
      assertEqual(failing(good), '', 'a correct endpoint fails nothing');
      for (const [fault, rules] of CREDIT_LIMIT_FAULTS) {
        const bad = await checkCreditLimitEndpoint(creditLimitEndpoint(fault), creditLimitOptions);
        assertEqual(failing(bad), rules.join(','), `an endpoint that ${fault}`);
      }
    },
  },
]);
