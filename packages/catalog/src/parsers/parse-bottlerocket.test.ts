import { describe, expect, it } from 'vitest';
import { readVector, vectorContext } from '../test-support/vectors.js';
import { bottlerocketVariantEvent, variantEventApplies } from './bottlerocket-variant-events.js';
import { parseBottlerocketChangelog } from './parse-bottlerocket-changelog.js';
import { parseBottlerocketReleaseHistory } from './parse-bottlerocket-release-history.js';
import { parseBottlerocketReleaseToml } from './parse-bottlerocket-release-toml.js';
import { parseBottlerocketVariants } from './parse-bottlerocket-variants.js';

const context = (feed: string, file: string) => vectorContext(feed, file);

describe('parseBottlerocketVariants', () => {
  const file = 'bottlerocket/variants.derived.json';
  const data = parseBottlerocketVariants(readVector(file), context('bottlerocket/variants', file));

  it('reads 29 variants and 27 deprecated ones at release 1.26.1', () => {
    expect(data.release).toBe('1.26.1');
    expect(data.variants).toHaveLength(29);
    expect(data.deprecated).toHaveLength(27);
    expect(data.issues).toEqual([]);
  });

  it('keeps kernel, kubelet, cgroup, image format and architectures per variant', () => {
    const variant = (name: string) => data.variants.find((entry) => entry.name === name)!;
    expect(variant('aws-k8s-1.31')).toMatchObject({
      platform: 'aws',
      orchestrator: 'kubernetes',
      kubeletMinor: '1.31',
      kernelSeries: '6.1',
      cgroup: 'v2',
      architectures: ['amd64', 'arm64'],
      compatibleKubernetes: ['1.31', '1.32', '1.33', '1.34'],
    });
    expect(variant('aws-k8s-1.25')).toMatchObject({
      kernelSeries: '5.15',
      cgroup: 'v1',
      compatibleKubernetes: ['1.25', '1.26', '1.27', '1.28'],
    });
    expect(variant('aws-k8s-1.24')).toMatchObject({ compatibleKubernetes: ['1.24', '1.25', '1.26'] });
    expect(variant('aws-ecs-1')).toMatchObject({
      kubeletMinor: null,
      kernelSeries: '5.10',
      cgroup: 'v1',
      compatibleKubernetes: null,
    });
    expect(variant('metal-k8s-1.29')).toMatchObject({ architectures: ['amd64'], imageFormat: 'raw' });
    expect(variant('vmware-k8s-1.30')).toMatchObject({ architectures: ['amd64'], imageFormat: 'vmdk' });
    expect(data.deprecated.find((entry) => entry.name === 'vmware-k8s-1.27')?.compatibleKubernetes).toEqual([
      '1.27',
      '1.28',
      '1.29',
      '1.30',
    ]);
    expect(data.unsupportedStatements.map((statement) => statement.text)).toEqual([
      'All Kubernetes variants using Kubernetes 1.23 and earlier',
      'Bare metal and VMware variants using Kubernetes 1.27 and earlier',
    ]);
  });
});

describe('parseBottlerocketChangelog', () => {
  it('reads release headings and the variant events of the trimmed CHANGELOG', () => {
    const file = 'bottlerocket/CHANGELOG.trimmed.md';
    const releases = parseBottlerocketChangelog(readVector(file), context('bottlerocket/changelog', file));
    expect(releases.map((release) => [release.version, release.date])).toEqual([
      ['1.26.1', '2024-10-24'],
      ['1.26.0', '2024-10-23'],
      ['1.25.0', '2024-10-15'],
    ]);
    expect(releases[2]!.variantEvents).toEqual([
      expect.objectContaining({ action: 'remove', variants: ['aws-k8s-1.23'], kubernetesMinor: undefined }),
      expect.objectContaining({
        action: 'remove',
        variants: [],
        kubernetesMinor: '1.23',
        platforms: ['aws'],
      }),
    ]);
    expect(releases[0]!.variantEvents).toEqual([]);
    expect(releases[0]!.source.field).toBe('line 1');
  });

  it('rejects a release heading without a valid date', () => {
    expect(() =>
      parseBottlerocketChangelog('# v1.2.3 (2024-13-01)\n* x\n', context('bottlerocket/changelog', 'inline')),
    ).toThrow(/line 1: release v1.2.3: expected a date YYYY-MM-DD/);
    expect(() =>
      parseBottlerocketChangelog('nothing here', context('bottlerocket/changelog', 'inline')),
    ).toThrow(/no release heading/);
  });
});

