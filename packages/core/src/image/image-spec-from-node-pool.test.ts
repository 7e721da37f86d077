import { describe, expect, it } from 'vitest';
import { InvalidBuildInputError } from '../build/invalid-build-input-error.js';
import type { NodePoolInput } from '../node-pool/node-pool-schema.js';
import { pool } from '../test-support/fixtures.js';
import { imageSpecId } from './image-spec-id.js';
import { imageSpecFromNodePool } from './image-spec-from-node-pool.js';

const debianPool = (os: NodePoolInput['spec']['os'] = {}) =>
  pool({ distro: 'debian', image: { channel: 'bookworm', arch: 'amd64' }, os });

describe('imageSpecFromNodePool', () => {
  it('takes base, packages, kernel settings, root growth and the Kubernetes version from the pool', () => {
    const spec = imageSpecFromNodePool(
      debianPool({
        packages: ['jq'],
        sysctls: { 'vm.max_map_count': 262144, 'net.ipv4.ip_forward': '0' },
        kernelModules: ['ip_vs'],
        kernelArgs: ['console=ttyS0'],
        rootDisk: { grow: false },
      }),
      {
        basePackages: ['systemd', 'containerd'],
        components: [{ name: 'containerd', source: { kind: 'distro', package: 'containerd' } }],
        outputs: ['qcow2'],
      },
    );
    expect(spec.base).toEqual({ distro: 'debian', release: 'bookworm', arch: 'amd64' });
    expect(spec.packages).toEqual(['containerd', 'jq', 'systemd']);
    expect(spec.sysctls).toEqual({
      'net.bridge.bridge-nf-call-ip6tables': '1',
      'net.bridge.bridge-nf-call-iptables': '1',
      'net.ipv4.ip_forward': '0',
      'vm.max_map_count': '262144',
    });
    expect(spec.modules).toEqual(['br_netfilter', 'ip_vs', 'overlay']);
    expect(spec.kernelArgs).toEqual(['console=ttyS0']);
    expect(spec.rootDisk).toEqual({ grow: false });
    expect(spec.kubernetes.version).toBe('1.32.4');
    expect(spec.outputs).toEqual(['qcow2']);
    expect(spec.files).toEqual([]);
  });

  it('never carries join details, so pools differing only in cluster get the same image ID', () => {
    const a = debianPool();
    const b = {
      ...a,
      metadata: { ...a.metadata, name: 'other-pool' },
      spec: {
        ...a.spec,
        kubernetes: {
          ...a.spec.kubernetes,
          apiServer: 'https://10.9.9.9:6443',
          bootstrapToken: 'zzzzzz.zzzzzzzzzzzzzzzz',
        },
      },
    };
    const specA = imageSpecFromNodePool(a);
    expect(JSON.stringify(specA)).not.toContain(a.spec.kubernetes.bootstrapToken);
    expect(JSON.stringify(specA)).not.toContain('10.0.0.1');
    expect(imageSpecId(imageSpecFromNodePool(b))).toBe(imageSpecId(specA));
  });

  it('bakes files and units only when asked, and never a file holding a secret', () => {
    const withFiles = debianPool({
      files: [{ path: '/etc/motd', contents: 'hello\n' }],
      units: [{ name: 'demo.service', contents: '[Service]\nExecStart=/bin/true\n', enabled: true }],
    });
    expect(imageSpecFromNodePool(withFiles).files).toEqual([]);
    const baked = imageSpecFromNodePool(withFiles, { bakeOsConfig: true });
    expect(baked.files.map((file) => file.path)).toEqual(['/etc/motd']);
    expect(baked.units.map((unit) => unit.name)).toEqual(['demo.service']);
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAsecretmaterial\n-----END OPENSSH PRIVATE KEY-----\n';
    const secret = debianPool({ files: [{ path: '/etc/key', contents: key, mode: 0o600 }] });
    let error: unknown;
    try {
      imageSpecFromNodePool(secret, { bakeOsConfig: true });
    } catch (caught) {
      error = caught;
    }
    expect(InvalidBuildInputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('spec.os.files[0] (/etc/key)');
    expect((error as Error).message).not.toContain('secretmaterial');
  });

  it('needs a release', () => {
    expect(() => imageSpecFromNodePool(pool({ distro: 'debian' }))).toThrow(
      /spec\.image: a version or channel/,
    );
    expect(imageSpecFromNodePool(pool({ distro: 'debian' }), { release: 'bookworm' }).base.release).toBe(
      'bookworm',
    );
  });
});
