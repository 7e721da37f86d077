import { curatedSource } from '../data/curated-source.js';
import type { ParsedFeedDocument } from '../feeds/parse-feed-document.js';
import type { CatalogRelease } from '../model/catalog-release.js';
import { sourced, type CatalogSource, type Sourced } from '../model/catalog-source.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { LifecycleDate } from '../model/lifecycle-date.js';
import { variantEventApplies } from '../parsers/bottlerocket-variant-events.js';
import type { BottlerocketRelease } from '../parsers/parse-bottlerocket-changelog.js';
import type { FeedIssue } from '../parsers/feed-issue.js';
import { compareVersions } from '../util/compare-versions.js';
import { addMonths } from '../util/iso-date.js';
import type { DistroContribution, KubernetesCycle } from './catalog-data.js';
import { lifecycleDateOf } from './lifecycle-date-of.js';
import { mergeReleases } from './merge-releases.js';

const SECURITY_FEATURES =
  'bottlerocket-os/bottlerocket:SECURITY_FEATURES.md@91632ff50cafaae1d5b3710a8f799141b5966595';
/** Bottlerocket's documented support rules. */
export const BOTTLEROCKET_RULES = {
  variantMonths: 14,
  variant: {
    text: 'Updates for each Kubernetes variant for approximately 14 months after the first release of the variant.',
    source: curatedSource('bottlerocket-rules', SECURITY_FEATURES, 'documented'),
  },
  eks: {
    text: 'aws-k8s-* variants follow Amazon EKS support for their Kubernetes version, including extended support.',
    source: curatedSource('bottlerocket-rules', SECURITY_FEATURES, 'documented'),
  },
  ecs: {
    text: 'ECS variants are supported for at least one year.',
    source: curatedSource('bottlerocket-rules', SECURITY_FEATURES, 'documented'),
  },
} as const;

/** The Bottlerocket release stream id: one version line for all variants. */
export const BOTTLEROCKET_RELEASE_STREAM = 'all';

/**
 * Assembles Bottlerocket: every release (one version for all variants) from the CHANGELOG and the
 * derived release list, and one stream per variant (current and deprecated) with its kernel,
 * kubelet, cgroup version, architectures and compatible Kubernetes minors. Lifecycle: first release
 * and retirement from the CHANGELOG's variant bullets; aws-k8s variants follow EKS dates
 * (standard → end of active support, extended → end of life); other Kubernetes variants get the
 * documented 14 months from their first release.
 */
