import type { KubernetesCycle } from '../assemble/catalog-data.js';
import type { Catalog } from '../catalog/catalog.js';
import type { LifecycleAssessment } from '../lifecycle/assess-lifecycle.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import { compareVersions } from '../util/compare-versions.js';
import { kubernetesMinor } from './kubernetes-minor.js';

/** An image line tied to Kubernetes, with its lifecycle. */
export interface KubernetesImageLine {
  readonly stream: CatalogStream;
  readonly lifecycle: LifecycleAssessment;
}

/** Which images can run nodes of one Kubernetes minor. */
export interface KubernetesCompatibility {
  readonly minor: string;
  /** Upstream lifecycle of the minor. */
  readonly kubernetes: KubernetesCycle | undefined;
  /** Amazon EKS lifecycle of the minor. */
  readonly eks: KubernetesCycle | undefined;
  /** Bottlerocket variants whose kubelet is this minor. */
  readonly bottlerocketVariants: readonly KubernetesImageLine[];
  /** Bottlerocket variants with an older kubelet that still supports this control-plane minor. */
  readonly bottlerocketCompatibleVariants: readonly KubernetesImageLine[];
  /** Talos minors whose support matrix lists this minor. */
  readonly talos: readonly KubernetesImageLine[];
  /** k3OS lines bundling this minor. */
  readonly k3os: readonly KubernetesImageLine[];
  /** Distros whose images do not tie the kubelet to the OS version. */
  readonly osIndependent: readonly string[];
}

const supports = (stream: CatalogStream, minor: string) =>
  stream.kubernetes?.supportedMinors?.value.includes(minor) ?? false;

/**
 * For a Kubernetes version, the image lines that can run its nodes: Bottlerocket variants (per
 * kubelet minor, and older variants within the skew policy), Talos minors (support matrix),
 * k3OS lines; Flatcar, Garden Linux, Debian and Ubuntu images are independent of Kubernetes (the
 * kubelet comes from kubeadm packages, a sysext or Gardener).
 *
 * @throws {RangeError} when `version` is not a Kubernetes version.
 */
export function kubernetesCompatibility(
  catalog: Catalog,
  version: string,
  options: { now?: Date } = {},
): KubernetesCompatibility {
  const minor = kubernetesMinor(version);
  if (minor === undefined)
    throw new RangeError(`'${version}' is not a Kubernetes version such as 1.32 or 1.32.4`);
  const line = (stream: CatalogStream): KubernetesImageLine => ({
    stream,
    lifecycle: catalog.lifecycle(stream, options.now ? { now: options.now } : {}),
  });
  const byName = (a: CatalogStream, b: CatalogStream) =>
    compareVersions(b.kubernetes?.kubeletMinor?.value ?? '0', a.kubernetes?.kubeletMinor?.value ?? '0') ||
    a.id.localeCompare(b.id);
  const bottlerocket = catalog.streams('bottlerocket');
  return {
    minor,
    kubernetes: catalog.kubernetesCycle(minor),
    eks: catalog.eksCycle(minor),
    bottlerocketVariants: bottlerocket
      .filter((stream) => stream.kubernetes?.kubeletMinor?.value === minor)
      .sort(byName)
      .map(line),
    bottlerocketCompatibleVariants: bottlerocket
      .filter((stream) => stream.kubernetes?.kubeletMinor?.value !== minor && supports(stream, minor))
      .sort(byName)
      .map(line),
    talos: catalog
      .streams('talos')
      .filter((stream) => supports(stream, minor))
      .map(line),
    k3os: catalog
      .streams('k3os')
      .filter((stream) => stream.kubernetes?.kubeletMinor?.value === minor)
      .map(line),
    osIndependent: ['flatcar', 'gardenlinux', 'debian', 'ubuntu'],
  };
}
