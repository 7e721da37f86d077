import type { CatalogRelease } from '../model/catalog-release.js';
import { compareVersions } from '../util/compare-versions.js';

/**
 * Merges release records of the same distro and version read from several feeds: dates, sources,
 * images and artifacts are unioned (disagreeing dates stay side by side), architectures are
 * unioned, components come from the first record that has any. Sorted by stream, then version.
 */
export function mergeReleases(records: readonly CatalogRelease[]): CatalogRelease[] {
  const byKey = new Map<string, CatalogRelease>();
  for (const record of records) {
    const key = `${record.distro}\u0000${record.version}`;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, record);
      continue;
    }
    byKey.set(key, {
      ...existing,
      releaseDates: [...existing.releaseDates, ...record.releaseDates],
      architectures: [...new Set([...existing.architectures, ...record.architectures])].sort(),
      components: Object.keys(existing.components).length > 0 ? existing.components : record.components,
      cloudImages: [...existing.cloudImages, ...record.cloudImages],
      artifacts: [...existing.artifacts, ...record.artifacts],
      sources: [...existing.sources, ...record.sources],
    });
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.distro.localeCompare(b.distro) ||
      a.stream.localeCompare(b.stream) ||
      compareVersions(a.version, b.version),
  );
}
