import { describe, expect, it } from 'vitest';
import {
  creditLimitResponse,
  SignatureError,
  sign,
  ValidationError,
  verifyCreditLimitRequest,
} from '../src/index.ts';
import { createSignedCreditLimitRequest, TEST_CUSTOMER_TOKEN } from '../src/testing.ts';
import { rejection } from './rejection.ts';

const KEY = 'credit-limit-key-'.repeat(6);
const URL_ = 'https://shop.example/api/v1/credit-pay/notify';

describe('verifyCreditLimitRequest', () => {
  it('returns customer_token, lang, trace, currency, digits and tag', async () => {
    const request = createSignedCreditLimitRequest({
      url: URL_,
      key: KEY,
      data: { tag: 'vip', currency: 'USD', digits: 3 },
      lang: 'zh-CN',
      headers: { trace: 'trace-7', timestamp: '1700000000000' },
    });
    const call = await verifyCreditLimitRequest(request, { keys: KEY });
    expect(call).toMatchObject({
      customer_token: TEST_CUSTOMER_TOKEN,
      lang: 'zh-CN',
      trace: 'trace-7',
      timestamp: '1700000000000',
      currency: 'USD',
      digits: 3,
      tag: 'vip',
      keyIndex: 0,
    });
    expect(JSON.parse(call.rawBody)).toStrictEqual({ type: 'GET_DEFAULT_ACCOUNT_CREDIT_LIMIT', data: { tag: 'vip', currency: 'USD', digits: 3 } });
  });

  it("verifies the spec's example body byte for byte, with the signerature spelling and a rotated key", async () => {
    const body = '{"type": "GET_DEFAULT_ACCOUNT_CREDIT_LIMIT", "data": {"tag": "", "currency": "CNY", "digits": 2}}';
    const request = createSignedCreditLimitRequest({ url: URL_, key: KEY, body, signatureHeader: 'signerature', headers: { lang: null } });
    const call = await verifyCreditLimitRequest(request, { keys: ['older', KEY] });
    expect(call).toMatchObject({ tag: '', currency: 'CNY', digits: 2, lang: 'en-US', keyIndex: 1, rawBody: body });
  });

  it('refuses a wrong key or a missing signature', async () => {
    const forged = createSignedCreditLimitRequest({ url: URL_, key: 'forger' });
    expect(await rejection(verifyCreditLimitRequest(forged, { keys: KEY }))).toBeInstanceOf(SignatureError);
    const unsigned = createSignedCreditLimitRequest({ url: URL_, key: KEY, headers: { signature: null } });
    expect((await rejection(verifyCreditLimitRequest(unsigned, { keys: KEY })) as SignatureError).reason).toBe('missing');
  });

  it('refuses a signed call without token, of another type, or with bad digits, naming the field', async () => {
    const cases: [Parameters<typeof createSignedCreditLimitRequest>[0], string][] = [
      [{ url: URL_, key: KEY, headers: { token: null } }, 'token'],
      [{ url: URL_, key: KEY, customer_token: '' }, 'token'],
      [{ url: URL_, key: KEY, body: JSON.stringify({ type: 'PAY_SUCCESS', data: { currency: 'CNY', digits: 2 } }) }, 'type'],
      [{ url: URL_, key: KEY, data: { digits: 9 } }, 'data.digits'],
      [{ url: URL_, key: KEY, data: { digits: 1.5 } }, 'data.digits'],
      [{ url: URL_, key: KEY, data: { digits: '2' as unknown as number } }, 'data.digits'],
      [{ url: URL_, key: KEY, data: { currency: 5 as unknown as string } }, 'data.currency'],
      [{ url: URL_, key: KEY, body: 'digits=2' }, ''],
    ];
    for (const [init, path] of cases) {
      const error = await rejection(verifyCreditLimitRequest(createSignedCreditLimitRequest(init), { keys: KEY }));
      expect(error, path).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toStrictEqual([path]);
    }
  });

  it('signs path + raw body: a call signed for another path is refused', async () => {
    const body = JSON.stringify({ type: 'GET_DEFAULT_ACCOUNT_CREDIT_LIMIT', data: { tag: '', currency: 'CNY', digits: 2 } });
    const request = new Request(URL_, { method: 'POST', body, headers: { token: 't', signature: sign({ key: KEY, path: '/api/v1/other', body }) } });
    expect(await rejection(verifyCreditLimitRequest(request, { keys: KEY }))).toBeInstanceOf(SignatureError);
  });
});

describe('creditLimitResponse', () => {
  const entry = { tag: 'main', amount: '1000.559', currency: 'CNY', icon: 'https://cdn.example/i.png', input: '<b>额度</b>' };

  it("answers in the spec's shape, amounts cut to the requested digits", () => {
    expect(creditLimitResponse({ tag: 'main', inputs: [entry, { ...entry, tag: 'b', amount: 5 }] }, { digits: 2 })).toStrictEqual({
      data: {
        tag: 'main',
        inputs: [
          { ...entry, amount: '1000.55' },
          { ...entry, tag: 'b', amount: '5.00' },
        ],
      },
    });
    expect(creditLimitResponse({ tag: '', inputs: [entry] }, { digits: 0 }).data.inputs[0]?.amount).toBe('1000');
    expect(creditLimitResponse({ tag: '', inputs: [] }, { digits: 2 })).toStrictEqual({ data: { tag: '', inputs: [] } });
  });

  it('refuses a negative amount with a message that says why', () => {
    expect(() => creditLimitResponse({ tag: 'main', inputs: [{ ...entry, amount: '-0.01' }] }, { digits: 2 })).toThrow(
      /inputs\.0\.amount: a non-negative amount/,
    );
    expect(creditLimitResponse({ tag: 'main', inputs: [{ ...entry, amount: '0' }] }, { digits: 2 }).data.inputs[0]?.amount).toBe('0.00');
  });

  it('keeps only the documented fields of each entry', () => {
    const extra = { ...entry, secret_note: 'internal' } as typeof entry;
    expect(creditLimitResponse({ tag: 'main', inputs: [extra] }, { digits: 2 }).data.inputs[0]).not.toHaveProperty('secret_note');
  });

  it('refuses bad limits and digits with a ValidationError naming the fields', () => {
    const bad: [unknown, unknown, string[]][] = [
      [{ tag: 'main', inputs: [{ ...entry, amount: '1e5' }] }, 2, ['inputs.0.amount']],
      // A credit limit is never negative: "-1.005" would otherwise be written as a larger credit.
      [{ tag: 'main', inputs: [entry, { ...entry, amount: '-1.005' }] }, 2, ['inputs.1.amount']],
      [{ tag: 'main', inputs: [{ ...entry, amount: -3 }] }, 2, ['inputs.0.amount']],
      [{ tag: 'main', inputs: [{ ...entry, icon: undefined }] }, 2, ['inputs.0.icon']],
      [{ tag: 1, inputs: 'none' }, 2, ['inputs', 'tag']],
      [{ tag: 'main', inputs: [entry] }, 12, ['digits']],
      [{ tag: 'main', inputs: [entry] }, undefined, ['digits']],
    ];
    for (const [limit, digits, paths] of bad) {
      let error: unknown;
      try {
        creditLimitResponse(limit as never, { digits: digits as number });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toStrictEqual(paths);
    }
  });
});
