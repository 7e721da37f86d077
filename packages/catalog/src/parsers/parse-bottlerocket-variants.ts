import type { Architecture } from '@kubenode/core';
import { z } from 'zod';
import type { CatalogSource } from '../model/catalog-source.js';
import { fieldSource, parseJsonText, parseWith, type FeedContext } from './feed-context.js';
import type { FeedIssue } from './feed-issue.js';

const minor = z.string().regex(/^\d+\.\d+$/, { error: 'expected a Kubernetes minor such as 1.31' });
const variantSchema = z.object({
  variant: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  platform: z.string().min(1),
  orchestrator: z.string().min(1),
  kubelet_minor: minor.nullable(),
  kernel_series: z.string().regex(/^\d+\.\d+$/),
  nvidia: z.boolean(),
  cgroup: z.enum(['v1', 'v2']),
  image_format: z.string().min(1),
  arches: z.array(z.enum(['x86_64', 'aarch64'])).min(1),
  compatible_k8s: z.array(minor).nullable(),
});
const documentSchema = z.object({
  bottlerocket_release: z.string().regex(/^\d+\.\d+\.\d+$/),
  variants: z.array(z.unknown()),
  deprecated_variants_listed_in_readme: z.array(
    z.object({ variant: z.string().min(1), compatible_k8s: z.array(minor) }),
  ),
  unsupported_per_readme: z.array(z.string()).optional(),
});

/** Bottlerocket architecture names mapped to the catalog's. */
export const BOTTLEROCKET_ARCHITECTURES: Readonly<Record<'x86_64' | 'aarch64', Architecture>> = {
  x86_64: 'amd64',
  aarch64: 'arm64',
};

/** One Bottlerocket variant as built at the data's release. */
export interface BottlerocketVariant {
  /** `aws-k8s-1.31`, `vmware-k8s-1.30`, `aws-ecs-2-nvidia`, `metal-dev`. */
  readonly name: string;
  readonly platform: string;
  /** `kubernetes`, `ecs`, `none (dev)`. */
  readonly orchestrator: string;
  readonly kubeletMinor: string | null;
  readonly kernelSeries: string;
  readonly nvidia: boolean;
  readonly cgroup: 'v1' | 'v2';
  readonly imageFormat: string;
  readonly architectures: readonly Architecture[];
  /** Kubernetes minors the variant's README says it is compatible with. */
  readonly compatibleKubernetes: readonly string[] | null;
  readonly source: CatalogSource;
}

/** A variant the README lists as deprecated ("This variant was compatible with ..."). */
export interface DeprecatedBottlerocketVariant {
  readonly name: string;
  readonly compatibleKubernetes: readonly string[];
  readonly source: CatalogSource;
}

/** The parsed variant data. */
export interface BottlerocketVariantData {
  /** The Bottlerocket release the data describes (`1.26.1`). */
  readonly release: string;
  readonly variants: readonly BottlerocketVariant[];
  readonly deprecated: readonly DeprecatedBottlerocketVariant[];
  /** Groups the README calls unsupported, verbatim. */
  readonly unsupportedStatements: readonly { readonly text: string; readonly source: CatalogSource }[];
  readonly issues: readonly FeedIssue[];
}

/**
 * Parses the Bottlerocket variant data (`variants.derived.json`: kernel series, kubelet minor,
 * cgroup version, image format and architectures per variant, from `variants/*\/Cargo.toml`, plus
 * the compatibility sentences and the deprecated list of `variants/README.md`).
 */
export function parseBottlerocketVariants(text: string, context: FeedContext): BottlerocketVariantData {
  const document = parseWith(documentSchema, parseJsonText(text, context), context);
  const issues: FeedIssue[] = [];
  const variants = document.variants.map((value, index): BottlerocketVariant => {
    const entry = parseWith(variantSchema, value, context, ['variants', index]);
    if (entry.orchestrator === 'kubernetes' && entry.kubelet_minor === null)
      issues.push({
        feed: context.feed,
        path: `variants[${index}].kubelet_minor`,
        message: `${entry.variant}: Kubernetes variant without a kubelet minor`,
      });
    if (entry.kubelet_minor !== null && !entry.variant.includes(`-${entry.kubelet_minor}`))
      issues.push({
        feed: context.feed,
        path: `variants[${index}].kubelet_minor`,
        message: `${entry.variant}: kubelet ${entry.kubelet_minor} does not match the variant name`,
      });
    return {
      name: entry.variant,
      platform: entry.platform,
      orchestrator: entry.orchestrator,
      kubeletMinor: entry.kubelet_minor,
      kernelSeries: entry.kernel_series,
      nvidia: entry.nvidia,
      cgroup: entry.cgroup,
      imageFormat: entry.image_format,
      architectures: entry.arches.map((arch) => BOTTLEROCKET_ARCHITECTURES[arch]),
      compatibleKubernetes: entry.compatible_k8s,
      source: fieldSource(context, `variants[${index}]`),
    };
  });
  return {
    release: document.bottlerocket_release,
    variants,
    deprecated: document.deprecated_variants_listed_in_readme.map((entry, index) => ({
      name: entry.variant,
      compatibleKubernetes: entry.compatible_k8s,
      source: fieldSource(context, `deprecated_variants_listed_in_readme[${index}]`),
    })),
    unsupportedStatements: (document.unsupported_per_readme ?? []).map((text, index) => ({
      text,
      source: fieldSource(context, `unsupported_per_readme[${index}]`),
    })),
    issues,
  };
}
