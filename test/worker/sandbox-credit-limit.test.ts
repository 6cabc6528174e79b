/**
 * The sandbox's credit-limit call (worker/sandbox/credit-limit.ts) on the SDK's transport, with a
 * fake clock: a gateway handler that never answers ends the cashier's wait after the gateway's own
 * limit plus the sandbox's margin, and a huge answer is not read past the transport's bound.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { MAX_ANSWER_BYTES } from 'passto/internal';
import type { GatewayConfig } from '../../worker/env.ts';
import type { SandboxCode } from '../../worker/sandbox/codes.ts';
import { loadCreditLimit } from '../../worker/sandbox/credit-limit.ts';
import { SANDBOX } from '../../worker/sandbox/defaults.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const config = { sandbox: { signatureKey: 'sandbox-key' }, creditLimit: { timeoutMs: 3000 }, publicPathPrefix: '' } as GatewayConfig;
/** A session whose identify/auth carried no cards: the limit comes from the call. */
const session = { customer_token: 'tok', lang: 'en-US', credit_limit_tag: 'default', credit_limit_cards: null } as SandboxCode;
const ctx = (dispatch: (request: Request) => Promise<Response>) => ({ config, dispatch, origin: 'http://gateway.test', trace: 'trace-1' });

it('a handler that never answers fails the call after CREDIT_LIMIT_TIMEOUT_MS plus the margin', async () => {
  const dispatch = vi.fn((_request: Request) => new Promise<Response>(() => {}));
  let settled = false;
  const limit = loadCreditLimit(ctx(dispatch), session).finally(() => {
    settled = true;
  });
  const timeout = config.creditLimit.timeoutMs + SANDBOX.creditLimitTimeoutMarginMs;
  await vi.advanceTimersByTimeAsync(timeout - 1);
  expect(settled).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await new Promise((resolve) => setImmediate(resolve)); // the timer's I/O turn
  expect(settled).toBe(true);
  expect(await limit).toEqual({ ok: false, status: null, msg: `the gateway did not answer within ${timeout} ms` });
  const request = dispatch.mock.calls[0]![0];
  expect(request.url).toBe('http://gateway.test/v1/credit-limit');
  expect(request.headers.get('signature')).toBeTruthy();
});

it('reads no more of an answer than the transport allows', async () => {
  // Four times the bound, then the end: an unbounded read would take it all.
  let sent = 0;
  const huge = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 4 * MAX_ANSWER_BYTES) return controller.close();
      sent += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
    },
  });
  const limit = await loadCreditLimit(ctx(async () => new Response(huge, { status: 200 })), session);
  expect(limit).toEqual({ ok: false, status: 200, msg: `the answer is larger than ${MAX_ANSWER_BYTES} bytes` });
  expect(sent).toBeLessThan(2 * MAX_ANSWER_BYTES);
});

it('still reads the gateway’s answer', async () => {
  const answer = { data: { tag: 'default', inputs: [{ tag: 'default', amount: '10.00', currency: 'CNY' }] } };
  const limit = await loadCreditLimit(ctx(async () => Response.json(answer)), session);
  expect(limit).toMatchObject({ ok: true, source: 'credit-limit call', status: 200, picked: { tag: 'default', amount: '10.00' } });
});
