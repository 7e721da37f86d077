import { SpecValidationError, UnsupportedFeatureError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { thrownError } from './thrown-error.js';

const unsupported = () =>
  new UnsupportedFeatureError({
    field: 'spec.os.packages',
    distro: 'x',
    reason: 'no',
    alternative: 'sysext',
  });

describe('thrownError', () => {
  it('returns the error of the class asked for', () => {
    const error = thrownError(() => {
      throw unsupported();
    }, UnsupportedFeatureError);
    expect(error.field).toBe('spec.os.packages');
  });

  it('rethrows another error unchanged, and fails when nothing is thrown', () => {
    const other = new RangeError('boom');
    expect(() =>
      thrownError(() => {
        throw other;
      }, SpecValidationError),
    ).toThrow(other);
    expect(() => thrownError(() => 1, UnsupportedFeatureError)).toThrow(
      'expected UnsupportedFeatureError, but nothing was thrown',
    );
  });
});
