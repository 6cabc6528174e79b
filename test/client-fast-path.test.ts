/**
 * The client on identify/auth's fast path (src/schemas/identify-auth-fast-path.ts): answers that
 * carry the documented `data` but are not a success take the schemas' way to their error, and
 * inputs the fast path leaves to the schema are sent as the schema gives them.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, HttpError } from '../src/index.ts';
import { authBody, authOk, CASHIER_URL, client, envelope, fakeFetch, IDENT_CODE } from './client-fake.ts';

const data = { ident_code: IDENT_CODE, url: CASHIER_URL };

describe('identify.auth fast path', () => {
  it('a success answer resolves to its data and its trace', async () => {
    const { fetch } = fakeFetch(authOk('env-1'));
    await expect(client(fetch).identify.auth(authBody())).resolves.toEqual({ ident_code: IDENT_CODE, url: CASHIER_URL, trace: 'env-1' });
  });

  it('code not 0 with the documented data -> ApiError', async () => {
    const { fetch } = fakeFetch(envelope({ code: 1001, msg: 'denied', data, trace: 'env-2' }));
    const error = await client(fetch, { retry: 0 }).identify.auth(authBody()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 1001, msg: 'denied', status: 200, trace: 'env-2' });
  });

  it('HTTP 500 with a success envelope -> HttpError, not a success', async () => {
    const { fetch } = fakeFetch(envelope({ code: 0, data }, 500));
    const error = await client(fetch, { retry: 0 }).identify.auth(authBody()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 500 });
  });

  it('an input with cards takes the schema: amounts sent as decimal strings, keys in the schema order', async () => {
    const { fetch, calls } = fakeFetch(authOk());
    const { custom_no, ...rest } = authBody();
    const card = { tag: 't', amount: 10.5, currency: 'USD', icon: 'https://i.example/x.png', input: '<b>x</b>' };
    await client(fetch).identify.auth({ credit_limit_available_cards: [card], ...rest, custom_no });
    const sent = JSON.parse(calls[0]!.body) as Record<string, unknown>;
    expect(Object.keys(sent)).toEqual([...Object.keys(authBody()), 'credit_limit_available_cards']);
    expect(sent.credit_limit_available_cards).toEqual([{ ...card, amount: '10.5' }]);
  });

  it('a well-formed input with its keys in another order is sent in the schema order', async () => {
    const { fetch, calls } = fakeFetch(authOk());
    const body = authBody();
    await client(fetch).identify.auth({ session_sign: 's', ...(Object.fromEntries(Object.entries(body).reverse()) as typeof body) });
    expect(Object.keys(JSON.parse(calls[0]!.body) as object)).toEqual([...Object.keys(body), 'session_sign']);
  });
});
