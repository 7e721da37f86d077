import { UnsupportedFeatureError, validateNodePool, type NodePoolInput } from '@kubenode/core';
import { TEST_BOOTSTRAP_TOKEN, TEST_CLUSTER_CA } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { createFedoraCoreOs } from './fcos-adapter.js';

const adapter = createFedoraCoreOs();

function pool(os: NodePoolInput['spec']['os']) {
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'hostile' },
    spec: {
      distro: 'example.fcos',
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

function refusedField(os: NodePoolInput['spec']['os']): string | undefined {
  try {
    adapter.provision(pool(os));
  } catch (error) {
    if (UnsupportedFeatureError.isInstance(error)) return error.field;
    throw error;
  }
  return undefined;
}

// Regressions found by the hostile-input property tests (@kubenode/fuzz): ignition-validate
// rejected these configs, or Ignition would have dropped the value.
describe('what Ignition would refuse is refused, naming the field', () => {
  it('unit contents Ignition cannot parse', () => {
    expect(refusedField({ units: [{ name: 'a.service', contents: '[Unit]junk\n' }] })).toBe(
      'spec.os.units[0].contents',
    );
    expect(
      refusedField({
        units: [{ name: 'a.service', dropins: [{ name: 'b.conf', contents: `X=${'y'.repeat(2100)}` }] }],
      }),
    ).toBe('spec.os.units[0].dropins[0].contents');
  });

  it('special mode bits and files at unit paths', () => {
    expect(refusedField({ files: [{ path: '/usr/local/bin/x', contents: '', mode: '2755' }] })).toBe(
      'spec.os.files[0].mode',
    );
    expect(
      refusedField({ files: [{ path: '/etc/systemd/system/kubeadm-join.service', contents: '[Unit]\n' }] }),
    ).toBe('spec.os.files[0].path');
  });

  it("a file at the JoinConfiguration's path, and masking or disabling a unit the node needs", () => {
    expect(
      refusedField({ files: [{ path: '/etc/kubernetes/kubeadm-join.yaml', contents: 'kind: x\n' }] }),
    ).toBe('spec.os.files[0].path');
    expect(refusedField({ units: [{ name: 'kubelet.service', mask: true }] })).toBe('spec.os.units[0].mask');
    expect(
      refusedField({
        units: [
          { name: 'a.timer', mask: true },
          { name: 'containerd.service', enabled: false },
        ],
      }),
    ).toBe('spec.os.units[1].enabled');
    expect(refusedField({ units: [{ name: 'kubeadm-join.service', mask: true }] })).toBe(
      'spec.os.units[0].mask',
    );
    expect(
      refusedField({
        units: [{ name: 'kubelet.service', dropins: [{ name: '10-x.conf', contents: '[Service]\n' }] }],
      }),
    ).toBeUndefined();
  });

  it('repeated kernel arguments, SSH keys and groups are written once', () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIvt/sjlQbbEXA13JpKiIaGzi3J9Dtk2F3CS68PspNxO ops';
    const result = adapter.provision(
      pool({
        kernelArgs: ['quiet', 'quiet'],
        users: [{ name: 'ops', sshAuthorizedKeys: [key, key], groups: ['wheel', 'wheel'] }],
      }),
    );
    expect(adapter.validate(result)).toEqual([]);
    const config = JSON.parse(result.artifacts[0]!.contents);
    expect(config.kernelArguments.shouldExist).toEqual(['quiet']);
    expect(config.passwd.users[0]).toMatchObject({ sshAuthorizedKeys: [key], groups: ['wheel'] });
  });
});
