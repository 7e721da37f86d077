import type { BottlerocketRelease } from '../parsers/parse-bottlerocket-changelog.js';
import type { BottlerocketReleaseToml } from '../parsers/parse-bottlerocket-release-toml.js';
import type { BottlerocketVariantData } from '../parsers/parse-bottlerocket-variants.js';
import type { DistroInfoTable } from '../parsers/parse-distro-info-csv.js';
import type { EndOfLifeProduct } from '../parsers/endoflife-product.js';
import type { FeedContext } from '../parsers/feed-context.js';
import type { FeedIssue } from '../parsers/feed-issue.js';
import type { FlatcarReleaseFeed } from '../parsers/parse-flatcar-releases.js';
import type { GardenLinuxS3Metadata } from '../parsers/parse-gardenlinux-s3-metadata.js';
import type { GlrdReleaseFeed } from '../parsers/parse-glrd-releases.js';
import type { K3osStatus } from '../parsers/parse-k3os-status.js';
import type { TalosMinorSupport } from '../parsers/parse-talos-support-matrix.js';
import { parseBottlerocketChangelog } from '../parsers/parse-bottlerocket-changelog.js';
import { parseBottlerocketReleaseHistory } from '../parsers/parse-bottlerocket-release-history.js';
import { parseBottlerocketReleaseToml } from '../parsers/parse-bottlerocket-release-toml.js';
import { parseBottlerocketVariants } from '../parsers/parse-bottlerocket-variants.js';
import { parseDistroInfoCsv } from '../parsers/parse-distro-info-csv.js';
import { parseEndOfLifeApiProduct } from '../parsers/parse-endoflife-api-product.js';
import { parseEndOfLifeProductYaml } from '../parsers/parse-endoflife-product-yaml.js';
import { parseFlatcarReleases } from '../parsers/parse-flatcar-releases.js';
import { parseGardenLinuxS3Metadata } from '../parsers/parse-gardenlinux-s3-metadata.js';
import { parseGlrdReleases } from '../parsers/parse-glrd-releases.js';
import { parseK3osStatus } from '../parsers/parse-k3os-status.js';
import { parseTalosSupportMatrix } from '../parsers/parse-talos-support-matrix.js';
import type { FeedDocument } from './feed-document.js';

/** A feed document after parsing, tagged by what it holds. */
export type ParsedFeedDocument = {
  readonly document: FeedDocument;
  readonly issues: readonly FeedIssue[];
} & (
  | { readonly kind: 'flatcar'; readonly data: FlatcarReleaseFeed }
  | { readonly kind: 'glrd'; readonly data: GlrdReleaseFeed }
  | { readonly kind: 'gardenlinux-s3'; readonly data: GardenLinuxS3Metadata }
  | { readonly kind: 'bottlerocket-releases'; readonly data: readonly BottlerocketRelease[] }
  | { readonly kind: 'bottlerocket-release-toml'; readonly data: BottlerocketReleaseToml }
  | { readonly kind: 'bottlerocket-variants'; readonly data: BottlerocketVariantData }
  | { readonly kind: 'endoflife'; readonly data: EndOfLifeProduct }
  | { readonly kind: 'distro-info'; readonly data: DistroInfoTable }
  | { readonly kind: 'talos'; readonly data: readonly TalosMinorSupport[] }
  | { readonly kind: 'k3os'; readonly data: K3osStatus }
);

/** The parser context of a document: its feed, its origin and its caveat. */
export function documentContext(document: FeedDocument): FeedContext {
  return {
    feed: document.feed,
    location: document.origin,
    asOf: document.retrievedAt.slice(0, 10),
    ...(document.note ? { note: document.note } : {}),
  };
}

/**
 * Parses a feed document with the parser for its format.
 *
 * @throws {CatalogFeedError} when a field the catalog uses is missing or malformed.
 */
export function parseFeedDocument(document: FeedDocument): ParsedFeedDocument {
  const context = documentContext(document);
  const { text } = document;
  switch (document.format) {
    case 'flatcar-releases-json': {
      const data = parseFlatcarReleases(text, context);
      return { document, kind: 'flatcar', data, issues: data.issues };
    }
    case 'glrd-releases-json':
    case 'glrd-releases-yaml': {
      const data = parseGlrdReleases(text, context, {
        format: document.format === 'glrd-releases-yaml' ? 'yaml' : 'json',
      });
      return { document, kind: 'glrd', data, issues: data.issues };
    }
    case 'gardenlinux-s3-metadata-yaml': {
      const data = parseGardenLinuxS3Metadata(text, context);
      return { document, kind: 'gardenlinux-s3', data, issues: data.issues };
    }
    case 'bottlerocket-changelog-md':
      return {
        document,
        kind: 'bottlerocket-releases',
        data: parseBottlerocketChangelog(text, context),
        issues: [],
      };
    case 'bottlerocket-release-history-json':
      return {
        document,
        kind: 'bottlerocket-releases',
        data: parseBottlerocketReleaseHistory(text, context),
        issues: [],
      };
    case 'bottlerocket-release-toml':
      return {
        document,
        kind: 'bottlerocket-release-toml',
        data: parseBottlerocketReleaseToml(text, context),
        issues: [],
      };
    case 'bottlerocket-variants-json': {
      const data = parseBottlerocketVariants(text, context);
      return { document, kind: 'bottlerocket-variants', data, issues: data.issues };
    }
    case 'endoflife-product-yaml':
      return { document, kind: 'endoflife', data: parseEndOfLifeProductYaml(text, context), issues: [] };
    case 'endoflife-api-v1-product-json':
      return { document, kind: 'endoflife', data: parseEndOfLifeApiProduct(text, context), issues: [] };
    case 'distro-info-csv':
      return { document, kind: 'distro-info', data: parseDistroInfoCsv(text, context), issues: [] };
    case 'talos-support-matrix-md':
      return { document, kind: 'talos', data: parseTalosSupportMatrix(text, context), issues: [] };
    case 'k3os-status-json':
      return { document, kind: 'k3os', data: parseK3osStatus(text, context), issues: [] };
  }
}
