import { describe, expect, it } from 'vitest';
import { ApiError, isPasstoError, TimeoutError, ValidationError } from '../src/index.ts';

describe('isPasstoError', () => {
  it('recognises our errors, by kind', () => {
    const error = new ApiError({ code: 1001, msg: 'disabled', status: 200, trace: 't' });
    expect(isPasstoError(error)).toBe(true);
    expect(isPasstoError(error, 'ApiError')).toBe(true);
    expect(isPasstoError(error, 'HttpError')).toBe(false);
    expect(isPasstoError(new TimeoutError({ timeout: 5, scope: 'attempt' }), 'TimeoutError')).toBe(true);
  });

  it('recognises an error of another copy of the package (no shared class) by its shape', () => {
    const copy = Object.assign(new Error('Invalid input: x: expected string'), { name: 'ValidationError', trace: undefined, toJSON: () => ({}) });
    expect(copy instanceof ValidationError).toBe(false);
    expect(isPasstoError(copy, 'ValidationError')).toBe(true);
  });

  it('does not take a platform error of the same name, or any error with a trace, for ours', () => {
    expect(isPasstoError(new DOMException('The operation timed out.', 'TimeoutError'), 'TimeoutError')).toBe(false);
    expect(isPasstoError(Object.assign(new Error('x'), { trace: 't' }))).toBe(false);
    expect(isPasstoError(Object.assign(new TypeError('x'), { name: 'NetworkError' }))).toBe(false);
    expect(isPasstoError('ApiError')).toBe(false);
    expect(isPasstoError(null)).toBe(false);
  });
});
