/**
 * The transport's timer (deadline.ts) keeps an answer that arrived before it fired.
 *
 * Deterministic, no timed assertion: the backend runs on its own thread (worker_threads), so it
 * answers while this thread's event loop is blocked. The fetch lets the request go out, then
 * blocks this thread (Atomics.wait) until the answer is on the wire and for longer than the
 * timeout. When the loop runs again, the expired timer comes before the poll for the waiting
 * answer: a plain setTimeout + abort threw the answer away (a forwarded event was then sent again
 * although the backend had acknowledged it). Not part of the mutation run (vitest.mutation.config.ts):
 * it blocks its thread, which the instrumented run does not tolerate; deadline-strength covers the timer there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../src/transport.ts';
import { type HeldBackend, startHeldBackend } from './held-backend.ts';

const TIMEOUT_MS = 200;
let backend: HeldBackend;

beforeAll(async () => {
  backend = await startHeldBackend(2 * TIMEOUT_MS);
});
afterAll(() => backend?.stop());

describe('an answer already in when the overdue timer fires', () => {
  it('is kept: status and body (one attempt, no retry)', async () => {
    const answer = await send({ url: `${backend.url}/limits`, headers: {}, body: '{}', fetch: backend.blockingFetch, timeout: TIMEOUT_MS }, (a) => [a.status, a.text]);
    expect(backend.blocked()).toBe(1);
    expect(backend.received()).toBe(1);
    expect(answer).toEqual([200, '{"ok":true}']);
  });
});
