import { describe, expect, it } from 'vitest';
import { ExternalToolError } from './external-tool-error.js';
import { KubenodeError } from './kubenode-error.js';
import { SpecValidationError } from './spec-validation-error.js';
import { UnsupportedFeatureError } from './unsupported-feature-error.js';

describe('errors', () => {
  it('are recognised by marker, not by instanceof, across copies', () => {
    const error = new UnsupportedFeatureError({
      field: 'spec.os.packages',
      distro: 'flatcar',
      alternative: 'a systemd-sysext image',
    });
    // Simulate an error from another copy of the package: same markers, different class.
    const foreign = Object.assign(Object.create(Error.prototype) as object, {
      [Symbol.for('kubenode.error')]: true,
      [Symbol.for('kubenode.error.KubenodeUnsupportedFeatureError')]: true,
    });
    expect(UnsupportedFeatureError.isInstance(foreign)).toBe(true);
    expect(KubenodeError.isInstance(foreign)).toBe(true);
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    expect(SpecValidationError.isInstance(error)).toBe(false);
    expect(KubenodeError.isInstance(new Error('x'))).toBe(false);
    expect(error.name).toBe('KubenodeUnsupportedFeatureError');
    expect(error.message).toBe('spec.os.packages: not supported on flatcar; instead: a systemd-sysext image');
  });

  it('name the Debian package of a missing tool', () => {
    const error = new ExternalToolError({
      tool: 'ignition-validate',
      failure: 'missing',
      debianPackage: 'ignition',
    });
    expect(error.message).toBe(
      'ignition-validate is not installed (install it with: apt-get install ignition)',
    );
  });
});
