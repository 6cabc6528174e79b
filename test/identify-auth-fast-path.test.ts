/**
 * identify/auth's fast paths (src/schemas/identify-auth-fast-path.ts) against the valibot schemas
 * they stand in for: on random answers and inputs, whatever a fast check takes the schema accepts,
 * with the same fields (for the input: the same keys in the same order, so the same signed bytes).
 * The common answer and input must take the fast path, or it would be tested on nothing.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { identifyAuthInputFast, isIdentifyAuthData } from '../src/schemas/identify-auth-fast-path.ts';
import { IdentifyAuthDataSchema, IdentifyAuthInputSchema, IdentifyAuthResponseSchema } from '../src/schemas/identify-auth.ts';

const ALL = { abortEarly: false } as const;

describe('identify/auth answer fast path', () => {
  const DATA = { ident_code: '0123456789abcdef0123456789ABCDEF', url: 'https://cashier.passto.credit/c?code=1' };
  const ODD_DATA_VALUES = [undefined, null, '', 1, '0123456789abcdef0123456789abcde', '0123456789abcdef0123456789abcdeg', `${DATA.ident_code}0`, 'javascript:x', 'http:/x', 'http://a b', 'HTTP://A.B', 'http://[::1]/', {}, []];
  const randomAnswer = fc
    .tuple(
      fc.dictionary(fc.constantFrom('ident_code', 'url', 'extra', '__proto__'), fc.constantFrom(...ODD_DATA_VALUES), { maxKeys: 2 }),
      fc.constantFrom(0, -0, 1, 0.5, '0', null, undefined),
      fc.constantFrom(undefined, 'resp-trace', '', 1),
      fc.constantFrom('object', 'array', 'null', 'string'),
    )
    .map(([edits, code, trace, shape]) => {
      const data = shape === 'object' ? { ...DATA, ...edits } : shape === 'array' ? [] : shape === 'null' ? null : 'x';
      return JSON.parse(JSON.stringify({ code, msg: 'success', data, trace })) as unknown;
    });

  it('refuses fields that only read as the documented ones, and data that is no object, as the schema does', () => {
    const odd = [
      { ...DATA, ident_code: [DATA.ident_code] },
      { ...DATA, url: [DATA.url] },
      Object.assign(() => {}, DATA),
      'x',
      7,
    ];
    for (const data of odd) {
      expect(isIdentifyAuthData(data)).toBe(false);
      expect(v.safeParse(IdentifyAuthDataSchema, data).success).toBe(false);
    }
  });

  it('takes the common answer, and its `data` is what the schema gives', () => {
    expect(isIdentifyAuthData(DATA)).toBe(true);
    const out = v.parse(IdentifyAuthDataSchema, DATA);
    expect([out.ident_code, out.url]).toEqual([DATA.ident_code, DATA.url]);
  });

  it('agrees with the response schema on random answers', () => {
    let fast = 0;
    fc.assert(
      fc.property(randomAnswer, (json) => {
        // The client's fast branch: a `code` of 0 and `data` the fast check takes.
        const envelope = json as { code?: unknown; data?: Record<string, unknown>; trace?: unknown };
        if (!(envelope.code === 0 && isIdentifyAuthData(envelope.data))) return;
        fast++;
        const slow = v.safeParse(IdentifyAuthResponseSchema, json, ALL);
        expect(slow.success).toBe(true);
        if (!slow.success) return;
        expect(slow.output.code).toBe(0);
        expect(slow.output.trace).toBe(envelope.trace);
        expect([slow.output.data.ident_code, slow.output.data.url]).toEqual([envelope.data?.ident_code, envelope.data?.url]);
      }),
      { numRuns: 10_000 },
    );
    expect(fast).toBeGreaterThan(100);
  });
});

describe('identify/auth input fast path', () => {
  const hour = () => Date.now() + 3_600_000;
  const INPUT = () => ({
    custom_no: 'ORD-1',
    customer_token: 'tok-0123456789',
    token_expire: hour(),
    callback_url: 'https://shop.example/cb',
    client_ip: '203.0.113.7',
  });
  /** The schema's checked input, which the fast path must give exactly: the same keys in the same order, the same values. */
  const slow = (input: unknown) => v.safeParse(IdentifyAuthInputSchema, input, ALL);
  const same = (fast: Record<string, unknown> | undefined, input: unknown) => {
    const s = slow(input);
    expect(s.success, JSON.stringify(input)).toBe(true);
    expect(Object.keys(fast ?? {})).toEqual(Object.keys(s.output as object));
    expect(JSON.stringify(fast)).toBe(JSON.stringify(s.output));
  };

  it('takes the common input, with or without the optional strings, whatever the order of its keys, as the schema builds it', () => {
    const base = INPUT();
    const inputs: Record<string, unknown>[] = [
      base,
      { ...base, session_sign: 's-1' },
      { ...base, credit_limit_tag: '' },
      { credit_limit_tag: 'vip', session_sign: '', ...base },
      { client_ip: '2001:db8::1', callback_url: 'http://localhost:8080/x?y=1', token_expire: Date.now() - 59_000, customer_token: 't', custom_no: 'n' },
      Object.assign(Object.create({ custom_no: 'inherited' }), { ...base, custom_no: undefined }, { custom_no: 'own' }),
    ];
    for (const input of inputs) {
      const fast = identifyAuthInputFast(input);
      expect(fast, JSON.stringify(input)).toBeDefined();
      same(fast, input);
    }
    // Known keys are read as valibot reads them: an inherited one counts.
    const inherited = Object.assign(Object.create({ session_sign: 'from-proto' }), base);
    expect(identifyAuthInputFast(inherited)).toMatchObject({ session_sign: 'from-proto' });
    same(identifyAuthInputFast(inherited), inherited);
  });

  it('leaves to the schema cards, an optional key that is not a string, an unknown key, a non-object, and every bad value', () => {
    const base = INPUT();
    const odd: unknown[] = [
      undefined,
      null,
      'x',
      7,
      [],
      () => base,
      // Read as the documented object would be, though valibot takes no function.
      Object.assign(() => {}, base),
      { ...base, credit_limit_available_cards: [] },
      Object.assign(Object.create({ credit_limit_available_cards: [] }), base),
      { ...base, session_sign: undefined },
      { ...base, session_sign: 1 },
      { ...base, credit_limit_tag: null },
      { ...base, customer_no: 'ORD-1' },
      { ...base, extra: 1 },
      { ...base, custom_no: '' },
      { ...base, custom_no: 1 },
      { ...base, customer_token: '' },
      { ...base, customer_token: ['t'] },
      { ...base, token_expire: String(base.token_expire) },
      { ...base, token_expire: base.token_expire + 0.5 },
      { ...base, token_expire: 999_999_999_999 },
      { ...base, token_expire: 1e13 },
      { ...base, token_expire: Date.now() - 61_000 },
      { ...base, token_expire: Number.NaN },
      { ...base, callback_url: 'javascript:alert(1)' },
      { ...base, callback_url: 'ftp://shop.example/' },
      { ...base, callback_url: 1 },
      { ...base, client_ip: '203.0.113.256' },
      { ...base, client_ip: 'localhost' },
      { ...base, client_ip: 203 },
      // Reads as an address once made a string; valibot wants a string.
      { ...base, client_ip: [base.client_ip] },
    ];
    for (const input of odd) expect(identifyAuthInputFast(input), JSON.stringify(input) ?? String(input)).toBeUndefined();
    for (const key of Object.keys(base)) {
      const { [key as keyof typeof base]: _gone, ...missing } = base;
      expect(identifyAuthInputFast(missing), key).toBeUndefined();
    }
  });

  it('agrees with the input schema on random inputs', () => {
    const GOOD: Record<string, unknown[]> = {
      custom_no: ['ORD-1', 'n', '订单-7'],
      customer_token: ['tok', 'eyJ.a.b'],
      token_expire: [hour(), 1e13 - 1],
      callback_url: ['https://shop.example/cb', 'HTTP://A.B/c', 'https://例え.jp/x'],
      client_ip: ['203.0.113.7', '::1', 'fe80::1%eth0'],
      session_sign: ['s', ''],
      credit_limit_tag: ['t', ''],
    };
    const BAD = [undefined, null, '', 0, 1e12 - 1, Date.now() - 120_000, 1.5, 'javascript:x', '1.2.3', [], {}, true];
    const keys = [...Object.keys(GOOD), 'credit_limit_available_cards', 'customer_no', 'other'];
    const randomInput = fc.dictionary(
      fc.constantFrom(...keys),
      fc.oneof(fc.constant('good'), fc.constant('bad'), fc.constant('good'), fc.constant('good')),
    ).chain((plan) =>
      fc.tuple(...Object.entries(plan).map(([key, kind]) =>
        (kind === 'good' && GOOD[key] ? fc.constantFrom(...GOOD[key]!) : fc.constantFrom(...BAD)).map((value) => [key, value] as const),
      )).map((entries) => Object.fromEntries(entries)),
    );
    const withRequired = fc.tuple(randomInput, fc.boolean()).map(([extra, complete]) => (complete ? { ...INPUT(), ...extra } : extra));
    let fast = 0;
    fc.assert(
      fc.property(withRequired, (input) => {
        const out = identifyAuthInputFast(input);
        if (out === undefined) return;
        fast++;
        same(out, input);
      }),
      { numRuns: 10_000 },
    );
    expect(fast).toBeGreaterThan(100);
  });
});
