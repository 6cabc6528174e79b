/**
 * cli/report-error.ts: each kind of error gets its stable code, one line, its own fields and its
 * exit code (cli/exit-codes.ts). The end-to-end runs are in test/cli-json.test.ts; this covers
 * the kinds a local server cannot provoke (a timeout, a bug).
 */
import { ApiError, TimeoutError, ValidationError } from 'passto';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../cli/exit-codes.ts';
import { Failure } from '../cli/failure.ts';
import { describeError, errorJson } from '../cli/report-error.ts';
import { UsageError } from '../cli/usage-error.ts';

describe('describeError', () => {
  it('a usage error: exit 2', async () => {
    expect(await describeError(new UsageError('missing --path'))).toEqual({ code: 'usage_error', message: 'missing --path', exit: EXIT.usage, expected: true });
  });

  it("the CLI's failures: unreachable exits 3, the others 1, with their fields", async () => {
    expect(await describeError(new Failure('unreachable', 'cannot reach x'))).toMatchObject({ code: 'unreachable', exit: EXIT.unreachable });
    expect(await describeError(new Failure('gateway_error', 'HTTP 500', { status: 500 }))).toMatchObject({ code: 'gateway_error', exit: EXIT.failure, fields: { status: 500 } });
  });

  it("the SDK's errors: a snake_case code, their toJSON fields without name and message", async () => {
    const report = await describeError(new ApiError({ code: 1001, msg: 'bad sign', status: 200, trace: 't-1' }));
    expect(report).toEqual({
      code: 'api_error',
      message: 'ApiError code 1001: bad sign (HTTP 200) (trace t-1)',
      fields: { trace: 't-1', code: 1001, msg: 'bad sign', status: 200 },
      exit: EXIT.failure,
      expected: true,
    });
    expect(JSON.parse(errorJson(report))).toEqual({ code: 'api_error', message: report.message, fields: report.fields });
  });

  it('a timeout is no answer (exit 3); invalid input is a usage error (exit 2)', async () => {
    expect(await describeError(new TimeoutError({ timeout: 10, scope: 'attempt' }))).toMatchObject({ code: 'timeout_error', exit: EXIT.unreachable });
    expect(await describeError(new ValidationError([{ path: 'client_ip', message: 'not an IP' }]))).toMatchObject({
      code: 'validation_error',
      message: 'ValidationError: invalid fields: client_ip: not an IP',
      exit: EXIT.usage,
    });
  });

  it('anything else is an internal_error, exit 1, not expected (its stack is worth showing)', async () => {
    expect(await describeError(new TypeError('x is undefined'))).toEqual({ code: 'internal_error', message: 'unexpected TypeError: x is undefined', exit: EXIT.failure, expected: false });
    expect(errorJson(await describeError('thrown string'))).toBe('{"code":"internal_error","message":"unexpected thrown string"}');
  });
});
