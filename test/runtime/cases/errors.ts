/**
 * Error conformance: every error is a PasstoError with its own `name`, recognisable by
 * `isPasstoError` also without `instanceof`, and `toJSON` gives plain, secret-free data.
 */
import {
  ApiError,
  HttpError,
  isPasstoError,
  NetworkError,
  PasstoError,
  type PasstoErrorName,
  ResponseError,
  SignatureError,
  TimeoutError,
  ValidationError,
} from '../../../src/index.ts';
import { assert, assertEqual, assertJsonEqual, type Case, group } from '../harness.ts';

const TRACE = 'trace-0123456789';

export const errorCases: Case[] = group('errors', [
  {
    name: 'every error class is a PasstoError and an Error with its own name and the trace',
    run() {
      const errors: [PasstoErrorName, PasstoError][] = [
        ['PasstoError', new PasstoError('x', { trace: TRACE })],
        ['ValidationError', new ValidationError([{ path: 'a', message: 'm' }], { trace: TRACE })],
        ['ApiError', new ApiError({ code: 500, msg: 'server error', status: 200, trace: TRACE })],
        ['HttpError', new HttpError({ status: 502, body: '<html>bad gateway</html>', trace: TRACE })],
        ['ResponseError', new ResponseError({ status: 200, issues: [], reason: 'not JSON', trace: TRACE })],
        ['TimeoutError', new TimeoutError({ timeout: 1000, scope: 'attempt', trace: TRACE })],
        ['NetworkError', new NetworkError({ cause: new TypeError('fetch failed'), trace: TRACE })],
        ['SignatureError', new SignatureError({ reason: 'mismatch', trace: TRACE })],
      ];
      for (const [name, error] of errors) {
        assert(error instanceof Error, `${name} is an Error`);
        assert(error instanceof PasstoError, `${name} is a PasstoError`);
        assertEqual(error.name, name, `${name}.name`);
        assertEqual(error.trace, TRACE, `${name}.trace`);
        assertEqual(isPasstoError(error), true, `isPasstoError(${name})`);
        assertEqual(isPasstoError(error, name), true, `isPasstoError(${name}, '${name}')`);
        assertEqual((error.toJSON() as { name: unknown }).name, name, `${name}.toJSON().name`);
        assertEqual(String(error).startsWith(`${name}: `), true, `String(${name})`);
      }
    },
  },
  {
    name: 'isPasstoError recognises a copy from another realm by its Symbol.for brand, and rejects other errors',
    run() {
      // What another copy of the package throws: its own class, our name and the shared brand.
      const foreign = Object.assign(new Error('from another copy'), { name: 'ApiError', trace: TRACE, [Symbol.for('passto.error')]: true });
      assertEqual(isPasstoError(foreign), true, 'an Error of ours by its brand');
      assertEqual(isPasstoError(foreign, 'ApiError'), true, 'narrowed by name');
      assertEqual(isPasstoError(foreign, 'HttpError'), false, 'another name');
      assertEqual(isPasstoError(new TypeError('x')), false, 'a TypeError');
      assertEqual(isPasstoError(Object.assign(new Error('x'), { trace: TRACE })), false, 'any Error with a trace');
      assertEqual(isPasstoError({ name: 'ApiError', trace: TRACE }), false, 'a plain object');
      assertEqual(isPasstoError(Object.assign(new Error('x'), { name: 'ApiError', trace: TRACE, toJSON: () => ({}) })), false, 'our shape without the brand');
      assertEqual(isPasstoError(undefined), false, 'undefined');
    },
  },
  {
    name: 'ValidationError lists every field by path, without values, and serialises its issues',
    run() {
      const issues = [
        { path: 'customer_token', message: 'Expected a non-empty string' },
        { path: 'credit_limit_available_cards.0.amount', message: 'Expected a decimal string' },
        { path: '', message: 'Expected an object' },
      ];
      const error = new ValidationError(issues, { trace: TRACE, what: 'identify/auth body' });
      assertJsonEqual(error.issues, issues, 'issues');
      assert(error.message.startsWith('Invalid identify/auth body: '), `message names what was invalid: ${error.message}`);
      for (const issue of issues) assert(error.message.includes(issue.path || '(root)'), `message names ${issue.path || '(root)'}`);
      assertJsonEqual(
        JSON.parse(JSON.stringify(error)),
        { name: 'ValidationError', message: error.message, trace: TRACE, issues },
        'JSON.stringify(error)',
      );
    },
  },
  {
    name: 'SignatureError carries its reason and keeps keys and signatures out of its message',
    run() {
      for (const reason of ['missing', 'malformed', 'mismatch'] as const) {
        const error = new SignatureError({ reason });
        assertEqual(error.reason, reason, 'reason');
        assertJsonEqual(error.toJSON(), { name: 'SignatureError', message: error.message, trace: undefined, reason }, 'toJSON');
      }
    },
  },
]);
