/**
 * identify/auth's answer fast path (src/schemas/identify-auth-fast-path.ts) against the valibot
 * schema it stands in for: on random answers, whatever the fast check takes the schema accepts,
 * with the same `data` fields and trace. The common answer must take the fast path, or it would be
 * tested on nothing.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isIdentifyAuthData } from '../src/schemas/identify-auth-fast-path.ts';
import { IdentifyAuthDataSchema, IdentifyAuthResponseSchema } from '../src/schemas/identify-auth.ts';

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
