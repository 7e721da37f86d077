import type { FeedDocument } from '../feeds/feed-document.js';
import { parseFeedDocument, type ParsedFeedDocument } from '../feeds/parse-feed-document.js';
import { assembleBottlerocket } from './assemble-bottlerocket.js';
import { assembleFlatcar, type FlatcarKnowledge } from './assemble-flatcar.js';
import { assembleGardenLinux } from './assemble-gardenlinux.js';
import { assembleK3os } from './assemble-k3os.js';
import { assembleKubernetes } from './assemble-kubernetes.js';
import { assembleReleaseCycles } from './assemble-release-cycles.js';
import { assembleTalos } from './assemble-talos.js';
import type { CatalogData } from './catalog-data.js';

/** {@link CatalogData} plus what on-demand lookups need. */
export interface BuiltCatalogData extends CatalogData {
  readonly flatcar: FlatcarKnowledge;
}

/**
 * Parses feed documents and assembles the catalog. When several documents have the same feed id,
 * the last one wins (so cached refreshes override the snapshot).
 *
 * @throws {CatalogFeedError} when a document cannot be parsed.
 */
export function buildCatalogData(documents: readonly FeedDocument[]): BuiltCatalogData {
  const latest = new Map<string, FeedDocument>();
  for (const document of documents) latest.set(document.feed, document);
  const parsed: ParsedFeedDocument[] = [...latest.values()].map(parseFeedDocument);
  const { kubernetes, eks } = assembleKubernetes(parsed);
  const flatcar = assembleFlatcar(parsed);
  const parts = [
    flatcar,
    assembleGardenLinux(parsed),
    assembleReleaseCycles('debian', parsed),
    assembleReleaseCycles('ubuntu', parsed),
    assembleK3os(parsed),
    assembleBottlerocket(parsed, eks),
    assembleTalos(parsed),
  ];
  return {
    streams: parts.flatMap((part) => part.streams),
    releases: parts.flatMap((part) => part.releases),
    kubernetes,
    eks,
    issues: [...parsed.flatMap((document) => document.issues), ...parts.flatMap((part) => part.issues)],
    documents: [...latest.values()].map(({ feed, origin, retrievedAt, sha256, note }) => ({
      feed,
      origin,
      retrievedAt,
      sha256,
      ...(note ? { note } : {}),
    })),
    flatcar: flatcar.knowledge,
  };
}
