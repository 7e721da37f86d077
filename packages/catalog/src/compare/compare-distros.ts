import type { Catalog } from '../catalog/catalog.js';
import { COMPARISON_FACTS } from '../data/comparison-facts.js';
import { describeDate } from '../lifecycle/assess-lifecycle.js';
import { CATALOG_DISTRO_NAMES, isCatalogDistro, type CatalogDistroId } from '../model/catalog-distro.js';
import type { CatalogRelease } from '../model/catalog-release.js';
import type { CatalogSource } from '../model/catalog-source.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { EvidenceLevel } from '../model/evidence-level.js';
import { compareVersions } from '../util/compare-versions.js';
import { toIsoDate } from '../util/iso-date.js';
import { COMPARISON_ASPECTS, COMPARISON_ASPECT_LABELS, type ComparisonAspect } from './comparison-aspects.js';

/** One cell of the comparison: the value, how strongly it is backed, and where it comes from. */
export interface ComparisonCell {
  /** The value; null when nothing is known. */
  readonly value: string | null;
  /** Evidence levels of the cell's sources, strongest data first. */
  readonly evidence: readonly EvidenceLevel[];
  readonly sources: readonly CatalogSource[];
  /** Why the value is missing, or a caveat. */
  readonly note?: string;
}

/** The comparison of several distros across {@link COMPARISON_ASPECTS}. */
export interface DistroComparison {
  /** The moment lifecycle statements refer to (`YYYY-MM-DD`). */
  readonly asOf: string;
  readonly distros: readonly { readonly id: CatalogDistroId; readonly name: string }[];
  readonly aspects: readonly { readonly id: ComparisonAspect; readonly label: string }[];
  /** `cells[aspect][distro]`. */
  readonly cells: Readonly<
    Record<ComparisonAspect, Readonly<Partial<Record<CatalogDistroId, ComparisonCell>>>>
  >;
}

type Cells = Partial<Record<ComparisonAspect, ComparisonCell>>;

function cell(value: string | null, sources: readonly CatalogSource[], note?: string): ComparisonCell {
  return {
    value,
    evidence: [...new Set(sources.map((source) => source.evidence))],
    sources,
    ...(note ? { note } : {}),
  };
}

function newest(releases: readonly CatalogRelease[]): CatalogRelease | undefined {
  return [...releases].sort((a, b) => compareVersions(b.version, a.version))[0];
}

function dateOf(release: CatalogRelease | undefined): string | undefined {
  return release?.releaseDates[0]?.value.slice(0, 10);
}

function released(stream: CatalogStream): string | undefined {
  return stream.lifecycle.dates.find((date) => date.milestone === 'released')?.date;
}

function tryLatest(catalog: Catalog, distro: CatalogDistroId, channel?: string): CatalogRelease | undefined {
  try {
    return catalog.latest({ distro, ...(channel ? { channel } : {}) });
  } catch {
    return undefined;
  }
}

function lifecycleLine(
  catalog: Catalog,
  stream: CatalogStream,
  now: Date,
): { text: string; sources: CatalogSource[] } {
  const assessment = catalog.lifecycle(stream, { now });
  const sources = [
    assessment.endOfLife?.source,
    assessment.endOfExtendedSupport?.source,
    assessment.endOfLifeStatus?.source,
  ].filter((source): source is CatalogSource => source !== undefined);
  return { text: `${stream.title}: ${assessment.summary}`, sources };
}

function flatcarCells(catalog: Catalog, now: Date): Cells {
  const cells: Cells = {};
  const stable = tryLatest(catalog, 'flatcar', 'stable');
  const lts = tryLatest(catalog, 'flatcar', 'lts');
  const runtime = (release: CatalogRelease, label: string) =>
    ['containerd', 'docker']
      .filter((name) => release.components[name]?.length)
      .map((name) => `${name} ${release.components[name]!.join('/')}`)
      .join(', ') + ` (${label} ${release.version})`;
  if (stable) {
    const systemd = stable.components.systemd?.[0];
    if (systemd) cells['init-system'] = cell(`systemd ${systemd} (stable ${stable.version})`, stable.sources);
    cells['container-runtime'] = cell(
      [stable, lts]
        .filter((release) => release !== undefined)
        .map((release) => runtime(release, release === stable ? 'stable' : 'LTS'))
        .join('; '),
      [...stable.sources, ...(lts ? lts.sources : [])],
    );
  }
  const curated = COMPARISON_FACTS.flatcar['support-lifecycle'];
  const lines = ['stable', 'lts']
    .map((id) => {
      try {
        return lifecycleLine(catalog, catalog.stream('flatcar', id), now);
      } catch {
        return undefined;
      }
    })
    .filter((line) => line !== undefined);
  if (stable) {
    const major = catalog.stream('flatcar', `stable-${stable.version.split('.')[0]}`);
    lines.unshift(lifecycleLine(catalog, major, now));
  }
  cells['support-lifecycle'] = cell(
    [
      curated.value,
      ...lines.filter((line) => !line.text.startsWith('Flatcar Stable:')).map((line) => line.text),
    ].join('. '),
    [curated.source, ...lines.flatMap((line) => line.sources)],
  );
  return cells;
}

