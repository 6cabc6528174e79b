/**
 * src/header-value.ts: a bad header value's issue says what it must be (never the value), here
 * through a per-call `trace` the client refuses before sending anything.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/index.ts';
import { HEADER_MESSAGE } from '../src/header-value.ts';

describe('header values', () => {
  it('a bad per-call trace is refused with the issue saying what a header value must be', async () => {
    const client = createClient({ platId: 'p', apiKey: 'api-key-0123', signatureKey: 'k', fetch: () => Promise.reject(new Error('not sent')) });
    const input = { custom_no: 'c', customer_token: 't', token_expire: Date.now() + 60_000, callback_url: 'https://a.example/', client_ip: '203.0.113.7' };
    const error = await client.identify.auth(input, { trace: ' padded ' }).catch((e: unknown) => e);
    expect(HEADER_MESSAGE).toBe('printable ASCII, not empty, without surrounding spaces');
    expect(error).toMatchObject({ name: 'ValidationError', issues: [{ path: 'trace', message: HEADER_MESSAGE }] });
  });
});
