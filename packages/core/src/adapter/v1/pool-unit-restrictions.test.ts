import { describe, expect, it } from 'vitest';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature-error.js';
import { pool } from '../../test-support/fixtures.js';
import { thrownError } from '../../test-support/thrown-error.js';
import { assertManagedUnitsKept } from './assert-managed-units-kept.js';
import { assertPoolFilesClear } from './assert-pool-files-clear.js';
import { systemdUnitPaths } from './systemd-unit-paths.js';
import type { SystemdUnitV1 } from './systemd-unit-v1.js';

const refusal = (run: () => void) => thrownError(run, UnsupportedFeatureError);

describe('systemdUnitPaths', () => {
  it('lists unit files with contents, masks and drop-ins, each with its unit', () => {
    const units: SystemdUnitV1[] = [
      { name: 'a.service', contents: '[Service]\n', mask: false, dropins: [] },
      { name: 'b.timer', mask: true, dropins: [] },
      { name: 'c.service', mask: false, dropins: [{ name: '10-x.conf', contents: '[Service]\n' }] },
      { name: 'd.service', mask: false, dropins: [] },
    ];
    expect(systemdUnitPaths(units)).toEqual(
      new Map([
        ['/etc/systemd/system/a.service', 'a.service'],
        ['/etc/systemd/system/b.timer', 'b.timer'],
        ['/etc/systemd/system/c.service.d/10-x.conf', 'c.service'],
      ]),
    );
  });
});

describe('assertPoolFilesClear', () => {
  const reserved = {
    joinConfiguration: '/etc/kubeadm/join.yaml',
    unitPaths: new Map([['/etc/systemd/system/a.service', 'a.service']]),
  };

  it('refuses a file at the JoinConfiguration or a unit path, naming its path field and the distro', () => {
    const join = refusal(() =>
      assertPoolFilesClear(
        pool({
          os: {
            files: [
              { path: '/etc/motd', contents: '' },
              { path: '/etc/kubeadm/join.yaml', contents: '' },
            ],
          },
        }),
        'somedistro',
        reserved,
      ),
    );
    expect(join).toMatchObject({ field: 'spec.os.files[1].path', distro: 'somedistro' });
    expect(join.message).toContain('JoinConfiguration');
    const unit = refusal(() =>
      assertPoolFilesClear(
        pool({ os: { files: [{ path: '/etc/systemd/system/a.service', contents: '' }] } }),
        'somedistro',
        reserved,
      ),
    );
    expect(unit).toMatchObject({ field: 'spec.os.files[0].path' });
    expect(unit.message).toContain('a.service');
  });

  it('accepts files elsewhere', () => {
    expect(() =>
      assertPoolFilesClear(pool({ os: { files: [{ path: '/etc/motd', contents: '' }] } }), 'x', reserved),
    ).not.toThrow();
  });
});

describe('assertManagedUnitsKept', () => {
  const managed = ['kubelet.service', 'kubeadm.service'];

  it('refuses masking or disabling a managed unit, naming the field', () => {
    expect(
      refusal(() =>
        assertManagedUnitsKept(
          pool({ os: { units: [{ name: 'a.service' }, { name: 'kubelet.service', mask: true }] } }),
          'x',
          managed,
        ),
      ),
    ).toMatchObject({ field: 'spec.os.units[1].mask', distro: 'x' });
    expect(
      refusal(() =>
        assertManagedUnitsKept(
          pool({ os: { units: [{ name: 'kubeadm.service', enabled: false }] } }),
          'x',
          managed,
        ),
      ),
    ).toMatchObject({ field: 'spec.os.units[0].enabled' });
  });

  it('accepts drop-ins and enabling for managed units, and masking other units', () => {
    expect(() =>
      assertManagedUnitsKept(
        pool({
          os: {
            units: [
              {
                name: 'kubelet.service',
                enabled: true,
                dropins: [{ name: '10-x.conf', contents: '[Service]\n' }],
              },
              { name: 'apt-daily.timer', mask: true },
              { name: 'other.service', enabled: false },
            ],
          },
        }),
        'x',
        managed,
      ),
    ).not.toThrow();
  });
});