function bottlerocketCells(catalog: Catalog, now: Date): Cells {
  const cells: Cells = {};
  const releases = catalog.releases('bottlerocket');
  const last = newest(releases);
  const lastDate = dateOf(last);
  if (last && lastDate) {
    const yearBefore = `${Number(lastDate.slice(0, 4)) - 1}${lastDate.slice(4)}`;
    const recent = releases.filter((release) => {
      const date = dateOf(release);
      return date !== undefined && date > yearBefore && date <= lastDate;
    });
    cells['release-cadence'] = cell(
      `${recent.length} releases in the 12 months to ${lastDate} (v${last.version}), one version for all variants; new Kubernetes variants as EKS adds minors`,
      [last.sources[0]!, COMPARISON_FACTS.bottlerocket['release-cadence'].source],
    );
  }
  const variants = catalog
    .streams('bottlerocket')
    .filter((stream) => /^aws-k8s-\d+\.\d+$/.test(stream.id) && stream.architectures !== undefined)
    .sort((a, b) => compareVersions(b.id.slice(8), a.id.slice(8)));
  const curated = COMPARISON_FACTS.bottlerocket['support-lifecycle'];
  const newestVariant = variants[0];
  if (newestVariant) {
    const line = lifecycleLine(catalog, newestVariant, now);
    cells['support-lifecycle'] = cell(`${curated.value}. Newest variant in the data: ${line.text}`, [
      curated.source,
      ...line.sources,
    ]);
  }
  return cells;
}

function releaseCycleCells(catalog: Catalog, distro: 'debian' | 'ubuntu', now: Date): Cells {
  const cells: Cells = {};
  const today = toIsoDate(now);
  const streams = catalog
    .streams(distro)
    .filter((stream) => stream.lifecycle.dates.some((date) => date.authority === 'endoflife.date'))
    .filter((stream) => distro === 'debian' || stream.attributes.lts?.value === true)
    .sort((a, b) => compareVersions(b.id, a.id));
  const shipped = streams.filter((stream) => (released(stream) ?? '9999') <= today);
  const recent = shipped.slice(0, 3).reverse();
  if (recent.length > 0) {
    const curated = COMPARISON_FACTS[distro]['release-cadence'];
    const list = recent.map((stream) => `${stream.id}: ${released(stream)}`).join(', ');
    const sources = recent.map(
      (stream) => stream.lifecycle.dates.find((date) => date.milestone === 'released')!.source,
    );
    cells['release-cadence'] = cell(`${curated.value} (${distro === 'ubuntu' ? 'LTS ' : ''}${list})`, [
      ...sources,
      curated.source,
    ]);
  }
  const current = shipped[0];
  if (current) {
    const curated = COMPARISON_FACTS[distro]['support-lifecycle'];
    const line = lifecycleLine(catalog, current, now);
    cells['support-lifecycle'] = cell(`${curated.value}. ${line.text}`, [...line.sources, curated.source]);
  }
  return cells;
}

function gardenLinuxCells(catalog: Catalog, now: Date): Cells {
  const cells: Cells = {};
  const streams = catalog.streams('gardenlinux');
  const build = newest(
    catalog
      .releases('gardenlinux')
      .filter((release) => release.cloudImages.length > 0 || release.artifacts.length > 0),
  );
  const features = build
    ? streams.find((stream) => stream.id === build.stream)?.attributes.features
    : undefined;
  if (build && features && Array.isArray(features.value)) {
    const list = features.value as readonly string[];
    if (list.includes('_nopkg')) {
      const documented = COMPARISON_FACTS.gardenlinux['package-manager'];
      cells['package-manager'] = cell(
        `removed: the ${build.version} production flavors carry _nopkg (dpkg, apt removed)`,
        [features.source, documented.source],
      );
    }
    if (list.includes('ssh')) {
      const documented = COMPARISON_FACTS.gardenlinux['ssh-by-default'];
      cells['ssh-by-default'] = cell(
        `sshd installed (ssh feature in ${build.version}) but not started; Gardener enables it`,
        [features.source, documented.source],
      );
    }
  }
  const withLifecycle = streams
    .filter((stream) => stream.lifecycle.dates.some((date) => date.milestone === 'end-of-life'))
    .sort((a, b) => compareVersions(b.id, a.id));
  const recent = withLifecycle.slice(0, 3).reverse();
  if (recent.length > 0) {
    const curated = COMPARISON_FACTS.gardenlinux['release-cadence'];
    cells['release-cadence'] = cell(
      `${curated.value} (majors ${recent.map((stream) => `${stream.id}: ${released(stream)}`).join(', ')})`,
      [
        curated.source,
        ...recent.map(
          (stream) => stream.lifecycle.dates.find((date) => date.milestone === 'released')!.source,
        ),
      ],
    );
  }
  const curated = COMPARISON_FACTS.gardenlinux['support-lifecycle'];
  const lines = [withLifecycle[0], streams.find((stream) => stream.id === build?.stream)]
    .filter(
      (stream, index, all): stream is CatalogStream => stream !== undefined && all.indexOf(stream) === index,
    )
    .map((stream) => lifecycleLine(catalog, stream, now));
  cells['support-lifecycle'] = cell([curated.value, ...lines.map((line) => line.text)].join('. '), [
    curated.source,
    ...lines.flatMap((line) => line.sources),
  ]);
  return cells;
}

