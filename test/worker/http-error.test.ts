/**
 * One HTTP error type and one path for every error: `GatewayError` is Hono's `HTTPException`, and
 * `errorResponse` turns ours, Hono's and unexpected errors into `{code, msg, trace}`.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { expect, it } from 'vitest';
import type { GatewayBindings } from '../../worker/bindings.ts';
import { errorResponse, GatewayError } from '../../worker/http-error.ts';

/** An app that throws `error` and answers through `errorResponse`, as the gateway does. */
async function answer(error: unknown): Promise<Response> {
  const app = new Hono<GatewayBindings>();
  app.use(async (c, next) => {
    c.set('trace', 'trace-e');
    await next();
  });
  app.get('/', () => {
    throw error;
  });
  app.onError((e, c) => errorResponse(c, e));
  return app.request('/');
}

it('is a Hono HTTPException that keeps its status, code, extra fields and headers', async () => {
  const error = new GatewayError(405, 'method_not_allowed', 'GET is not allowed here', { hint: 'x' }, { Allow: 'POST' });
  expect(error).toBeInstanceOf(HTTPException);
  expect(error.status).toBe(405);
  const res = await answer(error);
  expect(res.status).toBe(405);
  expect(res.headers.get('allow')).toBe('POST');
  expect(await res.json()).toEqual({ code: 'method_not_allowed', msg: 'GET is not allowed here', trace: 'trace-e', hint: 'x' });
});

it('answers Hono’s own HTTPException in the gateway’s shape, keeping its challenge', async () => {
  const res = await answer(new HTTPException(401, { message: 'no', res: new Response(null, { headers: { 'WWW-Authenticate': 'Bearer realm="x"' } }) }));
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer realm="x"');
  expect(await res.json()).toEqual({ code: 'unauthorized', msg: 'no', trace: 'trace-e' });
  const other = await answer(new HTTPException(418, { message: 'teapot' }));
  expect(other.status).toBe(418);
  expect(await other.json()).toEqual({ code: 'http_error', msg: 'teapot', trace: 'trace-e' });
});

it('answers an unexpected error with 500 and no detail of it', async () => {
  const res = await answer(new Error('secret detail'));
  expect(res.status).toBe(500);
  const text = await res.text();
  expect(text).not.toContain('secret detail');
  expect(JSON.parse(text)).toMatchObject({ trace: 'trace-e' });
});
