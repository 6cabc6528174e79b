/**
 * `checkWebhookReceiver`: sends signed deliveries to a platform's webhook receiver, as PassTo
 * would, and judges each answer against the platform spec ("Inbound: webhook events", "Signing").
 * PassTo counts only HTTP 200 as delivered and retries anything else, so the rules below ask for
 * 200 where a delivery must be kept and for anything but 2xx where it must be refused.
 */
import * as v from 'valibot';
import { checkForgeries, type Forgery, type ForgeryVariant, forgeryRules } from './check-forgeries.ts';
import { probeResult as result, type SentProbe as Sent } from './check-probe-result.ts';
import { type CheckReport, type CheckResult, type CheckRule, notCheckableResults, summarizeChecks, WEBHOOK_NOT_CHECKABLE } from './check-rule.ts';
import { CHECK_TARGET_ENTRIES, type CheckTarget, type CheckTargetOptions, openTarget, parseCheckOptions, TimeoutSchema } from './check-target.ts';
import { WEBHOOK_EVENT_TYPES } from './schemas/webhook-events.ts';
import { createSignedWebhookRequest, createWebhookEvent, testPayment, type WebhookEnvelope } from './signed-test-requests.ts';
import { type SamplePayment, sampleWebhookData } from './webhook-event-samples.ts';

/** Options of `checkWebhookReceiver`. */
export interface CheckWebhookReceiverOptions extends CheckTargetOptions {
  /** Milliseconds each answer may take (default 10 000). */
  timeout?: number;
  /** Milliseconds above which an answer is slow: a warning (default 2 000). */
  slowAfter?: number;
}

/** The defaults of `CheckWebhookReceiverOptions`. */
export const WEBHOOK_CHECK_DEFAULTS = { timeout: 10_000, slowAfter: 2_000 } as const;

const OptionsSchema = v.object({ ...CHECK_TARGET_ENTRIES, timeout: v.optional(TimeoutSchema), slowAfter: v.optional(TimeoutSchema) });

const EVENTS = 'Inbound: webhook events';
const COPIES = 10;

/** The webhook check's rules by name. */
export type WebhookRuleName = 'documentedTypes' | 'unknownType' | 'nullRemark' | 'retry' | 'concurrentCopies' | 'outOfOrder' | Forgery | 'headerSpellings' | 'speed';

/** The rules, in the order they run (`speed` judges every answer of the others). */
export const WEBHOOK_RULES: Readonly<Record<WebhookRuleName, CheckRule>> = {
  documentedTypes: { id: 'documented-types', title: 'Every documented event type answers 200', specSection: EVENTS, required: true },
  unknownType: { id: 'unknown-type', title: 'An unknown type with unknown fields answers 200', specSection: EVENTS, required: true },
  nullRemark: { id: 'null-remark', title: '"remark": null and empty amounts answer 200', specSection: EVENTS, required: true },
  retry: { id: 'retry', title: 'The same event_id again with retry 1 answers 200', specSection: EVENTS, required: true },
  concurrentCopies: {
    id: 'concurrent-copies',
    title: `${COPIES} concurrent copies: 200, or 200 plus retryable 409/5xx`,
    specSection: EVENTS,
    required: true,
  },
  outOfOrder: { id: 'out-of-order', title: 'PAY_SUCCESS after PAY_TIMEOUT answers 200', specSection: EVENTS, required: true },
  ...forgeryRules({
    tamperedBody: 'A tampered body is refused',
    wrongKey: 'A signature with another key is refused',
    otherPath: 'A signature over another path is refused',
    missingSignature: 'A delivery without a signature is refused',
  }),
  headerSpellings: { id: 'header-spellings', title: 'Both `signature` and `signerature` headers answer 200', specSection: EVENTS, required: true },
  speed: { id: 'speed', title: 'Each answer within the timeout (warn when slow)', specSection: EVENTS, required: true },
};

/**
 * Checks a webhook receiver from outside: every documented type, tolerance of unknown types and
 * of `null` fields, retries and concurrent copies, out-of-order events, four forgeries (each
 * with a fresh `event_id`, so a refusal cannot be a duplicate's answer), both signature header
 * spellings, and speed. Resolves to one result per rule, plus the duties no request can see
 * (`not-checkable`, with what to test yourself); rejects only on bad options (`ValidationError`).
 *
 * @example
 * ```ts
 * import { checkWebhookReceiver } from 'passto/testing';
 * const report = await checkWebhookReceiver(app.fetch, { key: 'test-key', path: '/webhooks/passto' });
 * expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
 * ```
 */
