/**
 * The client on identify/auth's answer fast path (src/schemas/identify-auth-fast-path.ts): a
 * success resolves as the schema would have it, and answers that carry the documented `data` but
 * are not a success take the schemas' way to their error.
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
});
