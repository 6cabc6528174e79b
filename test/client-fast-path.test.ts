/**
 * The client on identify/auth's fast paths (src/schemas/identify-auth-fast-path.ts): a common input
 * is checked by the fast check and sent as the schema would have built it; a success resolves as
 * the schema would have it, and answers that carry the documented `data` but are not a success take
 * the schemas' way to their error.
 */
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, HttpError, ValidationError } from '../src/index.ts';
import { IdentifyAuthInputSchema } from '../src/schemas/identify-auth.ts';
import { authBody, authOk, CASHIER_URL, client, envelope, fakeFetch, IDENT_CODE } from './client-fake.ts';

/** Counts the input fast path's answers: taken (an object) or left to the schema (`undefined`). */
const fastInput = vi.hoisted(() => ({ taken: 0, left: 0 }));
vi.mock('../src/schemas/identify-auth-fast-path.ts', async (original) => {
  const real = await original<typeof import('../src/schemas/identify-auth-fast-path.ts')>();
  return {
    ...real,
    identifyAuthInputFast: (input: unknown) => {
      const out = real.identifyAuthInputFast(input);
      fastInput[out === undefined ? 'left' : 'taken']++;
      return out;
    },
  };
});

describe('identify.auth input fast path', () => {
  it('takes a common input and sends the bytes the schema path would, custom_no renamed in place', async () => {
    for (const customerNoField of ['custom_no', 'customer_no'] as const) {
      fastInput.taken = 0;
      const { fetch, calls } = fakeFetch(authOk());
      // Keys in another order than the schema's: sent in the schema's.
      const { client_ip, ...rest } = authBody();
      const input = { client_ip, ...rest, session_sign: 's-1' };
      await client(fetch, { customerNoField }).identify.auth(input);
      expect(fastInput.taken).toBe(1);
      const checked = v.parse(IdentifyAuthInputSchema, input) as Record<string, unknown>;
      const wire = Object.fromEntries(Object.entries(checked).map(([k, value]) => [k === 'custom_no' ? customerNoField : k, value]));
      expect(calls[0]!.body).toBe(JSON.stringify(wire));
    }
  });

  it('leaves any other input to the schema, which refuses it with every issue', async () => {
    fastInput.left = 0;
    const { fetch, calls } = fakeFetch(authOk());
    const error = await client(fetch).identify.auth({ ...authBody(), custom_no: '', client_ip: 'nowhere' }).catch((e: unknown) => e);
    expect(fastInput.left).toBe(1);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path).sort()).toEqual(['client_ip', 'custom_no']);
    expect(calls).toHaveLength(0);
  });
});

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
