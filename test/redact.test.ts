/**
 * Redaction (issue 8, item 7): never nested, never on text without a secret or on field paths;
 * a secret of 8+ characters masked in every form a server may echo it in; a shorter one never
 * searched for, the upstream message dropped instead. The encodings below are computed with the
 * platform's own encoders (test/redaction-encodings.ts), not with src/redact.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError, createClient, HttpError, NetworkError, type ValidationError } from '../src/index.ts';
import { REDACTED, redact, redactor, WITHHELD_REASON } from '../src/redact.ts';
import { ENCODINGS } from './redaction-encodings.ts';

const API_KEY = 'ak_live_5f1e2d3c4b5a69788796a5b4c3d2e1f0';
const SIGNATURE_KEY = `sk_${'Zq9xW3'.repeat(16)}`;
const WITHHELD_MSG = `[message withheld: ${WITHHELD_REASON}]`;

const characters = (s: string) => Array.from(s).length;

function authBody(customerToken: string) {
  return {
    custom_no: 'order-1001',
    customer_token: customerToken,
    token_expire: Date.now() + 3_600_000,
    callback_url: 'https://shop.example/passto/callback',
    client_ip: '203.0.113.7',
  };
}

/** A client whose PassTo answers with `answer` (no retries, so one answer per call). */
function clientAnswering(answer: () => Response | Promise<Response>) {
  return createClient({ platId: 'plat-7', apiKey: API_KEY, signatureKey: SIGNATURE_KEY, retry: 0, fetch: async () => answer() });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** What an error shows: message, String(), toJSON. */
const exposed = (error: Error) => [error.message, String(error), JSON.stringify(error)].join('\n');

/** PassTo's envelope with code 1002 and a msg quoting `echo`. */
const apiAnswer = (echo: string) => () =>
  new Response(JSON.stringify({ code: 1002, msg: `customer_token ${echo} is not valid`, data: null, trace: 'tr-api' }), {
    headers: { 'content-type': 'application/json' },
  });
/** A proxy page quoting `echo`. */
const pageAnswer = (echo: string) => () => new Response(`<p>bad token ${echo}</p>`, { status: 400 });

/**
 * Sends `secret` as the customer_token to a PassTo echoing it in every encoding, as an envelope
 * msg and as a page. 8+ characters: no encoding survives in the error, `[redacted]` stands in.
 * Shorter: the upstream text is gone, only the code (or status) and a note why remain.
 */
async function expectEchoesHidden(secret: string): Promise<void> {
  const long = characters(secret) >= 8;
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    const echo = encode(secret);
    const api = await failure(clientAnswering(apiAnswer(echo)).identify.auth(authBody(secret)));
    const page = await failure(clientAnswering(pageAnswer(echo)).identify.auth(authBody(secret)));
    expect(api, name).toBeInstanceOf(ApiError);
    expect(page, name).toBeInstanceOf(HttpError);
    expect((api as ApiError).code).toBe(1002);
    expect((page as HttpError).status).toBe(400);
    for (const error of [api, page]) expect(exposed(error), name).not.toContain('[redac[');
    if (long) {
      // The SDK's own words are not a leak: skip an echo that happens to be part of them.
      const baseline = exposed(await failure(clientAnswering(apiAnswer('')).identify.auth(authBody(secret))));
      if (baseline.includes(echo) || `<p>bad token </p> ${REDACTED}`.includes(echo)) continue;
      expect(exposed(api), `${name} ${JSON.stringify(secret)}`).not.toContain(echo);
      expect(exposed(page), `${name} ${JSON.stringify(secret)}`).not.toContain(echo);
      expect((api as ApiError).msg, name).toContain(REDACTED);
    } else {
      expect((api as ApiError).msg, name).toBe(WITHHELD_MSG);
      expect(api.message).toBe(`PassTo answered code 1002: ${WITHHELD_MSG}`);
      expect(exposed(api)).not.toContain('customer_token ');
      expect((page as HttpError).bodyExcerpt).toBe('');
      expect(page.message).toBe(`HTTP 400: the body was withheld: ${WITHHELD_REASON}`);
    }
  }
}

