/** `isPasstoError` narrows: to PasstoError alone, to the named class with a name. */
import { describe, expectTypeOf, it } from 'vitest';
import { type ApiError, isPasstoError, type PasstoError, type PasstoErrorName, type SignatureError, type ValidationError } from '../../src/index.ts';

declare const error: unknown;

describe('isPasstoError', () => {
  it('narrows unknown to PasstoError', () => {
    if (isPasstoError(error)) expectTypeOf(error).toEqualTypeOf<PasstoError>();
  });

  it('narrows to the class a name stands for, with its own fields', () => {
    if (isPasstoError(error, 'ApiError')) {
      expectTypeOf(error).toEqualTypeOf<ApiError>();
      expectTypeOf(error.code).toEqualTypeOf<number>();
    }
    if (isPasstoError(error, 'ValidationError')) expectTypeOf(error.issues).toEqualTypeOf<ValidationError['issues']>();
    if (isPasstoError(error, 'SignatureError')) expectTypeOf(error.reason).toEqualTypeOf<SignatureError['reason']>();
  });

  it('takes only the names of our errors', () => {
    expectTypeOf<PasstoErrorName>().toEqualTypeOf<
      | 'PasstoError'
      | 'ValidationError'
      | 'ApiError'
      | 'HttpError'
      | 'ResponseError'
      | 'TimeoutError'
      | 'NetworkError'
      | 'SignatureError'
      | 'PayloadTooLargeError'
    >();
    // @ts-expect-error a name that is none of ours
    isPasstoError(error, 'TypeError');
    // @ts-expect-error a plain string could be any name: no narrowing without a literal
    isPasstoError(error, String('ApiError'));
  });
});
