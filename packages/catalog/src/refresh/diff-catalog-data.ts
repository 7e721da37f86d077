import type { CatalogData } from '../assemble/catalog-data.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import { compareVersions } from '../util/compare-versions.js';

/** One difference between two catalog states. */
export interface CatalogChange {
  readonly kind:
    | 'stream-added'
    | 'stream-removed'
    | 'releases-added'
    | 'releases-removed'
    | 'latest-changed'
    | 'lifecycle-changed';
  readonly distro: string;
  readonly stream: string;
  /** One line for humans. */
  readonly message: string;
  /** Versions added or removed (`releases-*`), newest first. */
  readonly versions?: readonly string[];
  readonly before?: string;
  readonly after?: string;
}

const key = (distro: string, stream: string) => `${distro} ${stream}`;

function lifecycleEntries(stream: CatalogStream): Map<string, string> {
  const entries = new Map<string, string>();
  for (const date of stream.lifecycle.dates) {
    const id = `${date.milestone} (${date.authority}${date.source.feed.startsWith('curated/') ? '' : `, ${date.source.feed}`})`;
    const previous = entries.get(id);
    entries.set(id, previous && previous !== date.date ? [previous, date.date].sort().join(', ') : date.date);
  }
  if (stream.lifecycle.endOfLifeStatus) entries.set('status', stream.lifecycle.endOfLifeStatus.value);
  return entries;
}

/**
 * The differences between two catalog states, per stream: streams added or removed, releases
 * added or removed, a new newest release, lifecycle dates or status changed. Channel-major
 * streams (one per Flatcar major) are folded into their channel's release changes.
 */
export function diffCatalogData(before: CatalogData, after: CatalogData): CatalogChange[] {
  const changes: CatalogChange[] = [];
  const streams = (data: CatalogData) =>
    new Map(
      data.streams
        .filter((stream) => stream.kind !== 'channel-major')
        .map((stream) => [key(stream.distro, stream.id), stream]),
    );
  const oldStreams = streams(before);
  const newStreams = streams(after);
  for (const [id, stream] of newStreams)
    if (!oldStreams.has(id))
      changes.push({
        kind: 'stream-added',
        distro: stream.distro,
        stream: stream.id,
        message: `new stream ${stream.title}`,
      });
  for (const [id, stream] of oldStreams)
    if (!newStreams.has(id))
      changes.push({
        kind: 'stream-removed',
        distro: stream.distro,
        stream: stream.id,
        message: `stream ${stream.title} is no longer in the data`,
      });
  for (const [id, stream] of newStreams) {
    const old = oldStreams.get(id);
    if (!old) continue;
    const was = lifecycleEntries(old);
    const now = lifecycleEntries(stream);
    for (const field of [...new Set([...was.keys(), ...now.keys()])].sort()) {
      const a = was.get(field);
      const b = now.get(field);
      if (a !== b)
        changes.push({
          kind: 'lifecycle-changed',
          distro: stream.distro,
          stream: stream.id,
          message: `${stream.title}: ${field} ${a ?? '(none)'} -> ${b ?? '(none)'}`,
          ...(a ? { before: a } : {}),
          ...(b ? { after: b } : {}),
        });
    }
  }
  const releases = (data: CatalogData) => {
    const map = new Map<string, Set<string>>();
    for (const release of data.releases) {
      const id = key(release.distro, release.stream);
      if (!map.has(id)) map.set(id, new Set());
      map.get(id)!.add(release.version);
    }
    return map;
  };
  const oldReleases = releases(before);
  const newReleases = releases(after);
  for (const id of [...new Set([...oldReleases.keys(), ...newReleases.keys()])].sort()) {
    const [distro, stream] = id.split(' ') as [string, string];
    const was = oldReleases.get(id) ?? new Set<string>();
    const now = newReleases.get(id) ?? new Set<string>();
    const added = [...now].filter((version) => !was.has(version)).sort((a, b) => compareVersions(b, a));
    const removed = [...was].filter((version) => !now.has(version)).sort((a, b) => compareVersions(b, a));
    const shown = (versions: string[]) =>
      `${versions.slice(0, 5).join(', ')}${versions.length > 5 ? `, ... (${versions.length})` : ''}`;
    if (added.length > 0)
      changes.push({
        kind: 'releases-added',
        distro,
        stream,
        versions: added,
        message: `${distro} ${stream}: ${added.length} release(s) added: ${shown(added)}`,
      });
    if (removed.length > 0)
      changes.push({
        kind: 'releases-removed',
        distro,
        stream,
        versions: removed,
        message: `${distro} ${stream}: ${removed.length} release(s) no longer listed: ${shown(removed)}`,
      });
    const newestBefore = [...was].sort((a, b) => compareVersions(b, a))[0];
    const newestAfter = [...now].sort((a, b) => compareVersions(b, a))[0];
    if (newestBefore !== newestAfter && newestBefore !== undefined && newestAfter !== undefined)
      changes.push({
        kind: 'latest-changed',
        distro,
        stream,
        before: newestBefore,
        after: newestAfter,
        message: `${distro} ${stream}: newest release ${newestBefore} -> ${newestAfter}`,
      });
  }
  return changes;
}
