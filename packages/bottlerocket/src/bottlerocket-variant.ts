/** Where a Bottlerocket variant runs. */
export type BottlerocketPlatform = 'aws' | 'metal' | 'vmware';

/** Flavours a variant name may carry after the orchestrator version. */
export const BOTTLEROCKET_FLAVORS = ['nvidia', 'fips'] as const;

/** A parsed Bottlerocket variant name such as `aws-k8s-1.32-nvidia`. */
export interface BottlerocketVariant {
  /** The full name. */
  readonly name: string;
  readonly platform: BottlerocketPlatform;
  /** The orchestrator the variant runs. */
  readonly orchestrator: 'k8s' | 'ecs';
  /** Kubernetes minor (`1.32`) for `k8s` variants. */
  readonly kubernetesMinor?: string;
  /** Flavours such as `nvidia`, `fips`. */
  readonly flavors: readonly (typeof BOTTLEROCKET_FLAVORS)[number][];
}

const VARIANT = /^(aws|metal|vmware)-(k8s|ecs)-(\d+(?:\.\d+)?)((?:-[a-z0-9]+)*)$/;

/** Parses a variant name; undefined when it is not a Kubernetes or ECS variant name. */
export function parseBottlerocketVariant(name: string): BottlerocketVariant | undefined {
  const match = VARIANT.exec(name);
  if (!match) return undefined;
  const [, platform, orchestrator, version, suffix] = match;
  const flavors = (suffix ?? '').split('-').filter(Boolean);
  if (flavors.some((flavor) => !(BOTTLEROCKET_FLAVORS as readonly string[]).includes(flavor)))
    return undefined;
  if (orchestrator === 'k8s' && !/^1\.\d+$/.test(version!)) return undefined;
  if (orchestrator === 'ecs' && platform !== 'aws') return undefined;
  return {
    name,
    platform: platform as BottlerocketPlatform,
    orchestrator: orchestrator as 'k8s' | 'ecs',
    ...(orchestrator === 'k8s' ? { kubernetesMinor: version! } : {}),
    flavors: flavors as BottlerocketVariant['flavors'],
  };
}

const COMMON_SECTIONS = [
  'aws',
  'boot',
  'bootstrap-commands',
  'bootstrap-containers',
  'container-registry',
  'container-runtime',
  'container-runtime-plugins',
  'dns',
  'host-containers',
  'image-verifier-plugins',
  'kernel',
  'metrics',
  'motd',
  'network',
  'ntp',
  'oci-defaults',
  'oci-hooks',
  'pki',
  'updates',
];

/**
 * The top-level settings sections a variant's settings model has: the shared sections, the
 * orchestrator's (`kubernetes` or `ecs`), AWS-only sections (`autoscaling`, `cloudformation`)
 * and the NVIDIA sections of `-nvidia` variants.
 */
export function variantSections(variant: BottlerocketVariant): string[] {
  const sections = [...COMMON_SECTIONS, variant.orchestrator === 'k8s' ? 'kubernetes' : 'ecs'];
  if (variant.platform === 'aws') sections.push('autoscaling', 'cloudformation');
  if (variant.flavors.includes('nvidia')) {
    sections.push('nvidia-container-runtime');
    if (variant.orchestrator === 'k8s') sections.push('kubelet-device-plugins');
  }
  return sections.sort();
}

/** The documentation tag naming the settings a variant family requires (`required-eks` ...). */
export function requiredTag(variant: BottlerocketVariant): string | undefined {
  if (variant.orchestrator !== 'k8s') return undefined;
  return variant.platform === 'aws' ? 'required-eks' : `required-${variant.platform}`;
}
