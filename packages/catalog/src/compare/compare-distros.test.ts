import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/create-catalog.js';
import { TEST_NOW } from '../test-support/vectors.js';
import { compareDistros, type DistroComparison } from './compare-distros.js';
import { COMPARISON_ASPECTS } from './comparison-aspects.js';
import { renderComparison } from './render-comparison.js';

const catalog = createCatalog({ now: () => TEST_NOW });
const SEED = ['flatcar', 'gardenlinux', 'debian', 'ubuntu', 'k3os', 'bottlerocket'];
const comparison = compareDistros(catalog, [...SEED, 'talos']);
const cell = (aspect: (typeof COMPARISON_ASPECTS)[number], distro: string) =>
  comparison.cells[aspect][distro as keyof DistroComparison['cells'][typeof aspect]]!;

describe('compareDistros', () => {
  it('fills every aspect for every distro, each cell with evidence and a source', () => {
    expect(comparison.asOf).toBe('2026-08-22');
    expect(comparison.aspects.map((aspect) => aspect.id)).toEqual([...COMPARISON_ASPECTS]);
    for (const aspect of COMPARISON_ASPECTS)
      for (const distro of comparison.distros) {
        const value = comparison.cells[aspect][distro.id]!;
        expect(value.sources.length, `${aspect} ${distro.id}`).toBeGreaterThan(0);
        expect(value.evidence.length).toBeGreaterThan(0);
      }
  });

  it('computes cells from feed data where it exists', () => {
    expect(cell('container-runtime', 'flatcar')).toMatchObject({
      value:
        'containerd 2.1.5, docker 28.0.4 (stable 4593.2.5); containerd 1.7.21, docker 26.1.0 (LTS 4081.3.10)',
      evidence: ['captured'],
    });
    expect(cell('container-runtime', 'flatcar').sources.map((source) => source.feed)).toEqual([
      'flatcar/releases-stable',
      'flatcar/releases-all',
      'flatcar/releases-lts',
      'flatcar/releases-lts-2024',
      'flatcar/releases-all',
    ]);
    expect(cell('init-system', 'flatcar').value).toBe('systemd 257 (stable 4593.2.5)');
    expect(cell('release-cadence', 'bottlerocket').value).toMatch(
      /^25 releases in the 12 months to 2024-10-24 \(v1\.26\.1\)/,
    );
    expect(cell('support-lifecycle', 'k3os').value).toBe(
      'k3OS v0.22: end of life: the project is deprecated upstream; end of life since 2023-12-08; successor: Elemental (SUSE Rancher)',
    );
    expect(cell('support-lifecycle', 'debian').value).toMatch(
      /Debian 13 \(Trixie\): supported until 2028-08-09$/,
    );
    expect(cell('support-lifecycle', 'bottlerocket').value).toMatch(
      /aws-k8s-1\.31: supported until 2026-11-26$/,
    );
    expect(cell('package-manager', 'gardenlinux')).toMatchObject({
      value: 'removed: the 1877.3 production flavors carry _nopkg (dpkg, apt removed)',
      evidence: ['captured', 'documented'],
    });
    expect(cell('release-cadence', 'ubuntu').value).toBe(
      'interim releases every 6 months, LTS every 2 years (April) (LTS 22.04: 2022-04-21, 24.04: 2024-04-25, 26.04: 2026-04-23)',
    );
    expect(cell('release-cadence', 'talos').value).toBe(
      'a minor about every 4 months (1.10: 2025-04-30, 1.11: 2025-08-29 (projected date))',
    );
  });

  it('marks curated facts with their evidence level and leaves unknown sizes empty', () => {
    expect(cell('ab-updates', 'bottlerocket')).toMatchObject({ evidence: ['documented'] });
    expect(cell('ab-updates', 'bottlerocket').sources[0]!.location).toMatch(
      /bottlerocket-os\/bottlerocket@91632ff.*README\.md/,
    );
    expect(cell('init-system', 'k3os')).toMatchObject({
      value: 'OpenRC (Alpine userspace)',
      evidence: ['inferred'],
    });
    expect(cell('package-manager', 'ubuntu')).toMatchObject({
      value: 'apt/dpkg, snap',
      evidence: ['knowledge'],
    });
    expect(cell('image-size', 'flatcar')).toMatchObject({
      value: null,
      note: expect.stringMatching(/not in the catalog data/),
    });
    expect(cell('ssh-by-default', 'talos').value).toBe('no SSH; API only (talosctl)');
  });

  it('rejects unknown distros', () => {
    expect(() => compareDistros(catalog, ['flatcar', 'windows'])).toThrow(/unknown distro 'windows'/);
  });
});

describe('renderComparison', () => {
  const seed = compareDistros(catalog, SEED);

  it('renders an aligned text table with an evidence tag per cell', () => {
    const table = renderComparison(seed, 'table', { width: 160 });
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^Aspect\s+\| Flatcar Container\s+\| Garden Linux\s+\| Debian\s+\| Ubuntu\s+\| k3OS\s+\| Bottlerocket$/,
    );
    for (const label of [
      'Image size',
      'Security model',
      'Read-only root',
      'A/B updates',
      'Package manager',
      'SSH by default',
      'Init system',
      'Container runtime',
      'Release cadence',
      'Support lifecycle',
      'Maintainer',
    ])
      expect(lines.some((line) => line.startsWith(label))).toBe(true);
    expect(Math.max(...lines.slice(0, -1).map((line) => line.length))).toBeLessThanOrEqual(160);
    expect(table).toContain('[C]');
    expect(table).toContain('[K]');
    expect(lines.at(-1)).toMatch(/^Evidence: \[C\] captured/);
  });

  it('renders Markdown with numbered sources', () => {
    const markdown = renderComparison(seed, 'markdown');
    expect(markdown.split('\n')[0]).toBe(
      '| Aspect | Flatcar Container Linux | Garden Linux | Debian | Ubuntu | k3OS | Bottlerocket |',
    );
    expect(markdown).toMatch(/\| Init system \| systemd 257 \(stable 4593\.2\.5\) \[C\] \[\d+\]\[\d+\] \|/);
    expect(markdown).toMatch(
      /\n\d+\. flatcar\/flatcar-website:static\/releases-json\/releases-stable\.json@2075ef37b38aa0c217c98f77c76181e1d24b79bb \["4593\.2\.5"\] \[C\]/,
    );
  });

  it('renders JSON with evidence and sources per cell', () => {
    const json = JSON.parse(renderComparison(seed, 'json')) as DistroComparison;
    expect(json.cells['support-lifecycle'].k3os!.sources[0]).toMatchObject({
      feed: 'k3os/status',
      evidence: 'captured',
    });
    expect(json.distros.map((distro) => distro.id)).toEqual(SEED);
  });
});