function k3osCells(catalog: Catalog, now: Date): Cells {
  const cells: Cells = {};
  const stream = catalog.streams('k3os')[0];
  if (!stream) return cells;
  const last = newest(catalog.releases('k3os'));
  if (last)
    cells['release-cadence'] = cell(`none: last release ${last.version} on ${dateOf(last)}`, [
      last.releaseDates[0]!.source,
    ]);
  const line = lifecycleLine(catalog, stream, now);
  const successor = stream.lifecycle.successor;
  cells['support-lifecycle'] = cell(`${line.text}${successor ? `; successor: ${successor.value}` : ''}`, [
    ...line.sources,
    ...(successor ? [successor.source] : []),
  ]);
  const maintainer = stream.attributes.maintainer;
  if (maintainer && typeof maintainer.value === 'string')
    cells.maintainer = cell(maintainer.value, [maintainer.source]);
  return cells;
}

function talosCells(catalog: Catalog, now: Date): Cells {
  const cells: Cells = {};
  const streams = [...catalog.streams('talos')].sort((a, b) => compareVersions(a.id, b.id));
  if (streams.length === 0) return cells;
  const curated = COMPARISON_FACTS.talos['release-cadence'];
  const list = streams.map((stream) => {
    const date = stream.lifecycle.dates.find((entry) => entry.milestone === 'released')!;
    return { text: `${stream.id}: ${describeDate(date)}`, source: date.source };
  });
  cells['release-cadence'] = cell(`${curated.value} (${list.map((entry) => entry.text).join(', ')})`, [
    ...list.map((entry) => entry.source),
  ]);
  const newestMinor = streams[streams.length - 1]!;
  const line = lifecycleLine(catalog, newestMinor, now);
  const lifecycle = COMPARISON_FACTS.talos['support-lifecycle'];
  const successor = newestMinor.lifecycle.successor
    ? ` (until the ${newestMinor.lifecycle.successor.value} release)`
    : '';
  cells['support-lifecycle'] = cell(`${lifecycle.value}. ${line.text}${successor}`, [
    ...line.sources,
    lifecycle.source,
  ]);
  return cells;
}

const COMPUTED: Readonly<Record<CatalogDistroId, (catalog: Catalog, now: Date) => Cells>> = {
  flatcar: flatcarCells,
  bottlerocket: bottlerocketCells,
  debian: (catalog, now) => releaseCycleCells(catalog, 'debian', now),
  ubuntu: (catalog, now) => releaseCycleCells(catalog, 'ubuntu', now),
  gardenlinux: gardenLinuxCells,
  k3os: k3osCells,
  talos: talosCells,
};

/**
 * Compares distros across {@link COMPARISON_ASPECTS}: curated facts with their evidence level
 * and source, replaced or extended by values computed from the catalog's feed data (runtime
 * versions, release history, lifecycle state at `now`). Works offline from the snapshot.
 *
 * @throws {RangeError} for a distro the catalog does not know.
 */
export function compareDistros(
  catalog: Catalog,
  distros: readonly string[],
  options: { now?: Date } = {},
): DistroComparison {
  const now = options.now ?? catalog.now();
  const ids = distros.map((distro) => {
    if (!isCatalogDistro(distro)) throw new RangeError(`unknown distro '${distro}'`);
    return distro;
  });
  const cells = Object.fromEntries(COMPARISON_ASPECTS.map((aspect) => [aspect, {}])) as Record<
    ComparisonAspect,
    Partial<Record<CatalogDistroId, ComparisonCell>>
  >;
  for (const distro of ids) {
    const computed = COMPUTED[distro](catalog, now);
    for (const aspect of COMPARISON_ASPECTS) {
      const curated = COMPARISON_FACTS[distro][aspect];
      cells[aspect][distro] = computed[aspect] ?? cell(curated.value, [curated.source], curated.note);
    }
  }
  return {
    asOf: toIsoDate(now),
    distros: ids.map((id) => ({ id, name: CATALOG_DISTRO_NAMES[id] })),
    aspects: COMPARISON_ASPECTS.map((id) => ({ id, label: COMPARISON_ASPECT_LABELS[id] })),
    cells,
  };
}
