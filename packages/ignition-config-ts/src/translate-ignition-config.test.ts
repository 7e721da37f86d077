import { describe, expect, it } from 'vitest';
import { ignitionValidate } from '../test/support/ignition-validate.js';
import type { IgnitionConfig } from './ignition-config-types.js';
import { IGNITION_SPEC_VERSIONS } from './ignition-spec-version.js';
import { IgnitionTranslationError } from './ignition-translation-error.js';
import { parseIgnitionConfig } from './parse-ignition-config.js';
import { serializeIgnitionConfig } from './serialize-ignition-config.js';
import { translateIgnitionConfig } from './translate-ignition-config.js';

const base30: IgnitionConfig = {
  ignition: { version: '3.0.0' },
  storage: { files: [{ path: '/etc/x', mode: 420, contents: { source: 'data:,x' } }] },
  systemd: { units: [{ name: 'a.service', mask: true }] },
};

function fails(
  config: IgnitionConfig,
  to: (typeof IGNITION_SPEC_VERSIONS)[number],
): IgnitionTranslationError {
  try {
    translateIgnitionConfig(config, to);
  } catch (error) {
    if (IgnitionTranslationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a translation error');
}

describe('translateIgnitionConfig', () => {
  it('upgrades 3.0.0 through 3.5.0 and downgrades back without loss', () => {
    for (const version of IGNITION_SPEC_VERSIONS) {
      const up = translateIgnitionConfig(base30, version);
      expect(up.ignition.version).toBe(version);
      expect({ ...up, ignition: base30.ignition }).toEqual(base30);
      expect(translateIgnitionConfig(up, '3.0.0')).toEqual(base30);
    }
    for (const version of ['3.0.0', '3.1.0', '3.2.0', '3.3.0'] as const) {
      expect(ignitionValidate(serializeIgnitionConfig(translateIgnitionConfig(base30, version))).ok).toBe(
        true,
      );
    }
  });

  it('names the field that a downgrade would lose', () => {
    const withKargs: IgnitionConfig = {
      ignition: { version: '3.3.0' },
      kernelArguments: { shouldExist: ['a'] },
    };
    const error = fails(withKargs, '3.2.0');
    expect(error.path).toEqual(['kernelArguments']);
    expect(error.message).toBe(
      'cannot translate spec 3.3.0 to 3.2.0: $.kernelArguments does not exist in spec 3.2.0',
    );

    const luks: IgnitionConfig = {
      ignition: { version: '3.4.0' },
      storage: { luks: [{ name: 'data', device: '/dev/sdb', discard: true }] },
    };
    expect(fails(luks, '3.3.0').path).toEqual(['storage', 'luks', 0, 'discard']);
    expect(fails(luks, '3.1.0').path).toEqual(['storage', 'luks']);

    const headers: IgnitionConfig = {
      ignition: { version: '3.1.0' },
      storage: {
        files: [
          { path: '/a', contents: { source: 'https://h/a', httpHeaders: [{ name: 'X', value: 'y' }] } },
        ],
      },
    };
    expect(fails(headers, '3.0.0').path).toEqual(['storage', 'files', 0, 'contents', 'httpHeaders']);
  });

  it('refuses values an older spec does not know: sha256 before 3.1.0, gs:// before 3.2.0, format none before 3.3.0', () => {
    const sha256: IgnitionConfig = {
      ignition: { version: '3.3.0' },
      storage: {
        files: [
          {
            path: '/a',
            contents: { source: 'https://h/a', verification: { hash: `sha256-${'0'.repeat(64)}` } },
          },
        ],
      },
    };
    expect(fails(sha256, '3.0.0').path).toEqual(['storage', 'files', 0, 'contents', 'verification', 'hash']);
    expect(translateIgnitionConfig(sha256, '3.1.0').ignition.version).toBe('3.1.0');
    const gs: IgnitionConfig = {
      ignition: { version: '3.3.0' },
      storage: { files: [{ path: '/a', contents: { source: 'gs://b/o' } }] },
    };
    expect(fails(gs, '3.1.0').path).toEqual(['storage', 'files', 0, 'contents', 'source']);
    const none: IgnitionConfig = {
      ignition: { version: '3.3.0' },
      storage: { filesystems: [{ device: '/dev/x', format: 'none' }] },
    };
    expect(fails(none, '3.2.0').path).toEqual(['storage', 'filesystems', 0, 'format']);
  });

  it('drops meaningless null noProxy entries when upgrading to 3.4.0', () => {
    const parsed = parseIgnitionConfig(
      '{"ignition":{"version":"3.3.0","proxy":{"noProxy":["a",null]}}}',
    ).config;
    expect(translateIgnitionConfig(parsed, '3.4.0').ignition.proxy).toEqual({ noProxy: ['a'] });
  });
});
