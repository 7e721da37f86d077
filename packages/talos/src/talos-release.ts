import { SpecValidationError, UnsupportedFeatureError, type NodePool } from '@kubenode/core';
import { TALOS_KUBERNETES_VERSIONS, TALOS_MINOR, TALOS_VERSION_PATTERN } from './talos-version.js';

function minor(version: string): [number, number] {
  const [major = 0, minorPart = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return [major, minorPart];
}

/**
 * The Talos release a pool runs: `spec.image.version` (a 1.13 patch) or the default, on the
 * `stable` channel.
 *
 * @throws {SpecValidationError} for another Talos minor or another channel.
 */
export function talosReleaseOf(pool: NodePool, defaultVersion: string): string {
  const { image } = pool.spec;
  const issues = [];
  if (image.channel !== undefined && image.channel !== 'stable') {
    issues.push({
      path: ['spec', 'image', 'channel'],
      code: 'invalid_value',
      message: "expected 'stable': Talos publishes releases on one channel",
    });
  }
  if (image.version !== undefined && !TALOS_VERSION_PATTERN.test(image.version)) {
    issues.push({
      path: ['spec', 'image', 'version'],
      code: 'invalid_value',
      message: `expected a Talos ${TALOS_MINOR} release such as ${TALOS_MINOR}.9: this adapter renders Talos ${TALOS_MINOR} machine configuration (1.14 moved settings into separate documents)`,
    });
  }
  if (issues.length > 0) throw new SpecValidationError({ issues, source: pool.metadata.name });
  return (image.version ?? defaultVersion).replace(/^v/, '');
}

/**
 * @throws {UnsupportedFeatureError} naming `spec.kubernetes.version` when Talos 1.13 does not
 * support the pool's Kubernetes minor.
 */
export function assertTalosKubernetesVersion(pool: NodePool, adapterId: string): void {
  const version = pool.spec.kubernetes.version;
  const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
  const value = minor(version);
  const { min, max } = TALOS_KUBERNETES_VERSIONS;
  if (compare(value, minor(min)) < 0 || compare(value, minor(max)) > 0) {
    throw new UnsupportedFeatureError({
      field: 'spec.kubernetes.version',
      distro: adapterId,
      reason: `Talos ${TALOS_MINOR} runs Kubernetes ${min} to ${max}, not ${version}`,
      alternative: `use Kubernetes ${min} to ${max} with Talos ${TALOS_MINOR}, or a Talos release that supports ${value.join('.')}`,
    });
  }
}
