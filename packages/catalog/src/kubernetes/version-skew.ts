import { minorDistance, shiftMinor } from './kubernetes-minor.js';

/** Where the skew rule comes from. */
export const VERSION_SKEW_POLICY_URL = 'https://kubernetes.io/releases/version-skew-policy/';

/**
 * How many minors a kubelet may lag kube-apiserver: three for kubelets from 1.25 on, two before
 * (Kubernetes version skew policy).
 */
export function maxKubeletLag(kubeletMinor: string): number {
  return minorDistance('1.25', kubeletMinor) >= 0 ? 3 : 2;
}

/**
 * The control-plane (kube-apiserver) minors a kubelet of this minor may join: the same minor up
 * to three newer (two for kubelets before 1.25). Reproduces Bottlerocket's "compatible with
 * Kubernetes …" statements.
 */
export function kubeletSupportedControlPlanes(kubeletMinor: string): string[] {
  const lag = maxKubeletLag(kubeletMinor);
  return Array.from({ length: lag + 1 }, (_, index) => shiftMinor(kubeletMinor, index));
}

/** The result of {@link checkKubeletSkew}. */
export interface KubeletSkewCheck {
  readonly ok: boolean;
  /** Why, in one line. */
  readonly reason: string;
}

/** Checks a kubelet minor against a kube-apiserver minor under the version skew policy. */
export function checkKubeletSkew(kubeletMinor: string, apiServerMinor: string): KubeletSkewCheck {
  const distance = minorDistance(kubeletMinor, apiServerMinor);
  if (Number.isNaN(distance))
    return {
      ok: false,
      reason: `kubelet ${kubeletMinor} and kube-apiserver ${apiServerMinor} have different major versions`,
    };
  if (distance < 0)
    return {
      ok: false,
      reason: `kubelet ${kubeletMinor} is newer than kube-apiserver ${apiServerMinor}; the kubelet must not be newer`,
    };
  const lag = maxKubeletLag(kubeletMinor);
  if (distance > lag)
    return {
      ok: false,
      reason: `kubelet ${kubeletMinor} is ${distance} minors older than kube-apiserver ${apiServerMinor}; at most ${lag} are allowed`,
    };
  return {
    ok: true,
    reason: `kubelet ${kubeletMinor} may join kube-apiserver ${apiServerMinor} (${distance} of at most ${lag} minors older)`,
  };
}