export async function checkWebhookReceiver(target: CheckTarget, options: CheckWebhookReceiverOptions): Promise<CheckReport> {
  const parsed = parseCheckOptions(target, options, OptionsSchema, 'webhook check options');
  const timeout = parsed.timeout ?? WEBHOOK_CHECK_DEFAULTS.timeout;
  const slowAfter = parsed.slowAfter ?? WEBHOOK_CHECK_DEFAULTS.slowAfter;
  const endpoint = openTarget(target, parsed as CheckTargetOptions);
  const all: Sent[] = [];

  type Variant = ForgeryVariant & { signatureHeader?: 'signature' | 'signerature' };
  const deliver = async (event: WebhookEnvelope, sent: string, variant: Variant = {}): Promise<Sent> => {
    const request = createSignedWebhookRequest({
      url: endpoint.url,
      key: variant.key ?? parsed.key,
      path: variant.path ?? endpoint.path,
      event,
      ...(variant.signatureHeader ? { signatureHeader: variant.signatureHeader } : {}),
      ...(variant.unsigned ? { headers: { signature: null } } : {}),
    });
    const final = variant.tamper ? tampered(request, event) : request;
    const result = { ...(await endpoint.probe(final, timeout)), sent };
    all.push(result);
    return result;
  };
  const R = WEBHOOK_RULES;
  const results: CheckResult[] = [];

  const documented: Sent[] = [];
  for (const type of WEBHOOK_EVENT_TYPES) documented.push(await deliver(eventOf(type), type));
  results.push(judgeAll200(R.documentedTypes, documented, timeout));

  const unknown = eventOf('CREDIT_ADJUSTED', { future_field: { nested: [1, 'two'] }, amount: '1.00' }, { schema_version: 2 });
  results.push(judgeAll200(R.unknownType, [await deliver(unknown, 'CREDIT_ADJUSTED (unknown type, unknown fields)')], timeout));

  // As PassTo's Java backend serializes an unset String: null, and an unpaid order's amount empty.
  const nulls = [
    await deliver(eventOf('PAY_TIMEOUT', { remark: null }), 'PAY_TIMEOUT remark null'),
    await deliver(eventOf('PAY_FAILED', { remark: null, amount: '' }), 'PAY_FAILED remark null, amount ""'),
  ];
  results.push(judgeAll200(R.nullRemark, nulls, timeout));

  const first = eventOf('PAY_SUCCESS');
  results.push(
    judgeAll200(R.retry, [await deliver(first, 'PAY_SUCCESS retry 0'), await deliver({ ...first, retry: 1 }, 'PAY_SUCCESS same event_id retry 1')], timeout),
  );

  const copy = eventOf('PAY_SUCCESS');
  const copies = await Promise.all(Array.from({ length: COPIES }, (_, i) => deliver(copy, `PAY_SUCCESS copy ${i + 1} of ${COPIES}`)));
  // PassTo retries a 409/5xx copy later: that retry must then get 200.
  const later = await deliver({ ...copy, retry: 1 }, 'PAY_SUCCESS same event_id retry 1, after the copies');
  results.push(judgeCopies(R.concurrentCopies, copies, later, timeout));

  // One session: PAY_TIMEOUT (the spec's empty order fields), then PAY_SUCCESS for it.
  const session = payment();
  const order = [
    await deliver(eventOf('PAY_TIMEOUT', {}, {}, session), 'PAY_TIMEOUT'),
    await deliver(eventOf('PAY_SUCCESS', {}, {}, session), 'PAY_SUCCESS of the same session, after PAY_TIMEOUT'),
  ];
  results.push(judgeAll200(R.outOfOrder, order, timeout));

  // Each forgery is a fresh event, so a refusal cannot be a duplicate's answer.
  const forged = (variant: ForgeryVariant, sent: string) => deliver(eventOf('PAY_SUCCESS'), sent, variant);
  const forgeries = await checkForgeries(R, { key: parsed.key, path: endpoint.path }, forged, {
    sent: (otherPath) => ({
      tamperedBody: 'PAY_SUCCESS, amount changed after signing',
      wrongKey: 'PAY_SUCCESS signed with another key',
      otherPath: `PAY_SUCCESS signed over ${otherPath}`,
      missingSignature: 'PAY_SUCCESS without a signature header',
    }),
    accepted: 'A FORGERY',
    harm: 'anyone could fake this event',
    unanswered: (probe) => describe(probe, timeout),
  });
  results.push(...forgeries);

  const spellings = [
    await deliver(eventOf('PAY_SUCCESS'), 'PAY_SUCCESS, signature header', { signatureHeader: 'signature' }),
    await deliver(eventOf('PAY_SUCCESS'), 'PAY_SUCCESS, signerature header', { signatureHeader: 'signerature' }),
  ];
  results.push(judgeAll200(R.headerSpellings, spellings, timeout));

  results.push(judgeSpeed(R.speed, all, timeout, slowAfter));
  results.push(...notCheckableResults(WEBHOOK_NOT_CHECKABLE));
  return { subject: 'webhook receiver', target: endpoint.label, results, summary: summarizeChecks(results) };
}

