import { describe, expect, it } from 'vitest';
import { SpecValidationError } from '../errors/spec-validation-error.js';
import { canonicalImageSpec, imageSpecId, parseImageSpec, shortImageId } from './image-spec-id.js';
import type { ImageSpecInput } from './image-spec-schema.js';

const spec: ImageSpecInput = {
  apiVersion: 'kubenode.dev/v1alpha1',
  kind: 'ImageSpec',
  base: { distro: 'debian', release: 'bookworm' },
  packages: ['systemd', 'containerd', 'cloud-init'],
  modules: ['overlay', 'br_netfilter'],
  sysctls: { 'net.ipv4.ip_forward': 1, 'net.bridge.bridge-nf-call-iptables': '1' },
  kubernetes: {
    version: '1.32.4',
    components: [
      {
        name: 'kubelet',
        version: '1.32.4',
        source: { kind: 'url', url: 'https://dl.k8s.io/v1.32.4/bin/linux/amd64/kubelet' },
      },
      { name: 'containerd', source: { kind: 'distro', package: 'containerd' } },
    ],
  },
  outputs: ['qcow2', 'raw'],
};

/** The same spec, said differently: other list and key order, defaults written out, duplicates. */
const sameSpecRewritten: ImageSpecInput = {
  outputs: ['raw', 'qcow2', 'raw'],
  kubernetes: {
    components: [
      { source: { package: 'containerd', kind: 'distro' }, name: 'containerd' },
      {
        name: 'kubelet',
        source: { kind: 'url', url: 'https://dl.k8s.io/v1.32.4/bin/linux/amd64/kubelet' },
        version: '1.32.4',
      },
    ],
    version: '1.32.4',
  },
  sysctls: { 'net.bridge.bridge-nf-call-iptables': 1, 'net.ipv4.ip_forward': '1' },
  modules: ['br_netfilter', 'overlay', 'overlay'],
  packages: ['cloud-init', 'containerd', 'systemd'],
  base: { arch: 'amd64', release: 'bookworm', distro: 'debian' },
  kind: 'ImageSpec',
  apiVersion: 'kubenode.dev/v1alpha1',
  extensions: [],
  files: [],
  units: [],
  kernelArgs: [],
  rootDisk: { grow: true },
};

describe('imageSpecId', () => {
  it('is the sha256 of the canonical serialisation (golden)', () => {
    const canonical = canonicalImageSpec(spec);
    expect(canonical).toBe(
      '{"apiVersion":"kubenode.dev/v1alpha1","base":{"arch":"amd64","distro":"debian","release":"bookworm"},' +
        '"extensions":[],"files":[],"kernelArgs":[],"kind":"ImageSpec",' +
        '"kubernetes":{"components":[{"name":"containerd","source":{"kind":"distro","package":"containerd"}},' +
        '{"name":"kubelet","source":{"kind":"url","url":"https://dl.k8s.io/v1.32.4/bin/linux/amd64/kubelet"},"version":"1.32.4"}],' +
        '"version":"1.32.4"},"modules":["br_netfilter","overlay"],"outputs":["qcow2","raw"],' +
        '"packages":["cloud-init","containerd","systemd"],"rootDisk":{"grow":true},' +
        '"sysctls":{"net.bridge.bridge-nf-call-iptables":"1","net.ipv4.ip_forward":"1"},"units":[]}',
    );
    // sha256 of the text above, as printed by `printf %s "$canonical" | sha256sum`.
    expect(imageSpecId(spec)).toBe('8f4eba55c0a43de3d88f72627ac6be4c30268589c118b1a5c7c11ad67ff51a7a');
    expect(shortImageId(imageSpecId(spec))).toBe('8f4eba55c0a4');
  });

  it('gives the same ID for the same spec, however it is written, and for its own parse', () => {
    expect(imageSpecId(sameSpecRewritten)).toBe(imageSpecId(spec));
    expect(imageSpecId(parseImageSpec(spec))).toBe(imageSpecId(spec));
    expect(imageSpecId(JSON.parse(JSON.stringify(parseImageSpec(spec))) as ImageSpecInput)).toBe(
      imageSpecId(spec),
    );
  });

  it('changes when anything the image contains changes', () => {
    const base = imageSpecId(spec);
    const variants: ImageSpecInput[] = [
      { ...spec, packages: [...(spec.packages ?? []), 'jq'] },
      { ...spec, base: { ...spec.base, arch: 'arm64' } },
      { ...spec, kernelArgs: ['quiet'] },
      { ...spec, sysctls: { ...spec.sysctls, 'vm.max_map_count': 262144 } },
      { ...spec, outputs: ['raw'] },
      { ...spec, rootDisk: { grow: false } },
      { ...spec, kubernetes: { version: '1.32.5', components: [] } },
    ];
    const ids = new Set(variants.map(imageSpecId));
    expect(ids.size).toBe(variants.length);
    expect(ids.has(base)).toBe(false);
  });

  it('keeps kernel argument order (it can matter)', () => {
    expect(imageSpecId({ ...spec, kernelArgs: ['a=1', 'b=2'] })).not.toBe(
      imageSpecId({ ...spec, kernelArgs: ['b=2', 'a=1'] }),
    );
  });

  it('rejects an invalid spec with every problem and its path', () => {
    let error: unknown;
    try {
      imageSpecId({
        ...spec,
        base: { distro: 'Debian!', release: 'bookworm' },
        outputs: ['floppy' as 'raw'],
        files: [
          { path: '/etc/a', contents: '' },
          { path: '/etc/a', contents: 'x' },
        ],
        kubernetes: { components: [{ name: 'kubelet', source: { kind: 'url', url: 'ftp://x' } }] },
      });
    } catch (caught) {
      error = caught;
    }
    expect(SpecValidationError.isInstance(error)).toBe(true);
    const paths = (error as SpecValidationError).issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['base.distro', 'outputs.0', 'files.1', 'kubernetes.components.0.source.url']),
    );
  });
});
