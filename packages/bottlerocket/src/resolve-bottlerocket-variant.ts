import { SpecValidationError, type NodePool, type RenderContextV1 } from '@kubenode/core';
import type { BottlerocketAdapterOptions } from './bottlerocket-adapter-options.js';
import {
  parseBottlerocketVariant,
  type BottlerocketPlatform,
  type BottlerocketVariant,
} from './bottlerocket-variant.js';

const PLATFORMS: readonly string[] = ['aws', 'metal', 'vmware'];

function invalid(pool: NodePool, path: (string | number)[], message: string): SpecValidationError {
  return new SpecValidationError({
    issues: [{ path, code: 'invalid_value', message }],
    source: pool.metadata.name,
  });
}

/**
 * The Bottlerocket variant a pool runs: `spec.image.variant` or
 * `spec.adapterOptions.bottlerocket.variant` (they must agree), else `<platform>-k8s-<minor>`
 * from the render context's platform (or the adapter's default platform) and the pool's
 * Kubernetes version. The variant must be a Kubernetes variant of the pool's Kubernetes minor.
 *
 * @throws {SpecValidationError} naming the field that disagrees.
 */
export function resolveBottlerocketVariant(input: {
  readonly pool: NodePool;
  readonly options: BottlerocketAdapterOptions;
  readonly context: RenderContextV1;
  readonly defaultPlatform: BottlerocketPlatform;
  readonly adapterId: string;
}): BottlerocketVariant {
  const { pool, options, context } = input;
  const [major, minor] = pool.spec.kubernetes.version.split('.');
  const kubernetesMinor = `${major}.${minor}`;
  const fromImage = pool.spec.image.variant;
  const fromOptions = options.variant;
  const optionsPath = ['spec', 'adapterOptions', input.adapterId, 'variant'];
  if (fromImage !== undefined && fromOptions !== undefined && fromImage !== fromOptions) {
    throw invalid(
      pool,
      optionsPath,
      `'${fromOptions}' differs from spec.image.variant '${fromImage}'; set one of them`,
    );
  }
  const contextPlatform =
    context.platform !== undefined && PLATFORMS.includes(context.platform) ? context.platform : undefined;
  const path = fromImage !== undefined ? ['spec', 'image', 'variant'] : optionsPath;
  const name =
    fromImage ?? fromOptions ?? `${contextPlatform ?? input.defaultPlatform}-k8s-${kubernetesMinor}`;
  const variant = parseBottlerocketVariant(name);
  if (!variant) {
    throw invalid(
      pool,
      path,
      `'${name}' is not a Bottlerocket Kubernetes variant; expected <aws|metal|vmware>-k8s-<minor>[-nvidia][-fips], such as aws-k8s-${kubernetesMinor}`,
    );
  }
  if (variant.orchestrator !== 'k8s') {
    throw invalid(
      pool,
      path,
      `'${name}' runs ECS, not Kubernetes; choose a *-k8s-${kubernetesMinor} variant`,
    );
  }
  if (variant.kubernetesMinor !== kubernetesMinor) {
    throw invalid(
      pool,
      path,
      `'${name}' runs Kubernetes ${variant.kubernetesMinor}, but spec.kubernetes.version is ${pool.spec.kubernetes.version}; use ${variant.platform}-k8s-${kubernetesMinor}${variant.flavors.map((flavor) => `-${flavor}`).join('')}`,
    );
  }
  if (
    context.platform !== undefined &&
    contextPlatform !== undefined &&
    contextPlatform !== variant.platform
  ) {
    throw invalid(
      pool,
      path,
      `'${name}' is a ${variant.platform} variant, but the render platform is ${context.platform}`,
    );
  }
  return variant;
}
