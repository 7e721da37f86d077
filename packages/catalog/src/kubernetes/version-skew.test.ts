import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/create-catalog.js';
import { TEST_NOW } from '../test-support/vectors.js';
import { kubernetesCompatibility } from './kubernetes-compatibility.js';
import { kubernetesMinor } from './kubernetes-minor.js';
import { checkKubeletSkew, kubeletSupportedControlPlanes } from './version-skew.js';

const catalog = createCatalog({ now: () => TEST_NOW });

describe('version skew', () => {
  it('parses Kubernetes versions to minors', () => {
    expect(kubernetesMinor('1.32.4')).toBe('1.32');
    expect(kubernetesMinor('v1.9')).toBe('1.9');
    expect(kubernetesMinor('1.33.0-rc.1')).toBe('1.33');
    expect(kubernetesMinor('latest')).toBeUndefined();
  });

  it('reproduces every Bottlerocket "compatible with Kubernetes …" statement in the data', () => {
    const streams = catalog.streams('bottlerocket').filter((stream) => stream.kubernetes?.supportedMinors);
    expect(streams.length).toBe(49);
    for (const stream of streams)
      expect([stream.id, kubeletSupportedControlPlanes(stream.kubernetes!.kubeletMinor!.value)]).toEqual([
        stream.id,
        stream.kubernetes!.supportedMinors!.value,
      ]);
  });

  it('checks a kubelet against kube-apiserver', () => {
    expect(checkKubeletSkew('1.31', '1.34')).toMatchObject({ ok: true });
    expect(checkKubeletSkew('1.31', '1.35')).toEqual({
      ok: false,
      reason: 'kubelet 1.31 is 4 minors older than kube-apiserver 1.35; at most 3 are allowed',
    });
    expect(checkKubeletSkew('1.24', '1.27')).toMatchObject({ ok: false });
    expect(checkKubeletSkew('1.32', '1.31')).toEqual({
      ok: false,
      reason: 'kubelet 1.32 is newer than kube-apiserver 1.31; the kubelet must not be newer',
    });
  });
});

describe('kubernetesCompatibility', () => {
  it('lists the image lines for Kubernetes 1.31', () => {
    const compat = kubernetesCompatibility(catalog, '1.31.4');
    expect(compat.minor).toBe('1.31');
    expect(compat.kubernetes).toMatchObject({
      releaseDate: '2024-08-13',
      endOfActiveSupport: '2025-08-28',
      endOfLife: '2025-11-11',
      latest: '1.31.14',
    });
    expect(compat.eks).toMatchObject({ endOfLife: '2025-11-26', endOfExtendedSupport: '2026-11-26' });
    expect(compat.bottlerocketVariants.map((line) => line.stream.id)).toEqual([
      'aws-k8s-1.31',
      'aws-k8s-1.31-nvidia',
      'vmware-k8s-1.31',
    ]);
    expect(compat.bottlerocketVariants[0]!.lifecycle.state).toBe('supported');
    expect(compat.bottlerocketCompatibleVariants.map((line) => line.stream.id)).toEqual([
      'aws-k8s-1.30',
      'aws-k8s-1.30-nvidia',
      'vmware-k8s-1.30',
      'aws-k8s-1.29',
      'aws-k8s-1.29-nvidia',
      'metal-k8s-1.29',
      'vmware-k8s-1.29',
      'aws-k8s-1.28',
      'aws-k8s-1.28-nvidia',
      'metal-k8s-1.28',
      'vmware-k8s-1.28',
    ]);
    expect(compat.talos.map((line) => line.stream.id)).toEqual(['1.11', '1.10']);
    expect(compat.k3os).toEqual([]);
    expect(kubernetesCompatibility(catalog, '1.22').k3os.map((line) => line.stream.id)).toEqual(['v0.22']);
    expect(kubernetesCompatibility(catalog, '1.34').talos.map((line) => line.stream.id)).toEqual(['1.11']);
    expect(() => kubernetesCompatibility(catalog, 'stable')).toThrow(RangeError);
  });
});
