/**
 * A client generated from the gateway's OpenAPI document (openapi-typescript + openapi-fetch)
 * accepts what the server accepts: an unknown field is a type error, as the server refuses it
 * (400), and `limit` is a number.
 */
import createClient from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { paths } from './gateway-api.d.ts';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:8787' });
const auth = { custom_no: 'order-1', customer_token: 't', token_expire: 1767225600000, callback_url: 'https://p.example/cb', client_ip: '192.0.2.1' };

describe('the gateway client types', () => {
  it('refuses an extra field in POST /v1/identify/auth, as the server does', () => {
    type Body = paths['/v1/identify/auth']['post']['requestBody']['content']['application/json'];
    // A closed object: no index signature (`additionalProperties: {not: {}}` made one, so any key passed).
    expectTypeOf<string extends keyof Body ? 'open' : 'closed'>().toEqualTypeOf<'closed'>();
    type Card = NonNullable<Body['credit_limit_available_cards']>[number];
    expectTypeOf<string extends keyof Card ? 'open' : 'closed'>().toEqualTypeOf<'closed'>();
    // @ts-expect-error: `extra` is not a field of identify/auth
    const extra: Body = { ...auth, extra: 1 };
    void client.POST('/v1/identify/auth', { body: extra });
  });

  it('types `limit` as a number', () => {
    type Query = NonNullable<paths['/v1/events']['get']['parameters']['query']>;
    expectTypeOf<Query['limit']>().toEqualTypeOf<number | undefined>();
    void client.GET('/v1/events', { params: { query: { limit: 20 } } });
    // @ts-expect-error: a string is not a limit
    void client.GET('/v1/events', { params: { query: { limit: '20' } } });
  });

  it('types the answers from the document', async () => {
    const { data } = await client.POST('/v1/identify/auth', { body: auth });
    expectTypeOf(data).toEqualTypeOf<{ ident_code: string; url: string; trace: string } | undefined>();
    const health = await client.GET('/health');
    expectTypeOf(health.data).toEqualTypeOf<{ ok: true } | undefined>();
  });
});
