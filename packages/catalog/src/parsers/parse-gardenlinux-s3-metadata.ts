import { ARCHITECTURES, type Architecture } from '@kubenode/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import type { CloudImage, ReleaseArtifact } from '../model/catalog-release.js';
import type { CatalogSource } from '../model/catalog-source.js';
import { fieldSource, parseWith, type FeedContext } from './feed-context.js';
import type { FeedIssue } from './feed-issue.js';

/** SHA-256 of empty input: a placeholder digest that verifies nothing. */
export const SHA256_OF_EMPTY_INPUT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** MD5 of empty input. */
export const MD5_OF_EMPTY_INPUT = 'd41d8cd98f00b204e9800998ecf8427e';

const pathSchema = z.object({
  name: z.string().min(1),
  s3_key: z.string().min(1),
  s3_bucket_name: z.string().optional(),
  md5sum: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  sha256sum: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  suffix: z.string(),
});

const metadataSchema = z.object({
  architecture: z.string().min(1),
  build_committish: z.string().regex(/^[0-9a-f]{40}$/, { error: 'expected a 40-digit commit id' }),
  build_timestamp: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/, { error: 'expected an ISO 8601 timestamp' }),
  gardenlinux_epoch: z.number().int().nonnegative(),
  modifiers: z.array(z.string()),
  paths: z.array(pathSchema),
  platform: z.string().min(1),
  published_image_metadata: z.record(z.string(), z.unknown()).nullish(),
  require_uefi: z.boolean().optional(),
  secureboot: z.boolean().optional(),
  s3_bucket: z.string().optional(),
  s3_key: z.string().optional(),
  version: z.union([z.string(), z.number()]).transform(String),
});

const awsImagesSchema = z.array(
  z.object({
    ami_id: z.string().regex(/^ami-[0-9a-f]+$/),
    aws_region_id: z.string().min(1),
    image_name: z.string().optional(),
  }),
);
const gcpImageSchema = z.object({ gcp_image_name: z.string().min(1), gcp_project_name: z.string().min(1) });

/** One Garden Linux flavor build of a release, from its S3 `meta/singles/` metadata object. */
export interface GardenLinuxBuild {
  /** `aws-gardener_prod-amd64`. */
  readonly cname: string;
  /** `1877.3`. */
  readonly version: string;
  readonly major: number;
  readonly platform: string;
  readonly architecture: Architecture;
  /** Features and modifiers (`gardener`, `_prod`, `_nopkg`, `ssh`, ...). */
  readonly modifiers: readonly string[];
  readonly commit: string;
  /** ISO 8601 build time as written (no time zone). */
  readonly buildTimestamp: string;
  readonly secureBoot: boolean | undefined;
  readonly requireUefi: boolean | undefined;
  readonly artifacts: readonly ReleaseArtifact[];
  readonly cloudImages: readonly CloudImage[];
  readonly source: CatalogSource;
}

/** A parsed S3 metadata object. */
export interface GardenLinuxS3Metadata {
  readonly build: GardenLinuxBuild;
  readonly issues: readonly FeedIssue[];
}

/**
 * The flavor's cname (`aws-gardener_prod-amd64`), read from the object key or the artifact names,
 * which are `<cname>-<version>-<commit8><suffix>`.
 */
