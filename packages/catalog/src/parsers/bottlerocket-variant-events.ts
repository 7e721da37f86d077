/** A variant added or retired, as a CHANGELOG bullet states it. */
export interface BottlerocketVariantEvent {
  readonly action: 'add' | 'remove';
  /** Explicit variant names (`aws-k8s-1.23`, `aws-ecs-2`); matched by prefix, so `-nvidia` twins are included. */
  readonly variants: readonly string[];
  /** A Kubernetes minor named as "Kubernetes 1.31 variants"; all variants of that minor. */
  readonly kubernetesMinor: string | undefined;
  /** Platforms the bullet limits the event to (`aws`, `metal`, `vmware`); empty = all. */
  readonly platforms: readonly string[];
  /** The bullet text. */
  readonly text: string;
}

const VARIANT_NAME = /`?\b((?:aws|vmware|metal)-(?:k8s-\d+\.\d+|ecs-\d+|dev)(?:-nvidia)?)\b`?/;
// "Add Kubernetes 1.31 variants", "Drop k8s 1.27 metal and VMware variants",
// "Remove Kubernetes aws-k8s-1.19 variants", "Add support for Kubernetes 1.25 variants", "Add a new Kubernetes 1.16 variant"
const BY_MINOR =
  /^(Add|Remove|Drop)\s+(?:support for\s+)?(?:a new\s+)?(?:Kubernetes|k8s)\s+(?:aws-k8s-)?(\d+\.\d+)\s+((?:(?:AWS|metal|Metal|VMware)\s+(?:and\s+)?)*)variants?\b/;
// "Add aws-k8s-1.21 variant with ...", "Remove aws-k8s-1.23 variants", "Add `aws-ecs-2` variants", "Add a new `aws-k8s-1.17` variant", "Add a vmware-dev variant"
const BY_NAME = /^(Add|Remove|Drop)\s+(?:a new\s+|a\s+)?`?((?:aws|vmware|metal)-[a-z0-9.-]+)`?\s+variants?\b/;

const ACTIONS = { Add: 'add', Remove: 'remove', Drop: 'remove' } as const;

/**
 * Reads a variant addition or retirement from one CHANGELOG bullet, or returns undefined. Only
 * bullets whose verb directly governs a variant ("Add Kubernetes 1.31 variants", "Remove
 * aws-k8s-1.23 variants", "Drop k8s 1.27 metal and VMware variants") count; bullets that merely
 * mention variants ("Add documentation for the aws-ecs-1 variant", "Add container-runtime settings
 * to `aws-k8s-*-nvidia` variants") do not.
 */
export function bottlerocketVariantEvent(bullet: string): BottlerocketVariantEvent | undefined {
  const text = bullet.trim();
  const byMinor = BY_MINOR.exec(text);
  if (byMinor) {
    const platforms = [...(byMinor[3] ?? '').matchAll(/AWS|metal|Metal|VMware/g)].map((match) =>
      match[0].toLowerCase(),
    );
    return {
      action: ACTIONS[byMinor[1] as keyof typeof ACTIONS],
      variants: [],
      kubernetesMinor: byMinor[2],
      platforms: [...new Set(platforms)].sort(),
      text,
    };
  }
  const byName = BY_NAME.exec(text);
  if (byName && VARIANT_NAME.test(byName[2]!)) {
    return {
      action: ACTIONS[byName[1] as keyof typeof ACTIONS],
      variants: [VARIANT_NAME.exec(byName[2]!)![1]!],
      kubernetesMinor: undefined,
      platforms: [],
      text,
    };
  }
  return undefined;
}

/** Whether an event applies to a variant. */
export function variantEventApplies(event: BottlerocketVariantEvent, variant: string): boolean {
  if (event.variants.length > 0)
    return event.variants.some((name) => variant === name || variant === `${name}-nvidia`);
  if (event.kubernetesMinor === undefined) return false;
  const match = /^(aws|vmware|metal)-k8s-(\d+\.\d+)(?:-nvidia)?$/.exec(variant);
  if (!match || match[2] !== event.kubernetesMinor) return false;
  return event.platforms.length === 0 || event.platforms.includes(match[1]!);
}
