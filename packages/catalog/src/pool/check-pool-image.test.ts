import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/create-catalog.js';
import { TEST_NOW } from '../test-support/vectors.js';
import { checkPoolImage, type PoolImageSubject } from './check-pool-image.js';

const catalog = createCatalog({ now: () => TEST_NOW });
const pool = (
  distro: string,
  image: PoolImageSubject['spec']['image'],
  kubernetes = '1.31.4',
): PoolImageSubject => ({
  spec: { distro, image, kubernetes: { version: kubernetes } },
});

describe('checkPoolImage', () => {
  it('warns that k3OS is end of life, with the date and the successor', () => {
    const warnings = checkPoolImage(catalog, pool('k3os', { arch: 'amd64' }, '1.22.17'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'image-end-of-life', path: 'spec.image', date: '2023-12-08' });
    expect(warnings[0]!.message).toBe(
      'k3OS v0.22 is end of life: the project is deprecated upstream; end of life since 2023-12-08 (distro documentation: deprecation notice, https://github.com/rancher/k3os/pull/878 (merged); no formal end-of-life date); successor: Elemental (SUSE Rancher)',
    );
    expect(warnings[0]!.sources.map((source) => source.feed)).toEqual(['k3os/status', 'k3os/status']);
  });

  it('warns that a pinned Flatcar release is end of life, with the date', () => {
    const warnings = checkPoolImage(
      catalog,
      pool('flatcar', { channel: 'stable', version: '4459.2.1', arch: 'amd64' }),
    );
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'image-end-of-life',
        date: '2026-04-27',
        message: expect.stringMatching(
          /^Flatcar Stable 4459 \(4459\.2\.1\) is end of life since 2026-04-27 \(support rule: stable 4593\.2\.0 \(2026-04-27\) is the next stable major in the data\); successor: stable-4593$/,
        ),
      }),
    ]);
    const lts = checkPoolImage(
      catalog,
      pool('flatcar', { channel: 'lts', version: '3510.3.8', arch: 'amd64' }),
    );
    expect(lts[0]).toMatchObject({ code: 'image-end-of-life', date: '2025-08-19' });
    expect(lts[0]!.message).toMatch(
      /^Flatcar LTS-2023 \(3510\) \(3510\.3\.8\) is end of life since 2025-08-19/,
    );
    expect(lts[0]!.message).toMatch(/other sources: 2025-04-05 \(support rule/);
  });

  it('warns ahead of the end of life, and about extended support', () => {
    const soon = checkPoolImage(catalog, pool('bottlerocket', { variant: 'aws-k8s-1.31', arch: 'arm64' }), {
      now: new Date('2026-10-01T00:00:00Z'),
    });
    expect(soon).toEqual([
      expect.objectContaining({
        code: 'image-ending-soon',
        date: '2026-11-26',
        message:
          'Bottlerocket aws-k8s-1.31 reaches end of life on 2026-11-26, in 56 days (endoflife.date: EKS 1.31 end of extended support); other sources: 2025-11-10 (approximate) (support rule: first release 2024-09-10 (v1.22.0) + 14 months)',
      }),
    ]);
    const debian = checkPoolImage(catalog, pool('debian', { channel: 'bookworm', arch: 'amd64' }));
    expect(debian).toEqual([
      expect.objectContaining({
        code: 'image-extended-support',
        date: '2026-07-11',
        message:
          'Debian 12 (Bookworm): regular support ended 2026-07-11 (endoflife.date: column "Debian Security Support"); only extended support remains, until 2028-06-30',
      }),
    ]);
  });

  it('is silent for supported images and unknown distros', () => {
    expect(checkPoolImage(catalog, pool('flatcar', { channel: 'stable', arch: 'amd64' }))).toEqual([]);
    expect(checkPoolImage(catalog, pool('ubuntu', { channel: 'noble', arch: 'arm64' }))).toEqual([]);
    expect(checkPoolImage(catalog, pool('acme-os', { channel: 'stable' }))).toEqual([]);
  });

  it('checks the kubelet a Kubernetes-bound image ships against spec.kubernetes.version', () => {
    const skew = checkPoolImage(catalog, pool('bottlerocket', { variant: 'aws-k8s-1.31' }, '1.35.0'));
    expect(skew.map((warning) => [warning.code, warning.path])).toEqual([
      ['kubernetes-version-skew', 'spec.kubernetes.version'],
    ]);
    expect(skew[0]!.message).toBe(
      'Bottlerocket aws-k8s-1.31 ships kubelet 1.31, which cannot join Kubernetes 1.35: kubelet 1.31 is 4 minors older than kube-apiserver 1.35; at most 3 are allowed',
    );
    const talos = checkPoolImage(catalog, pool('talos', { channel: '1.10' }, '1.34.1'), {
      now: new Date('2025-05-01T00:00:00Z'),
    });
    expect(talos.map((warning) => warning.code)).toEqual(['kubernetes-not-supported']);
    expect(talos[0]!.message).toBe(
      'Talos 1.10 supports Kubernetes 1.33, 1.32, 1.31, 1.30, 1.29, 1.28; not 1.34',
    );
  });

  it('says nothing when the pool names no line and the distro has no default', () => {
    expect(checkPoolImage(catalog, pool('bottlerocket', { arch: 'amd64' }))).toEqual([]);
  });

  it('reports an image line the catalog does not have', () => {
    const warnings = checkPoolImage(catalog, pool('flatcar', { channel: 'stabel' }));
    expect(warnings[0]).toMatchObject({ code: 'image-not-in-catalog', path: 'spec.image.channel' });
    expect(warnings[0]!.message).toMatch(
      /^flatcar: no channel 'stabel' in the catalog; available: stable, beta, alpha, lts, edge, lts-2021/,
    );
  });
});
