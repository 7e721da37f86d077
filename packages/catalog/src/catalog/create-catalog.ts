import type { Architecture } from '@kubenode/core';
import { flatcarChannelMajorStream, FLATCAR_MAJOR_CHANNELS } from '../assemble/assemble-flatcar.js';
import { buildCatalogData, type BuiltCatalogData } from '../assemble/build-catalog-data.js';
import { NoSuchImageError } from '../errors/no-such-image-error.js';
import { catalogFeed } from '../feeds/catalog-feeds.js';
import type { FeedDocument } from '../feeds/feed-document.js';
import { assessLifecycle } from '../lifecycle/assess-lifecycle.js';
import { CATALOG_DISTROS, isCatalogDistro, type CatalogDistroId } from '../model/catalog-distro.js';
import type { CatalogRelease } from '../model/catalog-release.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import { snapshotDocuments } from '../snapshot/snapshot-documents.js';
import { compareVersions } from '../util/compare-versions.js';
import { toIsoDate } from '../util/iso-date.js';
import type { Catalog } from './catalog.js';
import type { ImageQuery } from './image-query.js';
import type { ResolvedImage } from './resolved-image.js';

/** Options of {@link createCatalog}. */
export interface CreateCatalogOptions {
  /**
   * Feed documents to build from; the embedded snapshot by default. Documents with the same feed
   * id as a snapshot document replace it when passed through `overlay`.
   */
  readonly documents?: readonly FeedDocument[];
  /** Documents laid over `documents` (e.g. a `refresh` cache); the last one per feed id wins. */
  readonly overlay?: readonly FeedDocument[];
  /** The clock for lifecycle queries. Default: the system clock. */
  readonly now?: () => Date;
  /**
   * Only read the feeds of these distros (plus the Kubernetes and EKS lifecycle feeds): faster
   * when one pool is checked. All distros by default.
   */
  readonly distros?: readonly CatalogDistroId[];
}

type MajorChannel = (typeof FLATCAR_MAJOR_CHANNELS)[number];
const isMajorChannel = (value: string): value is MajorChannel =>
  (FLATCAR_MAJOR_CHANNELS as readonly string[]).includes(value);
const newestFirst = (a: CatalogRelease, b: CatalogRelease) => compareVersions(b.version, a.version);
const releasedOn = (release: CatalogRelease) => release.releaseDates[0]?.value.slice(0, 10);

/**
 * Creates the catalog from the embedded snapshot (works offline) or from given feed documents,
 * optionally overlaid with refreshed ones.
 *
 * @throws {CatalogFeedError} when a document cannot be parsed.
 */
