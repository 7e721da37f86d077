import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExternalToolError,
  imageSpecId,
  InvalidAdapterOptionsError,
  InvalidBuildInputError,
  validateNodePool,
  type BuildProgressV1,
  type ExecRequest,
  type NodePool,
  type NodePoolInput,
} from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createDebianImageBuilder, DEBIAN_NODE_PACKAGES } from './debian-image-builder.js';

const CA = readFileSync(new URL('../../core/src/__fixtures__/ca.crt', import.meta.url), 'utf8');

function pool(spec: Partial<NodePoolInput['spec']> = {}): NodePool {
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'workers' },
    spec: {
      distro: 'debian',
      image: { channel: 'bookworm' },
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: CA,
        bootstrapToken: 'abcdef.0123456789abcdef',
      },
      ...spec,
    },
  });
}

const KEY =
  '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBGMHoXcBCADukGOEQyleViOgtkMVa7hKifP6POCTh+98xNW4TfHK/nBJN2sm\n-----END PGP PUBLIC KEY BLOCK-----\n';

describe('createDebianImageBuilder: plan', () => {
  const builder = createDebianImageBuilder();

  it('plans a content-addressed image: same pool, same ID; order-free changes keep it, real changes change it', () => {
    const plan = builder.plan(pool({ os: { packages: ['jq', 'curl'] } }));
    expect(plan.kind).toBe('image');
    expect(plan.imageId).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.imageId).toBe(imageSpecId(plan.imageSpec!));
    expect(builder.plan(pool({ os: { packages: ['curl', 'jq', 'jq'] } })).imageId).toBe(plan.imageId);
    expect(createDebianImageBuilder().plan(pool({ os: { packages: ['curl', 'jq'] } })).imageId).toBe(
      plan.imageId,
    );
    expect(builder.plan(pool({ os: { packages: ['curl'] } })).imageId).not.toBe(plan.imageId);
    expect(
      builder.plan(pool({ os: { packages: ['curl', 'jq'] }, image: { channel: 'trixie' } })).imageId,
    ).not.toBe(plan.imageId);
    // The cluster a pool joins is not part of its image.
    const other = pool({ os: { packages: ['jq', 'curl'] } });
    const elsewhere = {
      ...other,
      spec: { ...other.spec, kubernetes: { ...other.spec.kubernetes, apiServer: 'https://10.9.9.9:6443' } },
    };
    expect(builder.plan(elsewhere).imageId).toBe(plan.imageId);
  });

  it('lists the node packages, the cloud kernel, the pool packages, components with their sources, outputs and tools', () => {
    const plan = builder.plan(pool({ os: { packages: ['jq'] } }));
    const spec = plan.imageSpec!;
    for (const name of [
      ...DEBIAN_NODE_PACKAGES,
      'linux-image-cloud-amd64',
      'usr-is-merged',
      'cloud-guest-utils',
      'jq',
    ]) {
      expect(spec.packages).toContain(name);
    }
    expect(spec.base).toEqual({ distro: 'debian', release: 'bookworm', arch: 'amd64' });
    expect(spec.kubernetes.components).toEqual([
      { name: 'cni-plugins', source: { kind: 'distro', package: 'containernetworking-plugins' } },
      { name: 'containerd', source: { kind: 'distro', package: 'containerd' } },
      {
        name: 'crictl',
        source: {
          kind: 'apt-repository',
          repository: 'https://pkgs.k8s.io/core:/stable:/v1.32/deb/',
          package: 'cri-tools',
        },
      },
      {
        name: 'kubeadm',
        version: '1.32.4',
        source: {
          kind: 'apt-repository',
          repository: 'https://pkgs.k8s.io/core:/stable:/v1.32/deb/',
          package: 'kubeadm',
        },
      },
      {
        name: 'kubelet',
        version: '1.32.4',
        source: {
          kind: 'apt-repository',
          repository: 'https://pkgs.k8s.io/core:/stable:/v1.32/deb/',
          package: 'kubelet',
        },
      },
      { name: 'runc', source: { kind: 'distro', package: 'runc' } },
    ]);
    expect(spec.outputs).toEqual(['qcow2', 'raw']);
    const short = plan.imageId!.slice(0, 12);
    expect(plan.outputs.map((output) => output.name)).toEqual([
      `kubenode-debian-bookworm-amd64-${short}.qcow2`,
      `kubenode-debian-bookworm-amd64-${short}.raw`,
      `kubenode-debian-bookworm-amd64-${short}.cdx.json`,
      `kubenode-debian-bookworm-amd64-${short}.image.json`,
      'SHA256SUMS',
    ]);
    expect(plan.requiredTools.map((tool) => `${tool.name}:${tool.debianPackage}`)).toEqual([
      'mmdebstrap:mmdebstrap',
      'chroot:coreutils',
      'mkfs.ext4:e2fsprogs',
      'e2fsck:e2fsprogs',
      'mkfs.vfat:dosfstools',
      'mmd:mtools',
      'mcopy:mtools',
      'sfdisk:fdisk',
      'qemu-img:qemu-utils',
    ]);
    const none = createDebianImageBuilder({
      kubernetes: { kind: 'none' },
      outputs: ['raw', 'squashfs'],
    }).plan(pool());
    expect(
      none.imageSpec!.kubernetes.components.filter((c) => c.source.kind === 'none').map((c) => c.name),
    ).toEqual(['crictl', 'kubeadm', 'kubelet']);
    expect(none.requiredTools.map((tool) => tool.name)).toContain('mksquashfs');
    expect(none.imageId).not.toBe(builder.plan(pool()).imageId);
  });

  it('knows Debian 12 by number, refuses unknown releases and bad settings', () => {
    expect(builder.plan(pool({ image: { version: '12' } })).imageSpec!.base.release).toBe('bookworm');
    expect(builder.plan(pool({ image: {} })).imageSpec!.base.release).toBe('bookworm');
    expect(() => builder.plan(pool({ image: { channel: 'sid' } }))).toThrow(InvalidBuildInputError);
    expect(() => builder.plan(pool({ image: { channel: 'sid' } }))).toThrow(
      /bookworm \(12\), trixie \(13\); got 'sid'/,
    );
    expect(() => createDebianImageBuilder({ mirror: 'ftp://mirror' })).toThrow(InvalidAdapterOptionsError);
    expect(() => createDebianImageBuilder({ outputs: ['iso' as 'raw'] })).toThrow(InvalidAdapterOptionsError);
  });
});