export function assembleBottlerocket(
  documents: readonly ParsedFeedDocument[],
  eks: readonly KubernetesCycle[],
): DistroContribution {
  const issues: FeedIssue[] = [];
  const history: BottlerocketRelease[] = documents.flatMap((document) =>
    document.kind === 'bottlerocket-releases' ? document.data : [],
  );
  const releases: CatalogRelease[] = mergeReleases(
    history.map((release) => ({
      distro: 'bottlerocket',
      stream: BOTTLEROCKET_RELEASE_STREAM,
      version: release.version,
      releaseDates: [sourced(release.date, release.source)],
      architectures: ['amd64', 'arm64'],
      components: {},
      cloudImages: [],
      artifacts: [],
      sources: [release.source],
    })),
  );
  const newest = [...releases].sort((a, b) => compareVersions(b.version, a.version))[0];
  for (const document of documents)
    if (document.kind === 'bottlerocket-release-toml' && newest && document.data.version !== newest.version)
      issues.push({
        feed: document.document.feed,
        path: 'version',
        message: `Release.toml says ${document.data.version}; the newest CHANGELOG release is ${newest.version}`,
      });

  // Variant events, oldest release first, each once per version.
  const byVersion = new Map<string, BottlerocketRelease>();
  for (const release of history)
    if (
      !byVersion.has(release.version) ||
      release.variantEvents.length > byVersion.get(release.version)!.variantEvents.length
    )
      byVersion.set(release.version, release);
  const ordered = [...byVersion.values()].sort((a, b) => compareVersions(a.version, b.version));
  const firstEvent = (variant: string, action: 'add' | 'remove') => {
    for (const release of ordered) {
      const event = release.variantEvents.find(
        (candidate) => candidate.action === action && variantEventApplies(candidate, variant),
      );
      if (event) return { release, event };
    }
    return undefined;
  };

  const variantData = documents.flatMap((document) =>
    document.kind === 'bottlerocket-variants' ? [document.data] : [],
  );
  const streams: CatalogStream[] = [];
  const seen = new Set<string>();
  for (const data of variantData) {
    const deprecated = new Map(data.deprecated.map((entry) => [entry.name, entry]));
    const all: { name: string; source: CatalogSource; current: boolean }[] = [
      ...data.variants.map((variant) => ({ name: variant.name, source: variant.source, current: true })),
      ...data.deprecated.map((entry) => ({ name: entry.name, source: entry.source, current: false })),
    ];
    for (const { name, source, current } of all) {
      if (seen.has(name)) continue;
      seen.add(name);
      const variant = data.variants.find((entry) => entry.name === name);
      const kubeletMinor = variant?.kubeletMinor ?? /-k8s-(\d+\.\d+)/.exec(name)?.[1] ?? null;
      const compatible = variant?.compatibleKubernetes ?? deprecated.get(name)?.compatibleKubernetes ?? null;
      const dates: LifecycleDate[] = [];
      const notes: Sourced<string>[] = [];
      const added = firstEvent(name, 'add');
      const removed = firstEvent(name, 'remove');
      if (added)
        dates.push(
          lifecycleDateOf('released', added.release.date, 'observed', {
            ...added.release.source,
            note: `CHANGELOG v${added.release.version}: "${added.event.text}"`,
          }),
        );
      if (removed)
        dates.push(
          lifecycleDateOf('end-of-life', removed.release.date, 'observed', {
            ...removed.release.source,
            note: `CHANGELOG v${removed.release.version}: "${removed.event.text}"`,
          }),
        );
      const platform = variant?.platform ?? name.split('-')[0]!;
      const isKubernetes = kubeletMinor !== null;
      if (platform === 'aws' && isKubernetes) {
        notes.push(sourced(BOTTLEROCKET_RULES.eks.text, BOTTLEROCKET_RULES.eks.source));
        const cycle = eks.find((entry) => entry.minor === kubeletMinor);
        if (cycle?.endOfLife)
          dates.push(
            lifecycleDateOf('end-of-active-support', cycle.endOfLife, 'endoflife.date', {
              ...cycle.source,
              field: `${cycle.source.field}.eol`,
              note: `EKS ${cycle.minor} end of standard support`,
            }),
          );
        if (cycle?.endOfExtendedSupport)
          dates.push(
            lifecycleDateOf('end-of-life', cycle.endOfExtendedSupport, 'endoflife.date', {
              ...cycle.source,
              field: `${cycle.source.field}.eoes`,
              note: `EKS ${cycle.minor} end of extended support`,
            }),
          );
      }
      if (isKubernetes) {
        notes.push(sourced(BOTTLEROCKET_RULES.variant.text, BOTTLEROCKET_RULES.variant.source));
        if (added)
          dates.push(
            lifecycleDateOf(
              'end-of-life',
              addMonths(added.release.date, BOTTLEROCKET_RULES.variantMonths),
              'rule',
              {
                ...BOTTLEROCKET_RULES.variant.source,
                note: `first release ${added.release.date} (v${added.release.version}) + ${BOTTLEROCKET_RULES.variantMonths} months`,
              },
              'approximate',
            ),
          );
      } else if (name.includes('-ecs-')) {
        notes.push(sourced(BOTTLEROCKET_RULES.ecs.text, BOTTLEROCKET_RULES.ecs.source));
      }
      const unsupported = data.unsupportedStatements.find((statement) => {
        const match = /(\d+\.\d+) and earlier/.exec(statement.text);
        if (!match || kubeletMinor === null || compareVersions(kubeletMinor, match[1]!) > 0) return false;
        return (
          /^All Kubernetes/.test(statement.text) ||
          (/Bare metal and VMware/.test(statement.text) && (platform === 'metal' || platform === 'vmware'))
        );
      });
      const status = !current
        ? sourced('deprecated (variants/README.md)', deprecated.get(name)!.source)
        : unsupported
          ? sourced(`unsupported: "${unsupported.text}"`, unsupported.source)
          : removed
            ? sourced(`removed in v${removed.release.version}`, removed.release.source)
            : undefined;
      streams.push({
        distro: 'bottlerocket',
        id: name,
        kind: 'variant',
        title: `Bottlerocket ${name}`,
        aliases: [],
        architectures: variant
          ? sourced(variant.architectures, { ...variant.source, field: `${variant.source.field}.arches` })
          : undefined,
        lifecycle: { dates, ...(status ? { endOfLifeStatus: status } : {}), notes },
        ...(kubeletMinor !== null
          ? {
              kubernetes: {
                kubeletMinor: sourced(
                  kubeletMinor,
                  variant
                    ? { ...variant.source, field: `${variant.source.field}.kubelet_minor` }
                    : { ...source, note: 'from the variant name' },
                ),
                ...(compatible
                  ? {
                      supportedMinors: sourced(compatible, {
                        ...source,
                        field: `${source.field}.compatible_k8s`,
                      }),
                    }
                  : {}),
              },
            }
          : {}),
        attributes: variant
          ? {
              platform: sourced(variant.platform, variant.source),
              orchestrator: sourced(variant.orchestrator, variant.source),
              'kernel-series': sourced(variant.kernelSeries, {
                ...variant.source,
                field: `${variant.source.field}.kernel_series`,
              }),
              cgroup: sourced(variant.cgroup, { ...variant.source, field: `${variant.source.field}.cgroup` }),
              'image-format': sourced(variant.imageFormat, {
                ...variant.source,
                field: `${variant.source.field}.image_format`,
              }),
              nvidia: sourced(variant.nvidia, { ...variant.source, field: `${variant.source.field}.nvidia` }),
            }
          : {},
      });
    }
  }
  streams.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return { streams, releases, issues };
}