export function createCatalog(options: CreateCatalogOptions = {}): Catalog {
  const wanted = options.distros ? new Set<string>([...options.distros, 'kubernetes']) : undefined;
  const documents = [...(options.documents ?? snapshotDocuments()), ...(options.overlay ?? [])].filter(
    (document) => {
      const subject = catalogFeed(document.feed)?.subject;
      return wanted === undefined || subject === undefined || wanted.has(subject);
    },
  );
  const data: BuiltCatalogData = buildCatalogData(documents);
  const now = options.now ?? (() => new Date());

  const checkDistro = (distro: string): CatalogDistroId => {
    if (!isCatalogDistro(distro))
      throw new NoSuchImageError({ distro, field: 'distro', value: distro, available: CATALOG_DISTROS });
    return distro;
  };
  const streamsOf = (distro: string) => data.streams.filter((stream) => stream.distro === distro);
  const findStream = (distro: CatalogDistroId, idOrAlias: string): CatalogStream | undefined => {
    const wanted = idOrAlias.toLowerCase();
    const direct = streamsOf(distro).find(
      (stream) =>
        stream.id.toLowerCase() === wanted || stream.aliases.some((alias) => alias.toLowerCase() === wanted),
    );
    if (direct) return direct;
    const channelMajor = /^(stable|beta|alpha)-(\d+)$/.exec(wanted);
    if (distro === 'flatcar' && channelMajor)
      return flatcarChannelMajorStream(
        channelMajor[1] as MajorChannel,
        Number(channelMajor[2]),
        data.flatcar,
      );
    return undefined;
  };
  const stream = (distro: string, idOrAlias: string): CatalogStream => {
    const id = checkDistro(distro);
    const found = findStream(id, idOrAlias);
    if (!found)
      throw new NoSuchImageError({
        distro: id,
        field: id === 'bottlerocket' ? 'variant' : 'channel',
        value: idOrAlias,
        available: streamsOf(id)
          .filter((entry) => entry.kind !== 'channel-major')
          .map((entry) => entry.id),
      });
    return found;
  };
  const releases = (distro: string, streamId?: string) =>
    data.releases.filter(
      (release) => release.distro === distro && (streamId === undefined || release.stream === streamId),
    );
  const matchesArch = (release: CatalogRelease, arch: Architecture | undefined) =>
    arch === undefined || release.architectures.length === 0 || release.architectures.includes(arch);
  const checkArch = (found: CatalogStream, arch: Architecture | undefined) => {
    const known = found.architectures?.value;
    if (arch !== undefined && known && known.length > 0 && !known.includes(arch))
      throw new NoSuchImageError({
        distro: found.distro,
        field: 'arch',
        value: arch,
        available: known,
        detail: `${found.title}`,
      });
  };

  const flatcarStreamReleases = (found: CatalogStream): CatalogRelease[] => {
    const all = releases('flatcar');
    if (found.id === 'lts') return all.filter((release) => release.stream.startsWith('lts-'));
    if (found.kind === 'channel-major') {
      const [channel, major] = found.id.split('-') as [string, string];
      return all.filter((release) => release.stream === channel && release.version.split('.')[0] === major);
    }
    return all.filter((release) => release.stream === found.id);
  };

  const bottlerocketWindow = (found: CatalogStream) => {
    const added = found.lifecycle.dates.find(
      (date) => date.milestone === 'released' && date.authority === 'observed',
    )?.date;
    const removed = found.lifecycle.dates.find(
      (date) => date.milestone === 'end-of-life' && date.authority === 'observed',
    )?.date;
    return (release: CatalogRelease) => {
      const day = releasedOn(release);
      return (
        day === undefined ||
        ((added === undefined || day >= added) && (removed === undefined || day < removed))
      );
    };
  };

  const streamReleases = (found: CatalogStream): CatalogRelease[] => {
    if (found.distro === 'flatcar') return flatcarStreamReleases(found);
    if (found.distro === 'bottlerocket') return releases('bottlerocket').filter(bottlerocketWindow(found));
    return releases(found.distro, found.id);
  };

  const defaultStream = (distro: CatalogDistroId): CatalogStream | undefined => {
    if (distro === 'flatcar') return findStream(distro, 'stable');
    const candidates = streamsOf(distro).filter((entry) => streamReleases(entry).length > 0);
    const preferred =
      distro === 'ubuntu' ? candidates.filter((entry) => entry.attributes.lts?.value === true) : candidates;
    const today = toIsoDate(now());
    return preferred
      .filter((entry) => streamReleases(entry).some((release) => (releasedOn(release) ?? '') <= today))
      .sort((a, b) => compareVersions(b.id, a.id))[0];
  };

  const streamOfVersion = (distro: CatalogDistroId, version: string): CatalogStream | undefined => {
    const parts = version.replace(/^v/, '').split('.');
    const candidates =
      distro === 'ubuntu' || distro === 'talos'
        ? [parts.slice(0, 2).join('.')]
        : [parts[0]!, parts.slice(0, 2).join('.')];
    if (distro === 'k3os') return streamsOf(distro)[0];
    for (const candidate of candidates) {
      const found = findStream(distro, candidate);
      if (found) return found;
    }
    return undefined;
  };

  const resolveFlatcar = (query: ImageQuery): ResolvedImage => {
    const notes: string[] = [];
    if (query.version === undefined) {
      const found = stream('flatcar', query.channel ?? 'stable');
      checkArch(found, query.arch);
      const release = flatcarStreamReleases(found)
        .filter((entry) => matchesArch(entry, query.arch))
        .sort(newestFirst)[0];
      return { stream: found, release, pinned: false, notes };
    }
    const version = query.version;
    // Flatcar versions are MAJOR.MINOR.PATCH (its channel major lifecycle is read from MAJOR).
    if (!/^\d+\.\d+\.\d+$/.test(version))
      throw new NoSuchImageError({
        distro: 'flatcar',
        field: 'version',
        value: version,
        available: [],
        detail: 'a Flatcar version is MAJOR.MINOR.PATCH, e.g. 4459.2.1',
      });
    const major = Number(version.split('.')[0]);
    const release = releases('flatcar').find((entry) => entry.version === version);
    let found: CatalogStream | undefined;
    if (release) {
      found = isMajorChannel(release.stream)
        ? flatcarChannelMajorStream(release.stream, major, data.flatcar)
        : findStream('flatcar', release.stream);
      const channel = query.channel;
      if (
        channel !== undefined &&
        channel !== release.stream &&
        !(channel === 'lts' && release.stream.startsWith('lts-'))
      )
        notes.push(`version ${version} is a ${release.stream} release, not ${channel}`);
    } else {
      const channel = query.channel ?? 'stable';
      notes.push(
        `version ${version} is not in the catalog data; its lifecycle follows from ${channel} major ${major}`,
      );
      if (isMajorChannel(channel)) found = flatcarChannelMajorStream(channel, major, data.flatcar);
      else if (channel === 'lts' || channel.startsWith('lts-')) {
        const lts = data.flatcar.ltsMajors.get(major);
        found = lts
          ? findStream('flatcar', lts)
          : channel === 'lts'
            ? undefined
            : findStream('flatcar', channel);
      } else found = findStream('flatcar', channel);
      if (!found)
        throw new NoSuchImageError({
          distro: 'flatcar',
          field: 'channel',
          value: channel,
          available: streamsOf('flatcar')
            .filter((entry) => entry.kind !== 'channel-major')
            .map((entry) => entry.id),
          detail: `no stream holds major ${major}`,
        });
    }
    if (!found)
      throw new NoSuchImageError({ distro: 'flatcar', field: 'version', value: version, available: [] });
    if (release && query.arch !== undefined && !release.architectures.includes(query.arch))
      throw new NoSuchImageError({
        distro: 'flatcar',
        field: 'arch',
        value: query.arch,
        available: release.architectures,
        detail: `release ${version}`,
      });
    return { stream: found, release, pinned: release !== undefined, notes };
  };

  const resolveBottlerocket = (query: ImageQuery): ResolvedImage => {
    const variant = query.variant ?? query.channel;
    if (variant === undefined)
      throw new NoSuchImageError({
        distro: 'bottlerocket',
        field: 'variant',
        value: '(none)',
        available: streamsOf('bottlerocket')
          .filter((entry) => entry.architectures !== undefined)
          .map((entry) => entry.id),
        detail: 'Bottlerocket images are built per variant; set spec.image.variant',
      });
    const found = stream('bottlerocket', variant);
    checkArch(found, query.arch);
    const notes: string[] = [];
    const inWindow = bottlerocketWindow(found);
    if (query.version !== undefined) {
      const version = query.version.replace(/^v/, '');
      const release = releases('bottlerocket').find((entry) => entry.version === version);
      if (!release) notes.push(`version ${query.version} is not in the catalog data`);
      else if (!inWindow(release))
        notes.push(`release ${release.version} was not built for ${found.id} according to the CHANGELOG`);
      return { stream: found, release, pinned: release !== undefined, notes };
    }
    const release = releases('bottlerocket').filter(inWindow).sort(newestFirst)[0];
    return { stream: found, release, pinned: false, notes };
  };

  const resolveGeneric = (distro: CatalogDistroId, query: ImageQuery): ResolvedImage => {
    const notes: string[] = [];
    let found: CatalogStream | undefined;
    if (query.channel !== undefined) {
      found = findStream(distro, query.channel);
      if (!found && distro === 'k3os') {
        found = streamsOf(distro)[0];
        notes.push(`k3OS has a single, final line; channel ${query.channel} maps to it`);
      }
      if (!found && query.version !== undefined) found = streamOfVersion(distro, query.version);
      if (!found) stream(distro, query.channel);
    } else if (query.version !== undefined) {
      found = streamOfVersion(distro, query.version);
      if (!found)
        throw new NoSuchImageError({
          distro,
          field: 'version',
          value: query.version,
          available: streamsOf(distro).map((entry) => entry.id),
          detail: 'no stream for this version',
        });
    } else {
      found = defaultStream(distro);
      if (!found)
        throw new NoSuchImageError({
          distro,
          field: 'channel',
          value: '(default)',
          available: streamsOf(distro).map((entry) => entry.id),
        });
    }
    checkArch(found!, query.arch);
    const candidates = streamReleases(found!).filter((release) => matchesArch(release, query.arch));
    if (query.version !== undefined) {
      const release = releases(distro).find((entry) => entry.version === query.version);
      if (!release) notes.push(`version ${query.version} is not in the catalog data`);
      else if (release.stream !== found!.id)
        notes.push(`version ${query.version} belongs to ${release.stream}, not ${found!.id}`);
      return { stream: found!, release, pinned: release !== undefined, notes };
    }
    return { stream: found!, release: candidates.sort(newestFirst)[0], pinned: false, notes };
  };

  const resolve = (query: ImageQuery): ResolvedImage => {
    const distro = checkDistro(query.distro);
    if (distro === 'flatcar') return resolveFlatcar(query);
    if (distro === 'bottlerocket') return resolveBottlerocket(query);
    return resolveGeneric(distro, query);
  };

  return {
    data,
    now,
    distros: () => CATALOG_DISTROS.filter((distro) => streamsOf(distro).length > 0),
    streams: (distro) => (distro === undefined ? data.streams : streamsOf(checkDistro(distro))),
    stream,
    releases: (distro, streamId) => {
      const id = checkDistro(distro);
      if (streamId === undefined) return releases(id);
      return streamReleases(stream(id, streamId));
    },
    resolve,
    latest: (query) => {
      const resolved = resolve({ ...query, version: undefined });
      if (!resolved.release)
        throw new NoSuchImageError({
          distro: query.distro,
          field: 'version',
          value: 'latest',
          available: [],
          detail: `${resolved.stream.title} has no release${query.arch ? ` for ${query.arch}` : ''} in the catalog data`,
        });
      return resolved.release;
    },
    lifecycle: (found, options = {}) =>
      assessLifecycle(found, { now: options.now ?? now(), warnWithinDays: options.warnWithinDays }),
    kubernetesCycle: (minor) => data.kubernetes.find((cycle) => cycle.minor === minor),
    eksCycle: (minor) => data.eks.find((cycle) => cycle.minor === minor),
  };
}
