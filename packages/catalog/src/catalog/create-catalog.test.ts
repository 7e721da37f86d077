import { describe, expect, it } from 'vitest';
import { NoSuchImageError } from '../errors/no-such-image-error.js';
import { TEST_NOW } from '../test-support/vectors.js';
import { createCatalog } from './create-catalog.js';

const catalog = createCatalog({ now: () => TEST_NOW });

function noSuchImage(run: () => unknown): NoSuchImageError {
  try {
    run();
  } catch (error) {
    if (NoSuchImageError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected NoSuchImageError');
}

describe('createCatalog (embedded snapshot, offline)', () => {
  it('has data for every distro', () => {
    expect(catalog.distros()).toEqual([
      'flatcar',
      'gardenlinux',
      'debian',
      'ubuntu',
      'k3os',
      'bottlerocket',
      'talos',
    ]);
    expect(catalog.data.documents).toHaveLength(24);
  });

  it('latest Flatcar per channel and architecture, with components and sources', () => {
    const stable = catalog.latest({ distro: 'flatcar', channel: 'stable', arch: 'arm64' });
    expect(stable).toMatchObject({
      version: '4593.2.5',
      stream: 'stable',
      components: { kernel: ['6.12.102'], containerd: ['2.1.5'] },
    });
    // Listed by releases-stable.json and releases.json: both sources kept.
    expect(stable.sources.map((source) => source.feed)).toEqual([
      'flatcar/releases-stable',
      'flatcar/releases-all',
    ]);
    expect(stable.releaseDates.map((date) => date.value)).toEqual([
      '2026-08-13T15:48:35Z',
      '2026-08-13T15:48:35Z',
    ]);
    expect(catalog.latest({ distro: 'flatcar', channel: 'beta' }).version).toBe('4757.1.0');
    expect(catalog.latest({ distro: 'flatcar', channel: 'alpha' }).version).toBe('4790.0.0');
    expect(catalog.latest({ distro: 'flatcar', channel: 'lts' })).toMatchObject({
      version: '4081.3.10',
      stream: 'lts-2024',
    });
    expect(catalog.latest({ distro: 'flatcar', channel: 'lts-2023' }).version).toBe('3510.3.8');
    expect(catalog.latest({ distro: 'flatcar', channel: 'edge', arch: 'arm64' }).version).toBe('2466.99.0');
    expect(catalog.latest({ distro: 'flatcar' }).version).toBe('4593.2.5');
  });

  it('latest of the other distros', () => {
    const garden = catalog.latest({ distro: 'gardenlinux', arch: 'amd64' });
    expect(garden).toMatchObject({ version: '1877.3', stream: '1877' });
    expect(garden.cloudImages).toHaveLength(22);
    expect(garden.cloudImages.find((image) => image.provider === 'gcp')!.id).toBe(
      'gardenlinux-gcp-ff804026cbe7b5f2d6f729e4-1877-3-75df9f40',
    );
    expect(catalog.latest({ distro: 'gardenlinux', channel: '1592' }).version).toBe('1592.1');
    expect(catalog.latest({ distro: 'debian', channel: 'bookworm' })).toMatchObject({
      version: '12.15',
      stream: '12',
    });
    expect(catalog.latest({ distro: 'debian' }).version).toBe('13.6');
    expect(catalog.latest({ distro: 'ubuntu', channel: 'noble' })).toMatchObject({
      version: '24.04.4',
      stream: '24.04',
    });
    expect(catalog.latest({ distro: 'ubuntu' }).version).toBe('26.04');
    expect(catalog.latest({ distro: 'bottlerocket', variant: 'aws-k8s-1.31', arch: 'arm64' }).version).toBe(
      '1.26.1',
    );
    // aws-k8s-1.23 was removed in 1.25.0 (2024-10-15): its last build is 1.24.1.
    expect(catalog.latest({ distro: 'bottlerocket', variant: 'aws-k8s-1.23' }).version).toBe('1.24.1');
    expect(catalog.latest({ distro: 'talos' }).version).toBe('1.10.0');
    expect(catalog.latest({ distro: 'k3os' }).version).toBe('v0.22.2-k3s2r0');
  });

  it('names the field that matches nothing', () => {
    expect(noSuchImage(() => catalog.latest({ distro: 'flatcar', channel: 'stabel' }))).toMatchObject({
      field: 'channel',
      value: 'stabel',
    });
    expect(
      noSuchImage(() => catalog.latest({ distro: 'bottlerocket', variant: 'metal-k8s-1.29', arch: 'arm64' })),
    ).toMatchObject({ field: 'arch', available: ['amd64'] });
    expect(noSuchImage(() => catalog.latest({ distro: 'bottlerocket' })).message).toMatch(
      /set spec\.image\.variant/,
    );
    expect(noSuchImage(() => catalog.latest({ distro: 'talos', channel: '1.11' })).message).toMatch(
      /Talos 1\.11 has no release/,
    );
    expect(noSuchImage(() => catalog.latest({ distro: 'windows' }))).toMatchObject({ field: 'distro' });
    expect(
      noSuchImage(() => catalog.resolve({ distro: 'flatcar', version: '1688.5.3', arch: 'arm64' })),
    ).toMatchObject({ field: 'arch', available: ['amd64'] });
    // A version that is not one: before, "Flatcar Stable NaN" (stream stable-NaN), supported.
    for (const version of ['nosuch', '4459', '4459.2', '4459.2.1-rc', ''])
      expect(
        noSuchImage(() => catalog.resolve({ distro: 'flatcar', channel: 'stable', version })),
      ).toMatchObject({ field: 'version', value: version });
  });

  it('resolves pinned Flatcar versions to their channel major, also versions the data lacks', () => {
    const known = catalog.resolve({ distro: 'flatcar', channel: 'stable', version: '4593.2.4' });
    expect(known).toMatchObject({
      pinned: true,
      stream: { id: 'stable-4593', kind: 'channel-major' },
      release: { version: '4593.2.4' },
    });
    const unknown = catalog.resolve({ distro: 'flatcar', channel: 'stable', version: '4459.2.1' });
    expect(unknown).toMatchObject({ pinned: false, release: undefined, stream: { id: 'stable-4459' } });
    expect(unknown.notes[0]).toMatch(/4459\.2\.1 is not in the catalog data/);
    expect(catalog.resolve({ distro: 'flatcar', channel: 'lts', version: '3510.3.7' }).stream.id).toBe(
      'lts-2023',
    );
    expect(catalog.resolve({ distro: 'flatcar', version: '4081.3.9' }).stream.id).toBe('lts-2024');
    expect(catalog.resolve({ distro: 'debian', version: '12.15' }).stream.id).toBe('12');
    expect(catalog.resolve({ distro: 'gardenlinux', version: '1592.1' }).stream.id).toBe('1592');
    expect(catalog.resolve({ distro: 'k3os', channel: 'stable' }).stream.id).toBe('v0.22');
  });

  it('keeps disagreeing sources side by side', () => {
    const bullseye = catalog.stream('debian', 'bullseye');
    const eol = bullseye.lifecycle.dates.filter((date) => date.milestone === 'end-of-life');
    expect(eol.map((date) => [date.date, date.authority, date.source.feed])).toEqual([
      ['2024-08-14', 'endoflife.date', 'endoflife/debian'],
      ['2024-07-31', 'feed', 'distro-info/debian'],
    ]);
    const jammy = catalog
      .stream('ubuntu', 'jammy')
      .lifecycle.dates.filter((date) => date.milestone === 'end-of-life');
    expect(jammy.map((date) => date.date)).toEqual(['2027-04-01', '2027-04-21']);
    const garden = catalog
      .stream('gardenlinux', '1592')
      .lifecycle.dates.filter((date) => date.milestone === 'end-of-life');
    expect(garden.map((date) => [date.date, date.source.feed])).toEqual([
      ['2025-08-12', 'gardenlinux/glrd-major'],
      ['2025-08-12', 'gardenlinux/glrd-input'],
    ]);
  });

  it('carries data issues without failing', () => {
    expect(catalog.data.issues.map((issue) => `${issue.feed} ${issue.path}`)).toEqual([
      'flatcar/releases-lts ["current-2021"]',
      'flatcar/releases-lts ["current-2022"]',
      'gardenlinux/glrd-major releases[1].lifecycle.extended',
      'gardenlinux/glrd-input releases[1].lifecycle.extended',
      'gardenlinux/s3-aws-gardener_prod-amd64 paths[*]',
      'gardenlinux/s3-gcp-gardener_prod-amd64 paths[*]',
    ]);
  });
});

describe('createCatalog({ distros })', () => {
  it('reads only the feeds of the named distros, plus Kubernetes lifecycle data', () => {
    const small = createCatalog({ distros: ['bottlerocket'], now: () => TEST_NOW });
    expect(small.distros()).toEqual(['bottlerocket']);
    expect(small.data.documents.map((document) => document.feed)).toEqual([
      'bottlerocket/changelog',
      'bottlerocket/release-toml',
      'bottlerocket/variants',
      'bottlerocket/release-history',
      'endoflife/kubernetes',
      'endoflife/amazon-eks',
    ]);
    // EKS dates still reach the aws variants.
    expect(small.lifecycle(small.stream('bottlerocket', 'aws-k8s-1.31')).endOfLife?.date).toBe('2026-11-26');
  });
});
