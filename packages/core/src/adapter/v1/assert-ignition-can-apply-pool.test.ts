import { describe, expect, it } from 'vitest';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature-error.js';
import { pool } from '../../test-support/fixtures.js';
import { thrownError } from '../../test-support/thrown-error.js';
import { assertIgnitionCanApplyPool } from './assert-ignition-can-apply-pool.js';

const refusal = (run: () => void) => thrownError(run, UnsupportedFeatureError);

describe('assertIgnitionCanApplyPool', () => {
  it('accepts units, drop-ins and files Ignition applies as written', () => {
    expect(() =>
      assertIgnitionCanApplyPool(
        pool({
          os: {
            units: [
              {
                name: 'a.service',
                contents: '[Service]\nExecStart=/bin/true\n',
                dropins: [{ name: '10-x.conf', contents: '[Service]\nNice=5\n' }],
              },
            ],
            files: [{ path: '/opt/bin/tool', contents: '#!/bin/sh\n', mode: 0o755 }],
          },
        }),
        'flatcar',
      ),
    ).not.toThrow();
  });

  it('refuses unit contents Ignition cannot parse, naming the unit', () => {
    const error = refusal(() =>
      assertIgnitionCanApplyPool(
        pool({
          os: {
            units: [
              { name: 'a.service' },
              { name: 'b.service', contents: '[Service]x\nExecStart=/bin/true\n' },
            ],
          },
        }),
        'flatcar',
      ),
    );
    expect(error.field).toBe('spec.os.units[1].contents');
    expect(error.distro).toBe('flatcar');
  });

  it('refuses drop-in contents Ignition cannot parse, naming the drop-in', () => {
    const error = refusal(() =>
      assertIgnitionCanApplyPool(
        pool({
          os: {
            units: [
              {
                name: 'a.service',
                dropins: [
                  { name: '10-ok.conf', contents: '[Service]\nNice=5\n' },
                  { name: '20-bad.conf', contents: `[Service]\nX=${'y'.repeat(3000)}\n` },
                ],
              },
            ],
          },
        }),
        'fcos',
      ),
    );
    expect(error.field).toBe('spec.os.units[0].dropins[1].contents');
  });

  it('refuses setuid, setgid and sticky bits with the adapter’s alternative', () => {
    for (const mode of ['4755', '2755', '1777']) {
      const error = refusal(() =>
        assertIgnitionCanApplyPool(
          pool({
            os: {
              files: [
                { path: '/etc/motd', contents: '' },
                { path: '/opt/bin/tool', contents: '#!/bin/sh\n', mode },
              ],
            },
          }),
          'gardenlinux',
          { specialBitsAlternative: 'use a cloud-init flavour' },
        ),
      );
      expect(error.field).toBe('spec.os.files[1].mode');
      expect(error.alternative).toBe('use a cloud-init flavour');
      expect(error.message).toContain(`mode 0${mode.slice(1)}`);
    }
  });
});
