/** The aspects `compare` reports, in order: the comparison the node-OS choice is argued with. */
export const COMPARISON_ASPECTS = [
  'image-size',
  'security-model',
  'read-only-root',
  'ab-updates',
  'package-manager',
  'ssh-by-default',
  'init-system',
  'container-runtime',
  'release-cadence',
  'support-lifecycle',
  'maintainer',
] as const;

/** One of {@link COMPARISON_ASPECTS}. */
export type ComparisonAspect = (typeof COMPARISON_ASPECTS)[number];

/** Row labels of the aspects. */
export const COMPARISON_ASPECT_LABELS: Readonly<Record<ComparisonAspect, string>> = {
  'image-size': 'Image size',
  'security-model': 'Security model',
  'read-only-root': 'Read-only root',
  'ab-updates': 'A/B updates',
  'package-manager': 'Package manager',
  'ssh-by-default': 'SSH by default',
  'init-system': 'Init system',
  'container-runtime': 'Container runtime',
  'release-cadence': 'Release cadence',
  'support-lifecycle': 'Support lifecycle',
  maintainer: 'Maintainer',
};