describe('parseBottlerocketReleaseHistory', () => {
  const file = 'bottlerocket/releases-from-changelog.derived.json';
  const releases = parseBottlerocketReleaseHistory(
    readVector(file),
    context('bottlerocket/release-history', file),
  );
  const events = (version: string) => releases.find((release) => release.version === version)!.variantEvents;

  it('reads all 85 releases from 1.26.1 back to 0.1.6', () => {
    expect(releases).toHaveLength(85);
    expect(releases[0]).toMatchObject({ version: '1.26.1', date: '2024-10-24' });
    expect(releases.at(-1)).toMatchObject({ version: '0.1.6', date: '2019-10-21' });
  });

  it('keeps real variant events from the heuristic bullets and drops the noise', () => {
    expect(events('1.22.0').map((event) => [event.action, event.kubernetesMinor])).toEqual([['add', '1.31']]);
    expect(events('1.21.0').map((event) => [event.action, event.kubernetesMinor, event.platforms])).toEqual([
      ['remove', '1.27', ['metal', 'vmware']],
      ['remove', '1.26', ['metal', 'vmware']],
    ]);
    // "Add container-runtime settings to `aws-k8s-*-nvidia` variants", "Use systemd drop-ins ..." are not events.
    expect(events('1.20.0').map((event) => [event.action, event.kubernetesMinor, event.platforms])).toEqual([
      ['remove', '1.25', ['metal', 'vmware']],
      ['add', '1.30', []],
    ]);
    expect(events('1.9.0')).toEqual([]);
    expect(events('1.0.2').map((event) => event.variants)).toEqual([['aws-k8s-1.18']]);
    expect(
      events('1.15.0').map((event) => [event.action, event.variants.join(), event.kubernetesMinor]),
    ).toEqual([
      ['add', 'aws-ecs-2', undefined],
      ['add', '', '1.28'],
      ['remove', '', '1.22'],
    ]);
    expect(events('1.10.0').map((event) => [event.action, event.kubernetesMinor])).toEqual([
      ['add', '1.24'],
      ['remove', '1.19'],
    ]);
  });
});

describe('bottlerocketVariantEvent', () => {
  it('reads the forms CHANGELOG bullets use', () => {
    expect(
      bottlerocketVariantEvent('Add a new `aws-k8s-1.17` variant for Kubernetes 1.17 ([#973])'),
    ).toMatchObject({ action: 'add', variants: ['aws-k8s-1.17'] });
    expect(
      bottlerocketVariantEvent('Add aws-k8s-1.21-nvidia variant with Nvidia driver support ([#1859])'),
    ).toMatchObject({ variants: ['aws-k8s-1.21-nvidia'] });
    expect(bottlerocketVariantEvent('Add a vmware-dev variant ([#1292])')).toMatchObject({
      action: 'add',
      variants: ['vmware-dev'],
    });
    expect(bottlerocketVariantEvent('Drop k8s 1.27 metal and VMware variants ([#4079])')).toMatchObject({
      action: 'remove',
      kubernetesMinor: '1.27',
      platforms: ['metal', 'vmware'],
    });
    expect(bottlerocketVariantEvent('Remove Kubernetes aws-k8s-1.19 variants ([#2316])')).toMatchObject({
      action: 'remove',
      kubernetesMinor: '1.19',
    });
    for (const noise of [
      'Add documentation for the aws-ecs-1 variant ([#1053])',
      'Add container-runtime settings to `aws-k8s-*-nvidia` variants ([#3945])',
      'Add Linux kernel 5.10 for use in new variants ([#1526])',
      'Add aws-iam-authenticator to k8s variants ([#3357])',
    ])
      expect(bottlerocketVariantEvent(noise)).toBeUndefined();
  });

  it('applies events by name (with -nvidia twins) or by minor and platform', () => {
    const byName = bottlerocketVariantEvent('Remove aws-k8s-1.23 variants')!;
    expect(variantEventApplies(byName, 'aws-k8s-1.23-nvidia')).toBe(true);
    expect(variantEventApplies(byName, 'aws-k8s-1.24')).toBe(false);
    const byMinor = bottlerocketVariantEvent('Drop Kubernetes 1.25 Metal and VMware variants')!;
    expect(variantEventApplies(byMinor, 'metal-k8s-1.25')).toBe(true);
    expect(variantEventApplies(byMinor, 'aws-k8s-1.25')).toBe(false);
  });
});

describe('parseBottlerocketReleaseToml', () => {
  it('reads the version and the migrations map', () => {
    const file = 'bottlerocket/Release.trimmed.toml';
    const release = parseBottlerocketReleaseToml(
      readVector(file),
      context('bottlerocket/release-toml', file),
    );
    expect(release.version).toBe('1.26.1');
    expect(release.migrations.map((step) => [step.from, step.to, step.migrations.length])).toEqual([
      ['1.24.0', '1.24.1', 4],
      ['1.24.1', '1.25.0', 6],
      ['1.25.0', '1.26.0', 0],
      ['1.26.0', '1.26.1', 0],
    ]);
    expect(release.migrations[1]!.migrations[0]).toBe('migrate_v1.25.0_kubernetes-service-config.lz4');
    expect(() => parseBottlerocketReleaseToml('version = "1.26"\n', context('x/y', 'inline'))).toThrow(
      /version: expected a version X.Y.Z/,
    );
  });
});
