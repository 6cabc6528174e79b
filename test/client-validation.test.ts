import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, ValidationError } from '../src/index.ts';
import { API_KEY, authBody, client, forbiddenFetch, PLAT_ID, SIGNATURE_KEY } from './client-fake.ts';

const passto = client(forbiddenFetch);

// The clock stands at the first 13-digit millisecond (2001-09-09), so that every timestamp in this
// file is a valid, unexpired token_expire: the format rules are tested here, the expiry rule in
// token-expire.test.ts. Only Date is faked; timers run as usual.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1e12);
});
afterAll(() => {
  vi.useRealTimers();
});

async function issues(body: unknown, options?: object): Promise<{ path: string; message: string }[]> {
  try {
    await passto.identify.auth(body as never, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}
const paths = async (body: unknown, options?: object) => (await issues(body, options)).map((i) => i.path).sort();

const card = { tag: 'A', amount: '10.00', currency: 'CNY', icon: 'https://x.example/i.png', input: '<b>A</b>' };

describe('identify/auth input is checked before anything is sent', () => {
  // [what, a change to a valid body, the path that must be named]
  const bad: [string, Record<string, unknown>, string][] = [
    ['client_ip not an IP', { client_ip: '999.1.1.1' }, 'client_ip'],
    ['client_ip a host name', { client_ip: 'localhost' }, 'client_ip'],
    ['token_expire in seconds (10 digits)', { token_expire: 1_767_225_600 }, 'token_expire'],
    ['token_expire 14 digits', { token_expire: 10_000_000_000_000 }, 'token_expire'],
    ['token_expire just below 13 digits', { token_expire: 999_999_999_999 }, 'token_expire'],
    ['token_expire with a fraction', { token_expire: 1_767_225_600_000.5 }, 'token_expire'],
    ['token_expire as a string', { token_expire: '1767225600000' }, 'token_expire'],
    ['token_expire NaN', { token_expire: Number.NaN }, 'token_expire'],
    ['callback_url ftp', { callback_url: 'ftp://shop.example/cb' }, 'callback_url'],
    ['callback_url javascript:', { callback_url: 'javascript:alert(1)' }, 'callback_url'],
    ['callback_url relative', { callback_url: '/passto/callback' }, 'callback_url'],
    ['custom_no empty', { custom_no: '' }, 'custom_no'],
    ['custom_no a number', { custom_no: 1001 }, 'custom_no'],
    ['customer_token empty', { customer_token: '' }, 'customer_token'],
    ['customer_token missing', { customer_token: undefined }, 'customer_token'],
    ['session_sign a number', { session_sign: 1 }, 'session_sign'],
    ['credit_limit_tag null', { credit_limit_tag: null }, 'credit_limit_tag'],
    ['cards not an array', { credit_limit_available_cards: card }, 'credit_limit_available_cards'],
    ['card amount with exponent', { credit_limit_available_cards: [{ ...card, amount: 1e21 }] }, 'credit_limit_available_cards.0.amount'],
    ['card amount tiny (exponent)', { credit_limit_available_cards: [{ ...card, amount: 1e-7 }] }, 'credit_limit_available_cards.0.amount'],
    ['card amount not decimal', { credit_limit_available_cards: [{ ...card, amount: '10,00' }] }, 'credit_limit_available_cards.0.amount'],
    ['card amount Infinity', { credit_limit_available_cards: [{ ...card, amount: Number.POSITIVE_INFINITY }] }, 'credit_limit_available_cards.0.amount'],
    ['card currency empty', { credit_limit_available_cards: [card, { ...card, currency: '' }] }, 'credit_limit_available_cards.1.currency'],
    ['card with an unknown key', { credit_limit_available_cards: [{ ...card, amout: '1' }] }, 'credit_limit_available_cards.0.amout'],
    ['unknown key', { callbackUrl: 'https://x.example' }, 'callbackUrl'],
  ];
  for (const [what, change, path] of bad) {
    it(`rejects ${what}, naming ${path}`, async () => {
      const body: Record<string, unknown> = { ...authBody(), ...change };
      for (const key of Object.keys(change)) if (change[key] === undefined) delete body[key];
      expect(await paths(body)).toEqual([path]);
    });
  }

  it('accepts IPv6, http URLs with ports, 13-digit bounds and number amounts', async () => {
    for (const change of [
      { client_ip: '2001:db8::1' },
      { client_ip: '::1' },
      { callback_url: 'http://localhost:8080/cb?x=1' },
      { token_expire: 1e12 },
      { token_expire: 1e13 - 1 },
      { credit_limit_available_cards: [{ ...card, amount: 0.5 }], credit_limit_tag: 'A', session_sign: '' },
    ]) {
      await expect(passto.identify.auth({ ...authBody(), ...change })).rejects.toThrow('fetch must not be called');
    }
  });

  it('names every bad field at once, and every unknown key', async () => {
    const body = {
      ...authBody(),
      custom_no: '',
      client_ip: 'nope',
      token_expire: 12,
      callback_url: 'mailto:a@b.c',
      credit_limit_available_cards: [{ ...card, amount: 'x', currency: 1 }],
      extra_one: 1,
      extra_two: 2,
    };
    expect(await paths(body)).toEqual(
      [
        'callback_url',
        'client_ip',
        'credit_limit_available_cards.0.amount',
        'credit_limit_available_cards.0.currency',
        'custom_no',
        'extra_one',
        'extra_two',
        'token_expire',
      ].sort(),
    );
    expect(await paths({ ...body, custom_no: 'ok' }, { trace: ' bad', lang: '' })).toContain('trace');
    expect(await paths(authBody(), { trace: 'line\nbreak', lang: 'zh CN ' })).toEqual(['lang', 'trace']);
  });

  it('customer_no in the input is refused with a message pointing to custom_no and the option', async () => {
    const { custom_no, ...rest } = authBody();
    const found = await issues({ ...rest, customer_no: custom_no });
    expect(found.map((i) => i.path).sort()).toEqual(['custom_no', 'customer_no']);
    const hint = found.find((i) => i.path === 'customer_no')!.message;
    expect(hint).toContain('custom_no');
    expect(hint).toContain('customerNoField');
    expect(found.find((i) => i.path === 'custom_no')!.message).toBe('required');
  });

  it('a body that is not an object gives a ValidationError, not a crash', async () => {
    for (const body of [null, undefined, 'text', 42]) {
      expect(await issues(body)).toEqual([{ path: '', message: 'an object' }]);
    }
  });

  it('the ValidationError message lists the fields, and the error carries the trace', async () => {
    try {
      await passto.identify.auth({ ...authBody(), client_ip: 'x' }, { trace: 'tr-v' });
    } catch (error) {
      expect((error as ValidationError).message).toContain('client_ip: an IPv4 or IPv6 address');
      expect((error as ValidationError).trace).toBe('tr-v');
      return;
    }
    throw new Error('expected a ValidationError');
  });
});

describe('identify/redirect input', () => {
  it('rejects a missing or empty ident_code and unknown keys, before sending', async () => {
    const redirectIssues = async (body: unknown) => {
      try {
        await passto.identify.redirect(body as never);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).issues.map((i) => i.path);
      }
      throw new Error('expected a ValidationError');
    };
    expect(await redirectIssues({})).toEqual(['ident_code']);
    expect(await redirectIssues({ ident_code: '' })).toEqual(['ident_code']);
    expect(await redirectIssues({ ident_code: 5 })).toEqual(['ident_code']);
    expect(await redirectIssues({ ident_code: 'a', identCode: 'a' })).toEqual(['identCode']);
  });
});

describe('createClient options are checked up front', () => {
  const base = { platId: PLAT_ID, apiKey: API_KEY, signatureKey: SIGNATURE_KEY };
  const bad: [string, Record<string, unknown>, typeof TypeError | typeof RangeError][] = [
    ['platId', { platId: '' }, TypeError],
    ['platId', { platId: undefined }, TypeError],
    ['apiKey', { apiKey: 7 }, TypeError],
    ['signatureKey', { signatureKey: '' }, TypeError],
    ['baseUrl', { baseUrl: 'cashier.passto.credit/api' }, TypeError],
    ['fetch', { fetch: 'fetch' }, TypeError],
    ['lang', { lang: '' }, TypeError],
    ['apiKey', { apiKey: 'AK-SECRET\u0000x' }, TypeError],
    ['apiKey', { apiKey: 'AK-SECRET ' }, TypeError],
    ['apiKey', { apiKey: 'AK-SECRET-ü' }, TypeError],
    ['lang', { lang: 'en\r\nx-injected: 1' }, TypeError],
    ['platId', { platId: 'p\udc00' }, TypeError],
    // setTimeout fires after 1 ms for anything over 2^31 - 1.
    ['timeout', { timeout: 2 ** 31 }, RangeError],
    ['deadline', { deadline: 2 ** 32 }, RangeError],
    ['retry.maxDelay', { retry: { maxDelay: 2 ** 31 } }, RangeError],
    ['retry', { retry: 'often' }, TypeError],
    // The paths are appended to the base: these would end up before them.
    ['baseUrl', { baseUrl: 'https://h.example/api?x=1' }, TypeError],
    ['baseUrl', { baseUrl: 'https://h.example/api#top' }, TypeError],
    ['baseUrl', { baseUrl: 'https://user:pass@h.example/api' }, TypeError],
    ['baseUrl', { baseUrl: 'https://user@h.example/api' }, TypeError],
    ['baseUrl', { baseUrl: 'ftp://h.example/api' }, TypeError],
    ['baseUrl', { baseUrl: 'https://' }, TypeError],
    ['timeout', { timeout: 0 }, RangeError],
    ['deadline', { deadline: Number.POSITIVE_INFINITY }, RangeError],
    ['retry.limit', { retry: -1 }, RangeError],
    ['retry.limit', { retry: 1.5 }, RangeError],
    ['retry.baseDelay', { retry: { baseDelay: -5 } }, RangeError],
    ['retry.maxDelay', { retry: { maxDelay: Number.NaN } }, RangeError],
    ['platIdParam', { platIdParam: 'platid' }, RangeError],
    ['customerNoField', { customerNoField: 'customerNo' }, RangeError],
  ];
  for (const [name, change, kind] of bad) {
    it(`${JSON.stringify(change) ?? name} -> ${kind.name} naming ${name}`, () => {
      expect(() => createClient({ ...base, ...change } as never)).toThrow(kind);
      expect(() => createClient({ ...base, ...change } as never)).toThrow(`\`${name}\``);
    });
  }

  it('a bad baseUrl is named, its credentials never shown', () => {
    expect(() => createClient({ ...base, baseUrl: 'https://user:s3cr3t-pw@h.example/api' })).toThrow(
      'createClient: option `baseUrl` must be an http(s) URL without query, fragment or credentials',
    );
  });

  it('accepts the largest timer delay, and missing or undefined retry fields take their defaults', () => {
    expect(() => createClient({ ...base, timeout: 2 ** 31 - 1, deadline: 2 ** 31 - 1 })).not.toThrow();
    expect(() => createClient({ ...base, retry: { limit: undefined, baseDelay: 100 } })).not.toThrow();
    expect(() => createClient({ ...base, retry: { baseDelay: undefined, maxDelay: undefined } })).not.toThrow();
  });

  it('no options at all names the first missing one', () => {
    expect(() => createClient(undefined as never)).toThrow(/`platId`/);
  });
});
