import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiError, isPasstoError, PasstoError, TimeoutError, ValidationError } from '../src/index.ts';

describe('isPasstoError', () => {
  it('recognises our errors, by kind', () => {
    const error = new ApiError({ code: 1001, msg: 'disabled', status: 200, trace: 't' });
    expect(isPasstoError(error)).toBe(true);
    expect(isPasstoError(error, 'ApiError')).toBe(true);
    expect(isPasstoError(error, 'HttpError')).toBe(false);
    expect(isPasstoError(error, 'PasstoError')).toBe(true); // every one of ours is a PasstoError
    expect(isPasstoError(new PasstoError('x'), 'ApiError')).toBe(false);
    expect(isPasstoError(new TimeoutError({ timeout: 5, scope: 'attempt' }), 'TimeoutError')).toBe(true);
  });

  it('recognises an error thrown by a second copy of the package (no shared class) by its Symbol.for brand', async () => {
    // A real second copy: the error modules copied elsewhere, so their classes are not ours.
    const dir = mkdtempSync(join(tmpdir(), 'passto-copy-'));
    cpSync(fileURLToPath(new URL('../src/errors', import.meta.url)), dir, { recursive: true });
    const copy = (await import(join(dir, 'validation-error.ts'))) as typeof import('../src/errors/validation-error.ts');
    const error: unknown = new copy.ValidationError([{ path: 'a', message: 'm' }]);
    expect(error instanceof ValidationError).toBe(false);
    expect(error instanceof PasstoError).toBe(false);
    expect(isPasstoError(error)).toBe(true);
    expect(isPasstoError(error, 'ValidationError')).toBe(true);
    expect(isPasstoError(error, 'ApiError')).toBe(false);
    // And the other way round: the copy's guard knows our errors.
    const guard = (await import(join(dir, 'is-passto-error.ts'))) as typeof import('../src/errors/is-passto-error.ts');
    expect(guard.isPasstoError(new ApiError({ code: 1, msg: 'm', status: 200 }), 'ApiError')).toBe(true);
  });

  it('recognises a lookalike that carries the brand, and nothing that only looks like ours', () => {
    const branded = Object.assign(new Error('x'), { name: 'ApiError', trace: 't', [Symbol.for('passto.error')]: true });
    expect(isPasstoError(branded, 'ApiError')).toBe(true);
    // Our name, a trace and toJSON, but no brand: another library's error, not ours.
    const unbranded = Object.assign(new Error('x'), { name: 'ValidationError', trace: undefined, toJSON: () => ({}) });
    expect(isPasstoError(unbranded)).toBe(false);
    expect(isPasstoError(Object.assign(new Error('x'), { [Symbol.for('passto.error')]: 'yes' }))).toBe(false);
  });

  it('does not take a platform error of the same name, or any error with a trace, for ours', () => {
    expect(isPasstoError(new DOMException('The operation timed out.', 'TimeoutError'), 'TimeoutError')).toBe(false);
    expect(isPasstoError(Object.assign(new Error('x'), { trace: 't' }))).toBe(false);
    expect(isPasstoError(Object.assign(new TypeError('x'), { name: 'NetworkError' }))).toBe(false);
    expect(isPasstoError('ApiError')).toBe(false);
    expect(isPasstoError(null)).toBe(false);
  });

  it('keeps the brand out of serialised forms', () => {
    const error = new ApiError({ code: 1, msg: 'm', status: 200, trace: 't' });
    expect(Object.keys(error)).not.toContain('passto.error');
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'ApiError', message: 'PassTo answered code 1: m', trace: 't', code: 1, msg: 'm', status: 200 });
  });
});