describe('redaction never nests and never touches text without a secret', () => {
  it('a one-letter token: "signature mismatch" is not rewritten, the message is withheld, the code kept', async () => {
    expect(redact('signature mismatch: sign the path', ['t'])).toBe('signature mismatch: sign the path');
    const answer = () =>
      new Response(JSON.stringify({ code: 401, msg: 'signature mismatch: sign the path', data: null }), { status: 401 });
    const error = (await failure(clientAnswering(answer).identify.auth(authBody('t')))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 401, status: 401, msg: WITHHELD_MSG });
    expect(error.message).toBe(`PassTo answered code 401: ${WITHHELD_MSG}`);
    expect(exposed(error)).not.toContain('redac[');
  });

  it('token "token": the field token_expire keeps its name, in a message and in a ValidationError path', async () => {
    expect(redact('token_expire: a 13-digit millisecond timestamp', ['token'])).toBe('token_expire: a 13-digit millisecond timestamp');
    const c = clientAnswering(() => new Response('{}'));
    const error = (await failure(c.identify.auth({ ...authBody('token'), token_expire: 'soon' } as never))) as ValidationError;
    expect(error.issues.map((i) => i.path)).toEqual(['token_expire']);
    expect(error.message).toContain('token_expire:');
  });

  it('a replacement is never matched again, even by a secret that spells "[redacted]"', () => {
    expect(redact('x [redacted] y', ['[redacted]'])).toBe('x [redacted] y');
    expect(redact('a secret-value-1 b', ['secret-value-1', 'redacted'])).toBe('a [redacted] b');
    expect(redact('redacted', ['redacted'])).toBe(REDACTED);
  });

  it('overlapping secrets are masked as one span: no part of either is left', () => {
    expect(redact('<abcdefgh12345678>', ['abcdefgh1234', 'gh12345678'])).toBe(`<${REDACTED}>`);
    // The longest form wins where two start together.
    expect(redact('<abcdefghij>', ['abcdefgh', 'abcdefghij'])).toBe(`<${REDACTED}>`);
  });

  it('a secret under 8 characters is never searched for, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 7 }), fc.string({ unit: 'binary', maxLength: 100 }), (secret, text) => {
        fc.pre(characters(secret) < 8);
        expect(redactor([secret]).withholds).toBe(true);
        expect(redact(text + secret + text, [secret])).toBe(text + secret + text);
      }),
    );
  });

  it('text holding no form of the secret comes back unchanged, pieces of the secret included (property)', () => {
    const pieces = (secret: string) =>
      fc.array(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 20 }),
          fc.nat(secret.length - 1).map((n) => secret.slice(0, n)),
          fc.nat(secret.length - 1).map((n) => secret.slice(secret.length - n)),
          fc.constantFrom(REDACTED, 'token_expire', 'customer_token', '%', '&amp;', '\\u00', '='),
        ),
        { maxLength: 12 },
      );
    fc.assert(
      fc.property(
        secretArbitrary(8).chain((secret) => fc.tuple(fc.constant(secret), pieces(secret))),
        ([secret, parts]) => {
          const text = parts.join('');
          fc.pre(Object.values(ENCODINGS).every((encode) => !text.includes(encode(secret))));
          expect(redact(text, [API_KEY, secret])).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Secrets of `min` to 64 characters: ASCII, any code point, lone surrogates, and what JSON and HTML escape. */
function secretArbitrary(min: number) {
  const unit = fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '<', '>', '&', "'", '+', '/', '=', '%', ' ', 'é', '订', '😀', '\ud800', '\udfff'),
  );
  return fc.string({ unit, minLength: min, maxLength: 64, size: 'max' }).filter((s) => characters(s) >= min);
}

describe('a secret of 8+ characters is masked in every form; a shorter one withholds the message', () => {
  it('every length from 1 to 64, in every encoding (a fixed sweep)', async () => {
    const pool = Array.from(`aZ9"\\\n\u0001<>&'+/= é订😀%\ud800`);
    for (let length = 1; length <= 64; length++) {
      const secret = Array.from({ length }, (_, i) => pool[(i * 7 + length) % pool.length]).join('');
      await expectEchoesHidden(secret);
    }
  });

  it('generated secrets of 1 to 64 characters, in every encoding (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ minLength: 1, maxLength: 64, size: 'max' }), fc.string({ unit: 'binary', minLength: 1, maxLength: 64, size: 'max' }), secretArbitrary(1)),
        expectEchoesHidden,
      ),
      { numRuns: 60 },
    );
  });

  it('a secret with characters JSON escapes (", \\, control characters)', async () => {
    const secret = 'ab"cd\\ef\u0001gh\n\tij\u007f';
    const echoed = JSON.stringify({ error: `got ${secret}` });
    expect(echoed).toContain('ab\\"cd\\\\ef\\u0001gh\\n\\tij');
    expect(redact(echoed, [secret])).toBe(`{"error":"got ${REDACTED}"}`);
    // ASCII-only JSON (Python, PHP) and PHP's escaped slash.
    expect(redact('"caf\\u00e9-secret\\/x1"', ['café-secret/x1'])).toBe(`"${REDACTED}"`);
    await expectEchoesHidden(secret);
  });

  it('the API key and signature key are masked in every form too', async () => {
    for (const [name, encode] of Object.entries(ENCODINGS)) {
      const echo = `${encode(API_KEY)} ${encode(SIGNATURE_KEY)}`;
      const error = await failure(clientAnswering(pageAnswer(echo)).identify.auth(authBody('ct_session_7e3b9a10c2d54f6e8a1b')));
      expect(exposed(error), name).not.toContain(encode(API_KEY));
      expect(exposed(error), name).not.toContain(encode(SIGNATURE_KEY));
      expect((error as HttpError).bodyExcerpt, name).toBe(`<p>bad token ${REDACTED} ${REDACTED}</p>`);
    }
  });

  it('a runtime error quoting a short secret: only codes and names, no cause, and a note why', async () => {
    const cause = Object.assign(new TypeError('invalid header value "t" for customer'), { code: 'ERR_INVALID_CHAR' });
    const c = createClient({ platId: 'plat-7', apiKey: API_KEY, signatureKey: SIGNATURE_KEY, retry: 0, fetch: async () => Promise.reject(cause) });
    const error = await failure(c.identify.auth(authBody('t')));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(`Network failure: ERR_INVALID_CHAR (runtime messages withheld: ${WITHHELD_REASON})`);
    expect(error.cause).toBeUndefined();
  });
});

describe('bearer tokens', () => {
  it('a whole bearer token, +/= included, is masked even with a secret inside it', () => {
    const secret = 'ct_session_7e3b9a10';
    const text = `Authorization: Bearer AbC+d/e=${secret}/zz+y==; next`;
    expect(redact(text, [secret])).toBe(`Authorization: ${REDACTED}; next`);
  });

  it('an open_token echoed as JSON, URL-encoded or form-encoded is masked', () => {
    const token = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln+bmF/0dXJl=';
    for (const text of [JSON.stringify({ open_token: token }), encodeURIComponent(token), new URLSearchParams({ t: token }).toString()]) {
      const out = redact(text, []);
      expect(out).toContain(REDACTED);
      expect(out).not.toMatch(/eyJ|c2ln|0dXJl/);
    }
  });

  it('"Bearer" before a plain word is not a token and is left alone', () => {
    for (const text of ['Bearer authentication required', 'use the Bearer scheme', 'WWW-Authenticate: Bearer realm="passto"']) {
      expect(redact(text, [])).toBe(text);
    }
  });
});
