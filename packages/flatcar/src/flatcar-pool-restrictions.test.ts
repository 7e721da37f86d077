import {
  SpecValidationError,
  UnsupportedFeatureError,
  validateNodePool,
  type NodePoolInput,
} from '@kubenode/core';
import { TEST_BOOTSTRAP_TOKEN, TEST_CLUSTER_CA, TEST_EXTRA_CA } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { decodeNode } from '../test/support/decode.js';
import { ignitionValidate } from '../test/support/ignition-validate.js';
import { createFlatcar } from './flatcar-adapter.js';

const adapter = createFlatcar();

function pool(spec: Partial<NodePoolInput['spec']> = {}) {
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'hostile' },
    spec: {
      distro: 'flatcar',
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
      },
      ...spec,
    },
  });
}

function refusedField(input: ReturnType<typeof pool>): string {
  try {
    adapter.provision(input);
  } catch (error) {
    if (UnsupportedFeatureError.isInstance(error)) return error.field;
    if (SpecValidationError.isInstance(error))
      return error.issues.map((issue) => issue.path.join('.')).join(' ');
    throw error;
  }
  throw new Error('expected a refusal');
}

// Regressions found by the hostile-input property tests (@kubenode/fuzz): each of these pools
// rendered an Ignition config that ignition-validate rejects, or silently lost a value.
describe('Flatcar refuses what Ignition would refuse or not apply', () => {
  it('refuses unit and drop-in contents Ignition cannot parse, naming the field', () => {
    expect(
      refusedField(
        pool({ os: { units: [{ name: 'a.service', contents: '[Service]x\nExecStart=/bin/true\n' }] } }),
      ),
    ).toBe('spec.os.units[0].contents');
    expect(
      refusedField(
        pool({
          os: {
            units: [
              {
                name: 'a.service',
                dropins: [{ name: '10.conf', contents: `[Service]\nX=${'y'.repeat(3000)}\n` }],
              },
            ],
          },
        }),
      ),
    ).toBe('spec.os.units[0].dropins[0].contents');
  });

  it('refuses setuid, setgid and sticky bits, which Ignition before spec 3.6.0 drops', () => {
    expect(
      refusedField(
        pool({ os: { files: [{ path: '/opt/bin/tool', contents: '#!/bin/sh\n', mode: '4755' }] } }),
      ),
    ).toBe('spec.os.files[0].mode');
  });

  it('refuses a pool file at the JoinConfiguration path instead of dropping it silently', () => {
    expect(
      refusedField(
        pool({
          os: { files: [{ path: '/etc/kubeadm/join-configuration.yaml', contents: 'x\n', mode: '0600' }] },
        }),
      ),
    ).toBe('spec.os.files[0].path');
  });

  it("refuses a pool file at a unit's path, which Ignition refuses", () => {
    expect(
      refusedField(
        pool({ os: { files: [{ path: '/etc/systemd/system/kubeadm.service', contents: '[Unit]\n' }] } }),
      ),
    ).toBe('spec.os.files[0].path');
    expect(
      refusedField(
        pool({
          os: {
            units: [{ name: 'a.service', dropins: [{ name: '10.conf', contents: '[Service]\n' }] }],
            files: [{ path: '/etc/systemd/system/a.service.d/10.conf', contents: '[Service]\n' }],
          },
        }),
      ),
    ).toBe('spec.os.files[0].path');
  });

  it('refuses masking or disabling a unit kubenode enables (Ignition would get mask and enabled on one unit)', () => {
    for (const name of ['kubelet.service', 'containerd.service', 'kubeadm.service']) {
      expect(refusedField(pool({ os: { units: [{ name, mask: true }] } }))).toBe('spec.os.units[0].mask');
      expect(refusedField(pool({ os: { units: [{ name: 'a.timer' }, { name, enabled: false }] } }))).toBe(
        'spec.os.units[1].enabled',
      );
    }
    const dropin = adapter.provision(
      pool({
        os: {
          units: [{ name: 'kubelet.service', dropins: [{ name: '10-x.conf', contents: '[Service]\n' }] }],
        },
      }),
    );
    expect(adapter.validate(dropin)).toEqual([]);
  });

  it('writes repeated kernel arguments, no-proxy entries, CAs, SSH keys and groups once (Ignition refuses duplicates)', () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIvt/sjlQbbEXA13JpKiIaGzi3J9Dtk2F3CS68PspNxO ops';
    const result = adapter.provision(
      pool({
        os: {
          kernelArgs: ['quiet', 'quiet', 'a=b'],
          proxy: { https: 'http://proxy.example:3128', noProxy: ['.svc', '.svc'] },
          caCerts: [TEST_EXTRA_CA, TEST_EXTRA_CA],
          users: [{ name: 'ops', sshAuthorizedKeys: [key, key], groups: ['sudo', 'sudo'] }],
        },
      }),
    );
    const contents = result.artifacts[0]!.contents;
    const verdict = ignitionValidate(contents);
    expect(verdict.output.split('\n').filter((line) => /error/.test(line))).toEqual([]);
    expect(verdict.ok).toBe(true);
    const { config } = decodeNode(contents);
    expect(config.kernelArguments?.shouldExist).toEqual(['quiet', 'a=b']);
    expect(config.ignition.proxy?.noProxy).toEqual(['.svc']);
    expect(config.ignition.security?.tls?.certificateAuthorities).toHaveLength(1);
    expect(config.passwd?.users?.[0]).toMatchObject({ sshAuthorizedKeys: [key], groups: ['sudo'] });
  });

  it('refuses adapter-option URLs Go cannot parse, and escapes % for systemd-sysupdate', () => {
    for (const baseUrl of ['https://mirror.example/%h', 'https://mirror.example/a|b']) {
      expect(refusedField(pool({ adapterOptions: { flatcar: { kubernetesSysext: { baseUrl } } } }))).toBe(
        'spec.adapterOptions.flatcar.kubernetesSysext.baseUrl',
      );
    }
    const result = adapter.provision(
      pool({
        adapterOptions: { flatcar: { kubernetesSysext: { baseUrl: 'https://mirror.example/a%20b' } } },
      }),
    );
    const { files } = decodeNode(result.artifacts[0]!.contents);
    const transfer = [...files].find(([path]) => path.startsWith('/etc/sysupdate.kubernetes.d/'))![1].text;
    expect(transfer).toContain('Path=https://mirror.example/a%%20b/kubernetes/');
    expect(ignitionValidate(result.artifacts[0]!.contents).ok).toBe(true);
  });
});