function cnameOf(meta: z.output<typeof metadataSchema>, context: FeedContext): string {
  const tail = `-${meta.version}-${meta.build_committish.slice(0, 8)}`;
  const names = [
    ...(meta.s3_key ? [meta.s3_key.replace(/^.*\//, '')] : []),
    ...meta.paths.map((path) =>
      path.name.endsWith(path.suffix) ? path.name.slice(0, path.name.length - path.suffix.length) : path.name,
    ),
  ];
  const found = names.find((name) => name.endsWith(tail));
  if (!found)
    throw new CatalogFeedError({
      feed: context.feed,
      location: context.location,
      problems: [
        {
          path: 's3_key',
          message: `no object or artifact name ends with '${tail}' (<cname>-<version>-<commit>)`,
        },
      ],
    });
  return found.slice(0, found.length - tail.length);
}

/**
 * Parses a Garden Linux release metadata object (`meta/singles/<cname>-<version>-<commit>` in the
 * `gardenlinux-github-releases` bucket): flavor, artifacts with digests, and the published cloud
 * images (AWS AMIs per region, GCP image and project). Digests of empty input (sanitised
 * metadata) are flagged on the artifact and reported as issues.
 */
export function parseGardenLinuxS3Metadata(text: string, context: FeedContext): GardenLinuxS3Metadata {
  let raw: unknown;
  try {
    raw = parseYaml(text) as unknown;
  } catch (error) {
    throw new CatalogFeedError({
      feed: context.feed,
      location: context.location,
      problems: [{ path: '(document)', message: `not YAML: ${(error as Error).message}` }],
      cause: error,
    });
  }
  const meta = parseWith(metadataSchema, raw, context);
  const issues: FeedIssue[] = [];
  if (!(ARCHITECTURES as readonly string[]).includes(meta.architecture)) {
    throw new CatalogFeedError({
      feed: context.feed,
      location: context.location,
      problems: [
        {
          path: 'architecture',
          message: `expected ${ARCHITECTURES.join(' or ')}; got '${meta.architecture}'`,
        },
      ],
    });
  }
  const major = Number(meta.version.split('.')[0]);
  if (major !== meta.gardenlinux_epoch)
    issues.push({
      feed: context.feed,
      path: 'gardenlinux_epoch',
      message: `epoch ${meta.gardenlinux_epoch} differs from the version's major ${major}`,
    });
  const bucket = meta.s3_bucket ?? 'gardenlinux-github-releases';
  let emptyDigests = 0;
  const artifacts = meta.paths.map((path, index): ReleaseArtifact => {
    const digestIssues: string[] = [];
    if (path.sha256sum === SHA256_OF_EMPTY_INPUT)
      digestIssues.push('sha256sum is the SHA-256 of empty input');
    if (path.md5sum === MD5_OF_EMPTY_INPUT) digestIssues.push('md5sum is the MD5 of empty input');
    if (digestIssues.length > 0) emptyDigests++;
    return {
      name: path.name,
      location: `s3://${path.s3_bucket_name ?? bucket}/${path.s3_key}`,
      digests: {
        ...(path.md5sum ? { md5: path.md5sum } : {}),
        ...(path.sha256sum ? { sha256: path.sha256sum } : {}),
      },
      digestIssues,
      source: fieldSource(context, `paths[${index}]`),
    };
  });
  if (emptyDigests > 0)
    issues.push({
      feed: context.feed,
      path: 'paths[*]',
      message: `${emptyDigests} of ${artifacts.length} artifacts list the digest of empty input; those digests cannot verify a download`,
    });
  const cloudImages: CloudImage[] = [];
  const published = meta.published_image_metadata ?? {};
  if ('published_aws_images' in published) {
    const images = parseWith(awsImagesSchema, published.published_aws_images, context, [
      'published_image_metadata',
      'published_aws_images',
    ]);
    images.forEach((image, index) =>
      cloudImages.push({
        provider: 'aws',
        region: image.aws_region_id,
        id: image.ami_id,
        source: fieldSource(context, `published_image_metadata.published_aws_images[${index}].ami_id`),
      }),
    );
  }
  if ('gcp_image_name' in published) {
    const image = parseWith(gcpImageSchema, published, context, ['published_image_metadata']);
    cloudImages.push({
      provider: 'gcp',
      id: image.gcp_image_name,
      project: image.gcp_project_name,
      source: fieldSource(context, 'published_image_metadata.gcp_image_name'),
    });
  }
  const cname = cnameOf(meta, context);
  return {
    build: {
      cname,
      version: meta.version,
      major,
      platform: meta.platform,
      architecture: meta.architecture as Architecture,
      modifiers: meta.modifiers,
      commit: meta.build_committish,
      buildTimestamp: meta.build_timestamp,
      secureBoot: meta.secureboot,
      requireUefi: meta.require_uefi,
      artifacts,
      cloudImages,
      source: fieldSource(context, ''),
    },
    issues,
  };
}
