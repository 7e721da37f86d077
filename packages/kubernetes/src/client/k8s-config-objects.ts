import type { K8sObjectMeta } from '@kubenode/rollout';

/** A core/v1 ConfigMap (the controller's status summary, the agents' trusted keys). */
export interface K8sConfigMap {
  readonly apiVersion: 'v1';
  readonly kind: 'ConfigMap';
  readonly metadata: K8sObjectMeta;
  readonly data?: Readonly<Record<string, string>>;
}

/** A core/v1 Secret (the controller's step-signing key). `data` values are base64. */
export interface K8sSecret {
  readonly apiVersion: 'v1';
  readonly kind: 'Secret';
  readonly metadata: K8sObjectMeta;
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly immutable?: boolean;
}