let sequence = 0;

/** A fresh payment: its own user token and order numbers, so no two checks' deliveries look related. */
function payment(): SamplePayment {
  const id = `${Date.now().toString(36)}${(sequence++).toString(36)}${crypto.randomUUID().slice(0, 8)}`;
  return testPayment({ token: `passto-check-${id}`, order_no: `CHK${id}`, charge_order_no: `CHG${id}` });
}

function eventOf(type: string, data: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}, of: SamplePayment = payment()): WebhookEnvelope {
  return createWebhookEvent(type, { ...sampleWebhookData(type, of), ...data }, envelope);
}

/** The signed request with its body changed after signing: a larger amount, as a forger would. */
function tampered(request: Request, event: WebhookEnvelope): Request {
  const data = event.data as Record<string, unknown>;
  const body = JSON.stringify({ ...event, data: { ...data, amount: '999999.00' } });
  return new Request(request.url, { method: 'POST', headers: request.headers, body });
}

function describe(probe: Sent, timeout: number): string {
  if (probe.error === 'timeout') return `no answer within ${timeout} ms`;
  if (probe.error === 'network') return 'no answer (the connection failed)';
  return `HTTP ${probe.status}`;
}

function slowest(probes: readonly Sent[]): Sent {
  return probes.reduce((a, b) => (b.ms > a.ms ? b : a));
}

/** Every delivery must get exactly 200: PassTo retries any other answer, a 2xx included. */
function judgeAll200(rule: CheckRule, probes: readonly Sent[], timeout: number): CheckResult {
  const bad = probes.filter((p) => p.status !== 200);
  if (bad.length === 0) return result(rule, 'pass', slowest(probes), probes.length, `${probes.length} of ${probes.length} answered 200`);
  // Grouped by outcome: eleven types refused alike read as one line, not eleven.
  const groups = new Map<string, string[]>();
  for (const p of bad) groups.set(describe(p, timeout), [...(groups.get(describe(p, timeout)) ?? []), p.sent]);
  const named = [...groups].map(([outcome, sent]) => `${sent.join(', ')}: ${outcome}`).join('; ');
  return result(rule, 'fail', bad[0], probes.length, `${named} (PassTo counts only 200 as delivered, and retries the rest)`);
}

/** Concurrent copies: at least one 200, the others 200 or retryable (409, 5xx); then a retry gets 200. */
function judgeCopies(rule: CheckRule, copies: readonly Sent[], later: Sent, timeout: number): CheckResult {
  const requests = copies.length + 1;
  const wrong = copies.filter((p) => !(p.status === 200 || p.status === 409 || (p.status !== null && p.status >= 500 && p.status < 600)));
  if (wrong.length > 0) {
    return result(rule, 'fail', wrong[0], requests, `${wrong.length} copies got ${describe(wrong[0]!, timeout)}: only 200, or a retryable 409/5xx, is right for a copy`);
  }
  const ok = copies.filter((p) => p.status === 200).length;
  if (ok === 0) return result(rule, 'fail', copies[0], requests, 'no copy answered 200');
  if (later.status !== 200) return result(rule, 'fail', later, requests, `after the copies, a retry got ${describe(later, timeout)}: the event was never acknowledged`);
  const rest = ok === copies.length ? 'all' : `${ok} of ${copies.length}`;
  const others = ok === copies.length ? '' : ', the rest 409/5xx';
  return result(rule, 'pass', slowest(copies), requests, `${rest} copies answered 200${others}; a retry after them 200`);
}

/** PassTo's retry clock starts from a failed answer: a slow receiver delays every retry. */
function judgeSpeed(rule: CheckRule, probes: readonly Sent[], timeout: number, slowAfter: number): CheckResult {
  const worst = slowest(probes);
  const timedOut = probes.filter((p) => p.error === 'timeout');
  if (timedOut.length > 0) return result(rule, 'fail', timedOut[0], probes.length, `${timedOut.length} answers did not come within ${timeout} ms`);
  const slow = probes.filter((p) => p.ms > slowAfter);
  if (slow.length > 0) return result(rule, 'warn', worst, probes.length, `${slow.length} answers took over ${slowAfter} ms (slowest ${worst.ms} ms)`);
  return result(rule, 'pass', worst, probes.length, `slowest answer ${worst.ms} ms`);
}
