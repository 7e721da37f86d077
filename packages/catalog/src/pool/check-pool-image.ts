import type { ImageRef } from '@kubenode/core';
import type { Catalog } from '../catalog/catalog.js';
import { NoSuchImageError } from '../errors/no-such-image-error.js';
import { kubernetesMinor } from '../kubernetes/kubernetes-minor.js';
import { checkKubeletSkew } from '../kubernetes/version-skew.js';
import { describeDate, describeDateOrigin } from '../lifecycle/assess-lifecycle.js';
import { isCatalogDistro } from '../model/catalog-distro.js';
import type { CatalogWarning } from './catalog-warning.js';

/** The parts of a NodePool the catalog checks. */
export interface PoolImageSubject {
  readonly spec: {
    readonly distro: string;
    readonly image?: Partial<ImageRef>;
    readonly kubernetes?: { readonly version?: string };
  };
}

/** Options of {@link checkPoolImage}. */
export interface CheckPoolImageOptions {
  /** The moment to assess at; the catalog's clock by default. */
  readonly now?: Date;
  /** Days before end of life that produce an `image-ending-soon` warning. Default 90. */
  readonly warnWithinDays?: number;
}

/**
 * Checks the image a pool targets against the catalog: end of life, ending within the warning
 * window, past regular support, and (for images that bundle the kubelet: Bottlerocket, Talos,
 * k3OS) whether `spec.kubernetes.version` fits. Every warning names its date and sources. Pools
 * on distros the catalog does not know get no warnings. Pure for a given `now`.
 */
export function checkPoolImage(
  catalog: Catalog,
  pool: PoolImageSubject,
  options: CheckPoolImageOptions = {},
): CatalogWarning[] {
  const { distro } = pool.spec;
  if (!isCatalogDistro(distro)) return [];
  const image = pool.spec.image ?? {};
  let resolved;
  try {
    resolved = catalog.resolve({ distro, ...image });
  } catch (error) {
    if (!NoSuchImageError.isInstance(error)) throw error;
    // The pool named no line and the catalog has no default (a Bottlerocket pool without a
    // variant): the adapter decides; nothing to warn about.
    if (error.value === '(none)' || error.value === '(default)') return [];
    return [
      {
        code: 'image-not-in-catalog',
        path: `spec.image.${error.field === 'distro' ? 'channel' : error.field}`,
        message: error.message,
        sources: [],
      },
    ];
  }
  const warnings: CatalogWarning[] = [];
  const { stream, release, pinned } = resolved;
  const assessment = catalog.lifecycle(stream, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.warnWithinDays !== undefined ? { warnWithinDays: options.warnWithinDays } : {}),
  });
  const subject = `${stream.title}${pinned && release ? ` (${release.version})` : image.version ? ` (${image.version})` : ''}`;
  const eol = assessment.endOfLife;
  const successor = stream.lifecycle.successor ? `; successor: ${stream.lifecycle.successor.value}` : '';
  const sources = [
    eol?.source,
    assessment.endOfExtendedSupport?.source,
    assessment.endOfLifeStatus?.source,
  ].filter((source) => source !== undefined);
  const others =
    assessment.disagreements.length > 0
      ? `; other sources: ${assessment.disagreements.map((date) => `${describeDate(date)} (${describeDateOrigin(date)})`).join(', ')}`
      : '';
  if (assessment.state === 'end-of-life') {
    const when = eol
      ? `end of life since ${describeDate(eol)} (${describeDateOrigin(eol)})`
      : 'end of life (no date in the data)';
    const status = assessment.endOfLifeStatus ? `${assessment.endOfLifeStatus.value}; ` : '';
    warnings.push({
      code: 'image-end-of-life',
      path: 'spec.image',
      message: `${subject} is ${status}${when}${successor}${others}`,
      ...(eol ? { date: eol.date } : {}),
      sources,
    });
  } else if (assessment.state === 'ending-soon' && eol) {
    warnings.push({
      code: 'image-ending-soon',
      path: 'spec.image',
      message: `${subject} reaches end of life on ${describeDate(eol)}, in ${assessment.daysUntilEndOfLife} days (${describeDateOrigin(eol)})${successor}${others}`,
      date: eol.date,
      sources,
    });
  } else if (assessment.state === 'extended-support' && eol && assessment.endOfExtendedSupport) {
    warnings.push({
      code: 'image-extended-support',
      path: 'spec.image',
      message: `${subject}: regular support ended ${describeDate(eol)} (${describeDateOrigin(eol)}); only extended support remains, until ${describeDate(assessment.endOfExtendedSupport)}${others}`,
      date: eol.date,
      sources,
    });
  }

  const poolMinor = pool.spec.kubernetes?.version ? kubernetesMinor(pool.spec.kubernetes.version) : undefined;
  const kubelet = stream.kubernetes?.kubeletMinor;
  if (poolMinor && kubelet) {
    const skew = checkKubeletSkew(kubelet.value, poolMinor);
    if (!skew.ok)
      warnings.push({
        code: 'kubernetes-version-skew',
        path: 'spec.kubernetes.version',
        message: `${stream.title} ships kubelet ${kubelet.value}, which cannot join Kubernetes ${poolMinor}: ${skew.reason}`,
        sources: [kubelet.source],
      });
  }
  const supported = stream.kubernetes?.supportedMinors;
  if (poolMinor && supported && !kubelet && !supported.value.includes(poolMinor))
    warnings.push({
      code: 'kubernetes-not-supported',
      path: 'spec.kubernetes.version',
      message: `${stream.title} supports Kubernetes ${supported.value.join(', ')}; not ${poolMinor}`,
      sources: [supported.source],
    });
  return warnings;
}
