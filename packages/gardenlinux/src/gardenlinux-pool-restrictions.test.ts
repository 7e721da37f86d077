import { UnsupportedFeatureError, validateNodePool, type NodePool } from '@kubenode/core';
import { TEST_BOOTSTRAP_TOKEN, TEST_CLUSTER_CA, TEST_SSH_KEY_ED25519, thrownError } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { ignitionValidate } from '../test/support/upstream-tools.js';
import { createGardenLinux, JOIN_UNIT } from './index.js';

// Regressions found by the hostile-input property tests (@kubenode/fuzz): the standalone node
// lost a pool file written at a pool unit's path (Gardener mode crashed with a RangeError), and the Ignition flavours rendered unit
// contents and special mode bits Ignition refuses or ignores, and duplicate SSH keys and groups.
function pool(os: Record<string, unknown>): NodePool {
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'restrictions' },
    spec: {
      distro: 'gardenlinux',
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
      },
      os,
    },
  });
}

const refusal = (run: () => unknown) => thrownError(run, UnsupportedFeatureError);

const cloudInit = createGardenLinux();
const ignition = createGardenLinux({ flavor: 'kvm-gardener_prod' });

describe('standalone pools Garden Linux cannot write as given', () => {
  it('refuses masking or disabling containerd, kubelet or the join unit, in every mode (hostile-input fuzz)', () => {
    const gardener = createGardenLinux({ mode: 'gardener' });
    for (const adapter of [cloudInit, ignition, gardener]) {
      for (const name of ['containerd.service', 'kubelet.service']) {
        expect(refusal(() => adapter.provision(pool({ units: [{ name, mask: true }] }))).field).toBe(
          'spec.os.units[0].mask',
        );
        expect(
          refusal(() => adapter.provision(pool({ units: [{ name: 'a.timer' }, { name, enabled: false }] })))
            .field,
        ).toBe('spec.os.units[1].enabled');
      }
    }
    for (const adapter of [cloudInit, ignition]) {
      expect(refusal(() => adapter.provision(pool({ units: [{ name: JOIN_UNIT, mask: true }] }))).field).toBe(
        'spec.os.units[0].mask',
      );
    }
  });

  it('refuses a pool file at the path of a pool unit, mask or drop-in, in every mode', () => {
    for (const adapter of [cloudInit, ignition, createGardenLinux({ mode: 'gardener' })]) {
      expect(
        refusal(() =>
          adapter.provision(
            pool({
              files: [{ path: '/etc/systemd/system/kubeadm.service', contents: 'file\n' }],
              units: [{ name: 'kubeadm.service', mask: true }],
            }),
          ),
        ).field,
      ).toBe('spec.os.files[0].path');
      expect(
        refusal(() =>
          adapter.provision(
            pool({
              files: [{ path: '/etc/systemd/system/app.service', contents: 'file\n' }],
              units: [{ name: 'app.service', contents: '[Unit]\nDescription=unit\n' }],
            }),
          ),
        ).field,
      ).toBe('spec.os.files[0].path');
      expect(
        refusal(() =>
          adapter.provision(
            pool({
              files: [{ path: '/etc/systemd/system/app.service.d/10-x.conf', contents: 'file\n' }],
              units: [{ name: 'app.service', dropins: [{ name: '10-x.conf', contents: '[Service]\n' }] }],
            }),
          ),
        ).field,
      ).toBe('spec.os.files[0].path');
    }
  });

  it('refuses a pool file at the JoinConfiguration path standalone (it was dropped with a warning), keeps it in Gardener mode', () => {
    const join = pool({ files: [{ path: '/etc/kubeadm/join-configuration.yaml', contents: 'kind: x\n' }] });
    for (const adapter of [cloudInit, ignition]) {
      const error = refusal(() => adapter.provision(join));
      expect(error.field).toBe('spec.os.files[0].path');
      expect(error.message).toContain('JoinConfiguration');
    }
    // Under Gardener the join is Gardener's: the path is the pool's to use.
    const gardener = createGardenLinux({ mode: 'gardener' });
    expect(gardener.provision(join).artifacts[0]!.contents).toContain('/etc/kubeadm/join-configuration.yaml');
  });

  it('refuses unit and drop-in contents Ignition cannot parse, and special mode bits, on Ignition', () => {
    expect(
      refusal(() => ignition.provision(pool({ units: [{ name: 'a.service', contents: '[Unit\n' }] }))).field,
    ).toBe('spec.os.units[0].contents');
    expect(
      refusal(() =>
        ignition.provision(
          pool({ units: [{ name: 'a.service', dropins: [{ name: 'x.conf', contents: '[Service\n' }] }] }),
        ),
      ).field,
    ).toBe('spec.os.units[0].dropins[0].contents');
    expect(
      refusal(() => ignition.provision(pool({ files: [{ path: '/etc/x', contents: 'x', mode: '4755' }] })))
        .field,
    ).toBe('spec.os.files[0].mode');
    // cloud-init writes them as given.
    expect(() =>
      cloudInit.provision(pool({ files: [{ path: '/etc/x', contents: 'x', mode: '4755' }] })),
    ).not.toThrow();
  });

  it('writes repeated SSH keys and groups once, which ignition-validate accepts', () => {
    const config = ignition.provision(
      pool({
        users: [
          {
            name: 'ops',
            sshAuthorizedKeys: [TEST_SSH_KEY_ED25519, TEST_SSH_KEY_ED25519],
            groups: ['adm', 'adm'],
          },
        ],
      }),
    ).artifacts[0]!.contents;
    const user = (
      JSON.parse(config) as {
        passwd: { users: { name: string; sshAuthorizedKeys: string[]; groups: string[] }[] };
      }
    ).passwd.users.find((candidate) => candidate.name === 'ops')!;
    expect(user.sshAuthorizedKeys).toEqual([TEST_SSH_KEY_ED25519]);
    expect(user.groups).toEqual(['adm']);
    const run = ignitionValidate(config);
    expect(run.output).toBe('');
    expect(run.ok).toBe(true);
  });
});
