/**
 * Proof that the checks judge correctly (issue 13, item 5): a correct receiver passes every
 * rule; each receiver wrong in one way fails exactly the rules that way breaks, no other.
 */
import { type CheckReport, checkCreditLimitEndpoint, checkWebhookReceiver } from 'passto/testing';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_LIMIT_FAULTS,
  CREDIT_LIMIT_PATH,
  creditLimitEndpoint,
  FORGERY_IDS,
  KEY,
  TRUE_CREDIT,
  WEBHOOK_FAULTS,
  WEBHOOK_PATH,
  webhookReceiver,
} from './receivers.ts';

const ids = (report: CheckReport, status: string) => report.results.filter((r) => r.status === status).map((r) => r.id).sort();

describe('checkWebhookReceiver', () => {
  it('passes a correct receiver on every rule, and lists what it cannot see', async () => {
    const report = await checkWebhookReceiver(webhookReceiver(), { key: KEY, path: WEBHOOK_PATH });
    expect(ids(report, 'fail')).toEqual([]);
    expect(ids(report, 'warn')).toEqual([]);
    expect(ids(report, 'not-checkable')).toEqual(['durable-before-200', 'order-state', 'processed-once', 'timestamp-not-trusted', 'unknown-fields-kept']);
    expect(report.summary).toMatchObject({ ok: true, fail: 0, pass: 12 });
    expect(report.target).toBe('fetch handler');
  });

  it.each(WEBHOOK_FAULTS)('a receiver that %s fails exactly %j', async (fault, failing) => {
    const report = await checkWebhookReceiver(webhookReceiver(fault), { key: KEY, path: WEBHOOK_PATH });
    expect(ids(report, 'fail')).toEqual(failing);
    expect(ids(report, 'warn')).toEqual([]);
    expect(report.summary.ok).toBe(false);
  });

  it('names an accepted forgery loudly, with the evidence and never the key', async () => {
    const report = await checkWebhookReceiver(webhookReceiver('accepts-forgeries'), { key: KEY, path: WEBHOOK_PATH });
    const forged = report.results.find((r) => r.id === 'forgery.wrong-key')!;
    expect(forged.detail).toMatch(/^ACCEPTED A FORGERY \(HTTP 200\)/);
    expect(forged.evidence).toMatchObject({ status: 200, requests: 1, sent: 'PAY_SUCCESS signed with another key' });
    expect(JSON.stringify(report)).not.toContain(KEY);
  });

  it('warns (does not fail) on a receiver slower than slowAfter but within the timeout', async () => {
    const report = await checkWebhookReceiver(webhookReceiver('slow', 25), { key: KEY, path: WEBHOOK_PATH, slowAfter: 10 });
    expect(ids(report, 'fail')).toEqual([]);
    expect(ids(report, 'warn')).toEqual(['speed']);
    expect(report.summary.ok).toBe(true);
  });

  it('fails speed and the rule whose delivery got no answer within the timeout', async () => {
    const correct = webhookReceiver();
    const hangsOnRenewal = async (request: Request) => {
      if ((await request.clone().text()).includes('"SESSION_RENEWAL"')) return new Promise<Response>(() => {});
      return correct(request);
    };
    const report = await checkWebhookReceiver(hangsOnRenewal, { key: KEY, path: WEBHOOK_PATH, timeout: 50 });
    expect(ids(report, 'fail')).toEqual(['documented-types', 'speed']);
    expect(report.results.find((r) => r.id === 'documented-types')!.detail).toContain('SESSION_RENEWAL: no answer within 50 ms');
  });

  /** A receiver that answers one delivery at a time, and each one arriving while it is busy with `whenBusy`. */
  const oneAtATime = (whenBusy: (busy: number) => Response) => {
    const correct = webhookReceiver();
    let busy = 0;
    return async (request: Request) => {
      busy += 1;
      try {
        if (busy > 1) return whenBusy(busy);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await correct(request);
      } finally {
        busy -= 1;
      }
    };
  };

  it('accepts 409/5xx for concurrent copies when one is 200 and a later retry is', async () => {
    const locking = oneAtATime((busy) => Response.json({ code: 'busy' }, { status: busy % 2 ? 409 : 503 }));
    const report = await checkWebhookReceiver(locking, { key: KEY, path: WEBHOOK_PATH });
    const copies = report.results.find((r) => r.id === 'concurrent-copies')!;
    expect(copies.status).toBe('pass');
    expect(copies.detail).toBe("1 of 10 copies answered 200, the rest 409/5xx; a retry after them 200");
  });

  it('fails concurrent copies answered 400, even with one 200', async () => {
    const refusing = oneAtATime(() => Response.json({ code: 'bad_request' }, { status: 400 }));
    const report = await checkWebhookReceiver(refusing, { key: KEY, path: WEBHOOK_PATH });
    const copies = report.results.find((r) => r.id === 'concurrent-copies')!;
    expect(copies.status).toBe('fail');
    expect(copies.detail).toBe('9 copies got HTTP 400: only 200, or a retryable 409/5xx, is right for a copy');
    expect(ids(report, 'fail')).toEqual(['concurrent-copies']);
  });

  it('signs `path` instead of the URL\'s (a proxy rewriting paths) and sends through the injected fetch', async () => {
    const receiver = webhookReceiver();
    const urls = new Set<string>();
    const behindProxy: typeof fetch = async (input, init) => {
      urls.add(String(input));
      return receiver(new Request(`http://internal${WEBHOOK_PATH}`, init));
    };
    const report = await checkWebhookReceiver('https://proxy.example/public/hooks', { key: KEY, path: WEBHOOK_PATH, fetch: behindProxy });
    expect(urls).toEqual(new Set(['https://proxy.example/public/hooks']));
    expect(report.target).toBe('https://proxy.example/public/hooks');
    expect(ids(report, 'fail')).toEqual([]);
  });

  it('repeats an event_id only for the retry and the copies: each forgery has its own', async () => {
    const receiver = webhookReceiver();
    const counts = new Map<string, number>();
    const counting = async (request: Request) => {
      const { event_id } = JSON.parse(await request.clone().text()) as { event_id: string };
      counts.set(event_id, (counts.get(event_id) ?? 0) + 1);
      return receiver(request);
    };
    await checkWebhookReceiver(counting, { key: KEY, path: WEBHOOK_PATH });
    expect([...counts.values()].filter((n) => n > 1).sort()).toEqual([11, 2]);
    expect([...counts.values()].reduce((a, b) => a + b)).toBe(35);
  });

  it('refuses bad options up front, naming each field and never the key', async () => {
    const error = await checkWebhookReceiver('ftp://x', { key: '', path: 'no-slash', timeout: 0 } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError' });
    expect((error as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['key', 'path', 'target', 'timeout']);
  });
});

describe('checkCreditLimitEndpoint', () => {
  const options = { key: KEY, path: CREDIT_LIMIT_PATH, expectAmount: TRUE_CREDIT };

  it('passes a correct endpoint on every rule', async () => {
    const report = await checkCreditLimitEndpoint(creditLimitEndpoint(), options);
    expect(ids(report, 'fail')).toEqual([]);
    expect(ids(report, 'warn')).toEqual([]);
    expect(ids(report, 'pass')).toEqual([
      'amount-digits',
      'answer-shape',
      'answer-time',
      'expect-amount',
      ...FORGERY_IDS,
      'icon-url',
      'inputs-present',
    ]);
  });

  it.each(CREDIT_LIMIT_FAULTS)('an endpoint that %s fails exactly %j', async (fault, failing) => {
    const report = await checkCreditLimitEndpoint(creditLimitEndpoint(fault), options);
    expect(ids(report, 'fail')).toEqual(failing);
    expect(report.summary.ok).toBe(false);
  });

  it('an answer of another revision\'s shape fails answer-shape only; the entry rules have nothing to judge', async () => {
    const correct = creditLimitEndpoint();
    const oldShape = async (request: Request) => {
      const response = await correct(request);
      if (response.status !== 200) return response;
      const { data } = (await response.json()) as { data: { tag: string; inputs: unknown[] } };
      return Response.json({ data: { tag: data.tag, available_cards: data.inputs } });
    };
    const report = await checkCreditLimitEndpoint(oldShape, options);
    expect(ids(report, 'fail')).toEqual(['answer-shape']);
    expect(ids(report, 'warn')).toEqual(['amount-digits', 'expect-amount', 'icon-url', 'inputs-present']);
    expect(report.results[0]!.detail).toBe('digits 2, CNY, lang en-US, tag "": data.inputs: missing');
  });

  it('an endpoint slower than the timeout fails answer-shape and answer-time; its refusals cannot be told', async () => {
    const correct = creditLimitEndpoint();
    const slow = async (request: Request) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return correct(request);
    };
    const report = await checkCreditLimitEndpoint(slow, { ...options, timeout: 20 });
    expect(ids(report, 'fail')).toEqual(['answer-shape', 'answer-time']);
    expect(ids(report, 'warn')).toEqual([
      'amount-digits',
      'expect-amount',
      ...FORGERY_IDS,
      'icon-url',
      'inputs-present',
    ]);
    expect(report.results.find((r) => r.id === 'answer-time')!.evidence).toMatchObject({ status: null, error: 'timeout' });
  });

  it('says "rounded up" with the amounts compared', async () => {
    const report = await checkCreditLimitEndpoint(creditLimitEndpoint('rounds-up'), options);
    expect(report.results.find((r) => r.id === 'expect-amount')!.detail).toBe(
      'digits 2, CNY, lang en-US, tag "": amount "1234.57", expected "1234.56" (1234.5678 cut to 2 places): ROUNDED UP: the cashier would offer credit the user does not have',
    );
  });

  it('lists expect-amount as not checkable without expectAmount', async () => {
    const report = await checkCreditLimitEndpoint(creditLimitEndpoint('rounds-up'), { key: KEY, path: CREDIT_LIMIT_PATH });
    expect(ids(report, 'fail')).toEqual([]);
    expect(report.results.find((r) => r.id === 'expect-amount')!.status).toBe('not-checkable');
  });

  it('sends the spec call: path, body, headers, token, and every digits 0, 2, 4', async () => {
    const seen: Request[] = [];
    const correct = creditLimitEndpoint();
    await checkCreditLimitEndpoint(
      (request) => {
        seen.push(request.clone());
        return correct(request);
      },
      { key: KEY, path: CREDIT_LIMIT_PATH, token: 'user-42-token' },
    );
    const first = seen[0]!;
    expect(new URL(first.url).pathname).toBe(CREDIT_LIMIT_PATH);
    expect(first.method).toBe('POST');
    expect(JSON.parse(await first.text())).toEqual({ type: 'GET_DEFAULT_ACCOUNT_CREDIT_LIMIT', data: { tag: '', currency: 'CNY', digits: 2 } });
    expect(first.headers.get('token')).toBe('user-42-token');
    expect(first.headers.get('lang')).toBe('en-US');
    expect(first.headers.get('signature')).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(first.headers.get('timestamp')).toMatch(/^\d{13}$/);
    const digits = await Promise.all(seen.slice(1, 4).map(async (r) => JSON.parse(await r.text()).data.digits));
    expect(digits).toEqual([0, 4, 2]);
  });

  it('warns, not fails, when the token has no entries', async () => {
    const empty = async (request: Request) => {
      const call = await import('passto').then((p) => p.verifyCreditLimitRequest(request, { keys: KEY })).catch(() => undefined);
      return call ? Response.json({ data: { tag: call.tag, inputs: [] } }) : Response.json({}, { status: 401 });
    };
    const report = await checkCreditLimitEndpoint(empty, options);
    expect(ids(report, 'fail')).toEqual([]);
    expect(ids(report, 'warn')).toEqual(['amount-digits', 'expect-amount', 'icon-url', 'inputs-present']);
  });
});