describe('createDebianImageBuilder: build (injected exec and fetch)', () => {
  it('refuses to build without root', async () => {
    const builder = createDebianImageBuilder({ isRoot: () => false });
    const error = await builder
      .build(builder.plan(pool()), { workdir: tmpdir() })
      .catch((caught: unknown) => caught);
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/needs root/);
  });

  it('runs mmdebstrap with the lean node options; a missing mmdebstrap names its package', async () => {
    const seen: ExecRequest[] = [];
    const progress: BuildProgressV1[] = [];
    const builder = createDebianImageBuilder({
      isRoot: () => true,
      scratchDir: mkdtempSync(join(tmpdir(), 'kubenode-debian-unit-')),
      exec: async (request) => {
        seen.push(request);
        return { kind: 'not-found' };
      },
      fetch: async () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
      },
    });
    const error = await builder
      .build(builder.plan(pool()), {
        workdir: mkdtempSync(join(tmpdir(), 'kubenode-debian-out-')),
        onProgress: (e) => progress.push(e),
      })
      .catch((caught: unknown) => caught);
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect((error as ExternalToolError).debianPackage).toBe('mmdebstrap');
    expect(progress[1]).toEqual({
      step: 'kubernetes-source',
      state: 'finished',
      message: 'not reachable: kubelet and kubeadm are left out',
    });
    const args = seen[0]!.args;
    expect(seen[0]!.command).toBe('mmdebstrap');
    expect(args).toEqual(
      expect.arrayContaining([
        '--mode=root',
        '--variant=apt',
        '--aptopt=APT::Install-Recommends "false"',
        '--dpkgopt=path-exclude=/usr/share/doc/*',
        '--dpkgopt=path-exclude=/usr/share/man/*',
        'bookworm',
        'deb http://deb.debian.org/debian bookworm main',
        'deb http://deb.debian.org/debian-security bookworm-security main',
      ]),
    );
    const include = args.find((arg) => arg.startsWith('--include='))!;
    expect(include).toContain('linux-image-cloud-amd64');
    expect(include).toContain('containerd');
    expect(include).not.toContain('kubelet');
    expect(args.some((arg) => arg.includes('apt-get purge -y -qq usrmerge'))).toBe(true);
    // udev's device name databases stay out (bookworm ships them in /lib, trixie in /usr/lib).
    expect(args).toEqual(
      expect.arrayContaining([
        '--dpkgopt=path-exclude=/lib/udev/hwdb.d/20-OUI.hwdb',
        '--dpkgopt=path-exclude=/lib/udev/hwdb.d/20-*-vendor*.hwdb',
        '--dpkgopt=path-exclude=/usr/lib/udev/hwdb.d/20-OUI.hwdb',
        '--dpkgopt=path-exclude=/usr/lib/udev/hwdb.d/20-*-vendor*.hwdb',
      ]),
    );
    expect(args.some((arg) => arg.includes('20-net-ifname'))).toBe(false);
  });

  it('adds the Kubernetes repository, its key and pinned kubelet/kubeadm when the repository answers', async () => {
    const seen: ExecRequest[] = [];
    const fetched: string[] = [];
    const builder = createDebianImageBuilder({
      isRoot: () => true,
      scratchDir: mkdtempSync(join(tmpdir(), 'kubenode-debian-unit-')),
      exec: async (request) => {
        seen.push(request);
        return { kind: 'exited', exitCode: 1, stdout: '', stderr: 'E: simulated\n' };
      },
      fetch: async (url) => {
        fetched.push(url);
        return { ok: true, status: 200, text: async () => KEY };
      },
    });
    const error = await builder
      .build(builder.plan(pool()), { workdir: mkdtempSync(join(tmpdir(), 'kubenode-debian-out-')) })
      .then(
        () => undefined,
        (caught: unknown) => caught as ExternalToolError,
      );
    expect(error?.failure).toBe('failed');
    expect(error?.message).toContain('E: simulated');
    expect(fetched).toEqual(['https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key']);
    const args = seen[0]!.args;
    const include = args.find((arg) => arg.startsWith('--include='))!;
    expect(include).toContain('kubelet=1.32.4-*');
    expect(include).toContain('kubeadm=1.32.4-*');
    expect(include).toContain('cri-tools');
    const source = args.find((arg) => arg.includes('pkgs.k8s.io'))!;
    expect(source).toMatch(
      /^deb \[signed-by=\/etc\/apt\/keyrings\/kubenode-kubernetes-[0-9a-f]{8}\.asc\] https:\/\/pkgs\.k8s\.io\/core:\/stable:\/v1\.32\/deb\/ \/$/,
    );
    expect(
      args.some((arg) =>
        /^--setup-hook=upload \S+\.asc \/etc\/apt\/keyrings\/kubenode-kubernetes-/.test(arg),
      ),
    ).toBe(true);
  });
});
