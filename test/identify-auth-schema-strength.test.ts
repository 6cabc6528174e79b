/**
 * identify/auth's schemas pinned field by field: the message each wrong field gets (a caller reads
 * it, and it never holds the value), the token expiry's exact edge (TOKEN_EXPIRE_SKEW_MS in the
 * past is still accepted, one millisecond more is not) and the `ident_code` pattern anchored at
 * both ends. These call the schemas directly: the client's input fast path (tested apart) only
 * ever takes well-formed input.
 */
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdentifyAuthDataSchema, IdentifyAuthInputSchema, isTokenExpire, TOKEN_EXPIRE_SKEW_MS } from '../src/schemas/identify-auth.ts';
import { toFieldIssues } from '../src/schemas/issues.ts';

const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const issuesOf = (schema: v.GenericSchema, input: unknown) => {
  const parsed = v.safeParse(schema, input, { abortEarly: false });
  return parsed.success ? [] : toFieldIssues(parsed.issues);
};
const valid = { custom_no: 'c-1', customer_token: 'tok', token_expire: NOW + 60_000, callback_url: 'https://a.example/cb', client_ip: '203.0.113.7' };

describe('identify/auth input messages', () => {
  afterEach(() => void vi.useRealTimers());

  it('names what each wrong field must be', () => {
    vi.useFakeTimers({ now: NOW });
    const bad = {
      custom_no: 1,
      customer_token: '',
      token_expire: 'soon',
      callback_url: 'https://a.example/cb',
      client_ip: 7,
      session_sign: 1,
      credit_limit_tag: 1,
      credit_limit_available_cards: [{ tag: 1, amount: '1.00', currency: '', icon: 1, input: 1 }],
    };
    expect(issuesOf(IdentifyAuthInputSchema, bad)).toEqual([
      { path: 'custom_no', message: 'a string' },
      { path: 'customer_token', message: 'a non-empty string' },
      { path: 'token_expire', message: 'a 13-digit millisecond timestamp' },
      { path: 'client_ip', message: 'a string' },
      { path: 'session_sign', message: 'a string' },
      { path: 'credit_limit_tag', message: 'a string' },
      { path: 'credit_limit_available_cards.0.tag', message: 'a string' },
      { path: 'credit_limit_available_cards.0.currency', message: 'a currency code' },
      { path: 'credit_limit_available_cards.0.icon', message: 'a string' },
      { path: 'credit_limit_available_cards.0.input', message: 'a string' },
    ]);
    expect(issuesOf(IdentifyAuthInputSchema, { ...valid, custom_no: '', client_ip: '999.1.1.1', credit_limit_available_cards: {} })).toEqual([
      { path: 'custom_no', message: 'a non-empty string' },
      { path: 'client_ip', message: 'an IPv4 or IPv6 address' },
      { path: 'credit_limit_available_cards', message: 'an array' },
    ]);
  });

  it('tells a malformed token_expire from an expired one', () => {
    vi.useFakeTimers({ now: NOW });
    const message = (token_expire: unknown) => issuesOf(IdentifyAuthInputSchema, { ...valid, token_expire }).map((issue) => issue.message);
    expect(message(NOW + 0.5)).toEqual(['a 13-digit millisecond timestamp']);
    expect(message(Math.floor(NOW / 1000))).toEqual(['a 13-digit millisecond timestamp']);
    expect(message(NOW - TOKEN_EXPIRE_SKEW_MS - 1)).toEqual(['expired: must not be more than 60 s in the past']);
  });

  it('accepts a token expired exactly TOKEN_EXPIRE_SKEW_MS ago, and not one millisecond more', () => {
    vi.useFakeTimers({ now: NOW });
    expect(issuesOf(IdentifyAuthInputSchema, { ...valid, token_expire: NOW - TOKEN_EXPIRE_SKEW_MS })).toEqual([]);
    expect(isTokenExpire(NOW - TOKEN_EXPIRE_SKEW_MS)).toBe(true);
    expect(isTokenExpire(NOW - TOKEN_EXPIRE_SKEW_MS - 1)).toBe(false);
  });
});

describe('identify/auth answer data', () => {
  const hex = '0123456789abcdef0123456789ABCDEF';

  it('takes 32 hexadecimal characters as ident_code, nothing before or after them', () => {
    const data = (ident_code: unknown) => issuesOf(IdentifyAuthDataSchema, { ident_code, url: 'https://cashier.example/c' });
    expect(data(hex)).toEqual([]);
    for (const wrong of [`x${hex}`, `${hex}x`, hex.slice(1)]) expect(data(wrong)).toEqual([{ path: 'ident_code', message: '32 hexadecimal characters' }]);
    expect(data(32)).toEqual([{ path: 'ident_code', message: 'a string' }]);
  });
});
