import type {
  AdmissionAttributes,
  AdmissionRequestDocument,
} from './validating-admission-policy-evaluator.js';

// Test support: Node update requests as a Kubernetes API server hands them to admission. A Node
// as `kubectl get node -o json` shows one on a kubeadm cluster (kubelet and controller-manager
// managed fields, a status the kubelet reports), a JSON merge patch applied to it the way the API
// server does before validating admission (RFC 7386, then the field manager's entry updated; the
// Node strategies keep the status of an update of the main resource and the spec of a status
// update as stored), and the users who send them.

/** Who sends a request: `request.userInfo`. */
export type AdmissionUser = AdmissionRequestDocument['userInfo'];

/** A Node of a kubeadm worker in pool `workers` (zone-a), as the API server stores it. */
export function kubeadmNode(name: string, index = 1): Record<string, unknown> {
  const time = '2026-01-05T09:12:44Z';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `7c1f0a52-3b9e-4d0f-9a51-0000000000${String(index).padStart(2, '0')}`,
      resourceVersion: String(48_213 + index),
      creationTimestamp: time,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubenode.dev/pool': 'workers',
        'topology.kubernetes.io/zone': 'zone-a',
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      managedFields: [
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time,
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': {
              'f:annotations': {
                '.': {},
                'f:volumes.kubernetes.io/controller-managed-attach-detach': {},
              },
              'f:labels': {
                '.': {},
                'f:beta.kubernetes.io/arch': {},
                'f:beta.kubernetes.io/os': {},
                'f:kubernetes.io/arch': {},
                'f:kubernetes.io/hostname': {},
                'f:kubernetes.io/os': {},
              },
            },
          },
        },
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time,
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:annotations': { 'f:node.alpha.kubernetes.io/ttl': {} } },
            'f:spec': { 'f:podCIDR': {}, 'f:podCIDRs': { '.': {}, 'v:"10.244.1.0/24"': {} } },
          },
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-01-05T10:02:13Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:nodeInfo': { 'f:bootID': {} } } },
          subresource: 'status',
        },
      ],
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: {
      addresses: [
        { type: 'InternalIP', address: `10.0.0.${10 + index}` },
        { type: 'Hostname', address: name },
      ],
      allocatable: { cpu: '4', 'ephemeral-storage': '37569620724', memory: '16283296Ki', pods: '110' },
      capacity: { cpu: '4', 'ephemeral-storage': '40764656Ki', memory: '16385696Ki', pods: '110' },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          lastHeartbeatTime: '2026-01-05T10:02:13Z',
          lastTransitionTime: time,
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
        },
        {
          type: 'Ready',
          status: 'True',
          lastHeartbeatTime: '2026-01-05T10:02:13Z',
          lastTransitionTime: '2026-01-05T09:13:05Z',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10_250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: `5b0e9f36-1c4e-4a8b-8f1e-00000000${String(index).padStart(4, '0')}`,
        containerRuntimeVersion: 'containerd://1.6.20',
        kernelVersion: '6.1.0-28-amd64',
        kubeProxyVersion: 'v1.32.4',
        kubeletVersion: 'v1.32.4',
        machineID: `0f3c6d8e2a7b4c1d9e5f00000000000${index}`,
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: `4c4c4544-0042-3510-8052-00000000000${index}`,
      },
    },
  };
}

/**
 * A pod-bound ServiceAccount token's user, as the API server's ServiceAccount authenticator
 * reports it: the pod claims always, the node claims (`authentication.kubernetes.io/node-name`,
 * `node-uid`) only when `nodeName` is given (Kubernetes 1.30+).
 */
export function serviceAccountUser(
  namespace: string,
  name: string,
  pod: { readonly podName: string; readonly nodeName?: string },
): AdmissionUser {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    uid: '3d8e7c2a-5f41-4b6e-9d2c-8a7b6c5d4e3f',
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
    extra: {
      'authentication.kubernetes.io/credential-id': ['JTI=8f6a1c0e-2b7d-4e9a-b3c5-1d2e3f4a5b6c'],
      ...(pod.nodeName !== undefined
        ? {
            'authentication.kubernetes.io/node-name': [pod.nodeName],
            'authentication.kubernetes.io/node-uid': ['7c1f0a52-3b9e-4d0f-9a51-000000000001'],
          }
        : {}),
      'authentication.kubernetes.io/pod-name': [pod.podName],
      'authentication.kubernetes.io/pod-uid': ['a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'],
    },
  };
}

/** The cluster administrator of a kubeadm cluster (client certificate: no `extra`). */
export const CLUSTER_ADMIN: AdmissionUser = {
  username: 'kubernetes-admin',
  groups: ['kubeadm:cluster-admins', 'system:authenticated'],
};

/** A kubelet (NodeRestriction's user). */
export function kubeletUser(nodeName: string): AdmissionUser {
  return { username: `system:node:${nodeName}`, groups: ['system:nodes', 'system:authenticated'] };
}

/** RFC 7386 JSON merge patch: objects merge, `null` removes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? structuredClone(target as Record<string, unknown>)
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** Options of {@link nodeUpdate}. */
export interface NodeUpdateOptions {
  /** Who sends it. */
  readonly user: AdmissionUser;
  /** The field manager (the client's user agent unless it names one). */
  readonly manager?: string;
  /** `status` for the status subresource. */
  readonly subResource?: 'status';
  readonly time?: string;
}

/**
 * What admission sees for a merge patch of a Node (a patch is an UPDATE): the patch applied to
 * the stored Node, the field manager's entry in `managedFields` updated, and, for the main
 * resource, the status kept as stored (for `nodes/status`, the spec).
 */
export function nodeUpdate(
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
  options: NodeUpdateOptions,
): AdmissionAttributes {
  const patched = applyMergePatch(stored, patch) as Record<string, unknown> & {
    metadata: Record<string, unknown> & { name: string; managedFields?: Record<string, unknown>[] };
  };
  if (options.subResource === 'status') patched.spec = structuredClone(stored.spec);
  else patched.status = structuredClone(stored.status);
  const manager = options.manager ?? 'kubenode/0.1.0';
  const entry = {
    manager,
    operation: 'Update',
    apiVersion: 'v1',
    time: options.time ?? '2026-01-05T10:04:00Z',
    fieldsType: 'FieldsV1',
    fieldsV1: managedFieldsOf(patch),
    ...(options.subResource ? { subresource: options.subResource } : {}),
  };
  const others = (patched.metadata.managedFields ?? []).filter(
    (field) => !(field.manager === manager && field.subresource === options.subResource),
  );
  patched.metadata.managedFields = [...others, entry];
  const gvk = { group: '', version: 'v1', kind: 'Node' };
  const gvr = { group: '', version: 'v1', resource: 'nodes' };
  return {
    request: {
      kind: gvk,
      resource: gvr,
      ...(options.subResource ? { subResource: options.subResource } : {}),
      requestKind: gvk,
      requestResource: gvr,
      ...(options.subResource ? { requestSubResource: options.subResource } : {}),
      name: patched.metadata.name,
      operation: 'UPDATE',
      userInfo: options.user,
      dryRun: false,
      options: { kind: 'PatchOptions', apiVersion: 'meta.k8s.io/v1' },
    },
    object: patched,
    oldObject: structuredClone(stored),
  };
}

/** The FieldsV1 set of the fields a patch sets (`f:<name>` per field, leaves `{}`). */
function managedFieldsOf(patch: unknown): Record<string, unknown> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch))
    if (value !== null) fields[`f:${key}`] = managedFieldsOf(value);
  return fields;
}
