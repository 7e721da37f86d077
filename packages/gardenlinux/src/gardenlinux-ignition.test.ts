import { UnsupportedFeatureError, type NodePool } from '@kubenode/core';
import {
  CANONICAL_POOLS,
  HOSTILE_TEXT,
  TEST_BOOTSTRAP_TOKEN,
  TEST_EXTRA_CA,
  TEST_PASSWORD_HASH,
  TEST_PRIVATE_KEY,
  TEST_SSH_KEY_ED25519,
  canonicalPool,
} from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { decodeIgnition } from '../test/support/decode-ignition.js';
import { ignitionValidate } from '../test/support/upstream-tools.js';
import { createGardenLinux, JOIN_UNIT, LOCAL_CA_DIRECTORY, PACKAGES_UNIT, UPDATE_CA_UNIT } from './index.js';

const kvm = createGardenLinux({ flavor: 'kvm-gardener_prod' });

function render(pool: NodePool, adapter = kvm) {
  const result = adapter.provision(pool);
  expect(result.artifacts).toHaveLength(1);
  expect(result.artifacts[0]).toMatchObject({
    name: 'config.ign',
    mediaType: 'application/vnd.coreos.ignition+json',
    role: 'user-data',
    containsSecrets: true,
  });
  return result.artifacts[0]!.contents;
}

const UNSUPPORTED = new Set(['kernel', 'packages', 'root-disk-fixed']);

describe('standalone Ignition (kvm-gardener_prod)', () => {
  it.each(CANONICAL_POOLS.filter((entry) => !UNSUPPORTED.has(entry.id)).map((entry) => entry.id))(
    "%s passes Debian's ignition-validate and the adapter's validate()",
    (id) => {
      const config = render(canonicalPool(id, 'gardenlinux'));
      const run = ignitionValidate(config);
      expect(run.output).toBe('');
      expect(run.ok).toBe(true);
      expect(JSON.parse(config).ignition.version).toBe('3.3.0');
      expect(kvm.validate(kvm.provision(canonicalPool(id, 'gardenlinux')))).toEqual([]);
    },
  );

  it('refuses kernel arguments, packages on _prod and a fixed root disk', () => {
    for (const [id, field] of [
      ['kernel', 'spec.os.kernelArgs'],
      ['packages', 'spec.os.packages'],
      ['root-disk-fixed', 'spec.os.rootDisk'],
    ] as const) {
      expect(() => kvm.provision(canonicalPool(id, 'gardenlinux'))).toThrowError(
        expect.objectContaining({ field }) as unknown as Error,
      );
      try {
        kvm.provision(canonicalPool(id, 'gardenlinux'));
      } catch (error) {
        expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
      }
    }
  });

  it('minimal: the JoinConfiguration (0600) and the enabled join, kubelet and containerd units', () => {
    const { files, units } = decodeIgnition(render(canonicalPool('minimal', 'gardenlinux')));
    const join = files.get('/etc/kubeadm/join-configuration.yaml')!;
    expect(join.mode).toBe(0o600);
    expect(join.text).toContain(`token: ${TEST_BOOTSTRAP_TOKEN}`);
    expect(units.get(JOIN_UNIT)).toMatchObject({ enabled: true });
    expect(units.get(JOIN_UNIT)!.contents).toContain('ExecStart=/usr/bin/kubeadm join');
    expect(units.get('kubelet.service')).toEqual({ name: 'kubelet.service', enabled: true });
    expect(units.get('containerd.service')).toEqual({ name: 'containerd.service', enabled: true });
    expect(files.get('/etc/containerd/config.toml')!.text).toContain('SystemdCgroup = true');
  });

  it('users, password hashes, host name, files, units and drop-ins in Ignition terms', () => {
    const users = decodeIgnition(render(canonicalPool('users-ssh', 'gardenlinux'))).config.passwd?.users;
    const ops = users?.find((user) => user.name === 'ops');
    expect(ops).toMatchObject({ name: 'ops', groups: ['sudo'] });
    expect(ops?.sshAuthorizedKeys).toContain(TEST_SSH_KEY_ED25519);
    expect(users?.map((user) => user.name).sort()).toEqual(['audit', 'ops']);
    const hashed = decodeIgnition(render(canonicalPool('password-hash', 'gardenlinux'))).config.passwd?.users;
    expect(hashed).toEqual([{ name: 'console', passwordHash: TEST_PASSWORD_HASH }]);
    expect(
      decodeIgnition(render(canonicalPool('network', 'gardenlinux'))).files.get('/etc/hostname')!.text,
    ).toBe('node-a.example.internal\n');
    const { files, units } = decodeIgnition(render(canonicalPool('files-units', 'gardenlinux')));
    expect(files.get('/etc/app/private.conf')).toMatchObject({ mode: 0o640, user: 'root', group: 'adm' });
    expect(files.get('/etc/app/binary.bin')!.bytes).toEqual(Buffer.from('AAECAwT/', 'base64'));
    expect(units.get('hello.service')).toMatchObject({ enabled: true });
    expect(units.get('hello.service')!.dropins).toEqual([
      { name: '10-env.conf', contents: '[Service]\nEnvironment=GREETING=hi\n' },
    ]);
    expect(units.get('apt-daily.timer')).toMatchObject({ mask: true });
    expect(units.get('containerd.service')!.dropins).toEqual([
      { name: '20-limits.conf', contents: '[Service]\nLimitNOFILE=1048576\n' },
    ]);
  });

  it('hostile strings, private keys and CA certificates reach the node byte for byte', () => {
    const { files } = decodeIgnition(render(canonicalPool('hostile-strings', 'gardenlinux')));
    expect(files.get('/etc/hostile/all.txt')!.text).toBe(HOSTILE_TEXT);
    expect(files.get('/etc/hostile/space name %h.conf')!.text).toBe('x=1\n');
    expect(files.get('/etc/hostile/empty')!.bytes.length).toBe(0);
    const secret = decodeIgnition(render(canonicalPool('secret-file', 'gardenlinux'))).files.get(
      '/etc/app/tls.key',
    )!;
    expect(secret.text).toBe(TEST_PRIVATE_KEY);
    expect(secret.mode).toBe(0o600);
    const ca = decodeIgnition(render(canonicalPool('ca-certs', 'gardenlinux')));
    const path = [...ca.files.keys()].find((candidate) => candidate.startsWith(LOCAL_CA_DIRECTORY))!;
    expect(ca.files.get(path)!.text).toBe(`${TEST_EXTRA_CA.trim()}\n`);
    expect(ca.units.get(UPDATE_CA_UNIT)).toMatchObject({ enabled: true });
  });
});

describe('standalone Ignition on metal_pxe (apt, PXE)', () => {
  const pxe = createGardenLinux({ flavor: 'metal_pxe' });

  it('installs packages with a oneshot unit ordered before the join; ignition-validate accepts it', () => {
    const config = render(canonicalPool('packages', 'gardenlinux'), pxe);
    expect(ignitionValidate(config).ok).toBe(true);
    const { units } = decodeIgnition(config);
    const packages = units.get(PACKAGES_UNIT)!;
    expect(packages.enabled).toBe(true);
    expect(packages.contents).toContain(
      'ExecStart=/usr/bin/apt-get install -y -q -o Dpkg::Options::=--force-confold jq nfs-common open-iscsi',
    );
    expect(packages.contents).toContain(`Before=${JOIN_UNIT}`);
    expect(units.get(JOIN_UNIT)!.contents).toContain(
      `After=network-online.target containerd.service ${PACKAGES_UNIT}`,
    );
  });
});
