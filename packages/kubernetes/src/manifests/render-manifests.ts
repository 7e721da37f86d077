import { SpecValidationError, toSpecIssues, toYaml } from '@kubenode/core';
import { POOL_LABEL } from '@kubenode/rollout';
import { AGENT_TRUST } from '../agent/agent-trust.js';
import { renderAgentAdmissionPolicy } from './agent-admission-policy.js';
import { manifestOptionsSchema, type ManifestOptions } from './manifest-options.js';

/** The agent's state on the host (its request journal), mounted at the same path. */
const AGENT_STATE_DIR = '/var/lib/kubenode/agent';

/** A Kubernetes object as plain JSON. */
export type KubernetesManifest = Record<string, unknown> & {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
};

const PART_OF = 'kubenode';

/**
 * The objects that run kubenode in a cluster, least privilege first:
 *
 * - Namespace (Pod Security `privileged`: the agent needs it) with two ServiceAccounts;
 * - the controller: ClusterRole (nodes get/list/watch/patch, pods get/list/watch and
 *   `pods/eviction` create, PodDisruptionBudgets get/list/watch; pod delete only with
 *   `podDeletion`), a Role in its namespace (its Lease, status ConfigMap, the step-signing key
 *   Secret — read by name only — and Events), a Role for node Events in `eventsNamespace`; a
 *   Deployment of `replicas` non-root, read-only replicas (one leads), a metrics Service and a
 *   PodDisruptionBudget so draining a node never takes every replica;
 * - the agent: ClusterRole (nodes get/list/watch/patch: it watches its own Node and answers in
 *   its annotations), a Role reading only the trusted-keys ConfigMap; a privileged `hostPID`
 *   DaemonSet tolerating every taint (it must run on cordoned nodes);
 * - unless `agentAdmissionPolicy` is false, a ValidatingAdmissionPolicy and its binding that
 *   narrow the agent's `patch` (RBAC cannot) to its own annotations on its own Node
 *   ({@link renderAgentAdmissionPolicy}; Kubernetes 1.30+).
 *
 * Deterministic: same options, same objects in the same order.
 *
 * @throws {SpecValidationError} when an option is invalid.
 */
export function renderKubenodeManifests(input: ManifestOptions = {}): KubernetesManifest[] {
  const parsed = manifestOptionsSchema.safeParse(input);
  if (!parsed.success)
    throw new SpecValidationError({
      issues: toSpecIssues(parsed.error, { schema: manifestOptionsSchema }),
      source: 'manifest options',
    });
  const o = parsed.data;
  const ns = o.namespace;
  const labels = (component: string) => ({
    'app.kubernetes.io/name': `kubenode-${component}`,
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/component': component,
  });
  const controllerLabels = labels('controller');
  const agentLabels = labels('agent');
  const selector = (l: Record<string, string>) => ({
    'app.kubernetes.io/name': l['app.kubernetes.io/name'] as string,
  });
  const env = [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
  ];

  const objects: KubernetesManifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          'app.kubernetes.io/part-of': PART_OF,
          // The agent DaemonSet is privileged with hostPID.
          'pod-security.kubernetes.io/enforce': 'privileged',
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'kubenode-controller', namespace: ns, labels: controllerLabels },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'kubenode-agent', namespace: ns, labels: agentLabels },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kubenode-controller', labels: controllerLabels },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch', 'patch'] },
        {
          apiGroups: [''],
          resources: ['pods'],
          verbs: o.podDeletion ? ['get', 'list', 'watch', 'delete'] : ['get', 'list', 'watch'],
        },
        { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
        { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    clusterRoleBinding('kubenode-controller', ns, controllerLabels),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'kubenode-controller', namespace: ns, labels: controllerLabels },
      rules: [
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['get', 'list', 'watch', 'create', 'update'],
        },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'update'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: [AGENT_TRUST.secretName], verbs: ['get'] },
        // Creating the signing key on first start (create cannot be limited to a name).
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    },
    roleBinding('kubenode-controller', ns, ns, controllerLabels),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: {
        name: 'kubenode-controller-node-events',
        namespace: o.eventsNamespace,
        labels: controllerLabels,
      },
      rules: [{ apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] }],
    },
    {
      ...roleBinding('kubenode-controller', o.eventsNamespace, ns, controllerLabels),
      metadata: {
        name: 'kubenode-controller-node-events',
        namespace: o.eventsNamespace,
        labels: controllerLabels,
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'kubenode-controller-node-events',
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kubenode-agent', labels: agentLabels },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch', 'patch'] }],
    },
    clusterRoleBinding('kubenode-agent', ns, agentLabels),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'kubenode-agent', namespace: ns, labels: agentLabels },
      rules: [
        {
          apiGroups: [''],
          resources: ['configmaps'],
          resourceNames: [AGENT_TRUST.configMapName],
          verbs: ['get'],
        },
      ],
    },
    roleBinding('kubenode-agent', ns, ns, agentLabels),
    ...(o.agentAdmissionPolicy
      ? renderAgentAdmissionPolicy({ namespace: ns, serviceAccount: 'kubenode-agent', labels: agentLabels })
      : []),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'kubenode-controller', namespace: ns, labels: controllerLabels },
      spec: {
        replicas: o.replicas,
        selector: { matchLabels: selector(controllerLabels) },
        template: {
          metadata: { labels: controllerLabels },
          spec: {
            serviceAccountName: 'kubenode-controller',
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65_532,
              runAsGroup: 65_532,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            affinity: {
              // Away from the pool it updates, where it can: its replicas are then not drained
              // by their own rollout, and do not share a node with a privileged agent (which sees
              // every pod on its host, the controller's credentials included).
              ...(o.pool
                ? {
                    nodeAffinity: {
                      preferredDuringSchedulingIgnoredDuringExecution: [
                        {
                          weight: 100,
                          preference: {
                            matchExpressions: [{ key: POOL_LABEL, operator: 'NotIn', values: [o.pool] }],
                          },
                        },
                      ],
                    },
                  }
                : {}),
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      labelSelector: { matchLabels: selector(controllerLabels) },
                      topologyKey: 'kubernetes.io/hostname',
                    },
                  },
                ],
              },
            },
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name: 'controller',
                image: o.image,
                imagePullPolicy: o.imagePullPolicy,
                args: [
                  'controller',
                  '/etc/kubenode/pool.yaml',
                  '--policy',
                  '/etc/kubenode/policy.yaml',
                  '--namespace',
                  '$(POD_NAMESPACE)',
                  '--identity',
                  '$(POD_NAME)',
                  '--metrics-address',
                  `0.0.0.0:${o.metricsPort}`,
                ],
                env,
                ports: [{ name: 'metrics', containerPort: o.metricsPort, protocol: 'TCP' }],
                readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' }, periodSeconds: 10 },
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 'metrics' },
                  periodSeconds: 20,
                  failureThreshold: 3,
                },
                resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'pool', mountPath: '/etc/kubenode', readOnly: true }],
              },
            ],
            volumes: [{ name: 'pool', secret: { secretName: o.poolSecret, defaultMode: 0o440 } }],
          },
        },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'kubenode-controller', namespace: ns, labels: controllerLabels },
      spec: { maxUnavailable: 1, selector: { matchLabels: selector(controllerLabels) } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubenode-controller-metrics', namespace: ns, labels: controllerLabels },
      spec: {
        selector: selector(controllerLabels),
        ports: [{ name: 'metrics', port: o.metricsPort, targetPort: 'metrics', protocol: 'TCP' }],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kubenode-agent', namespace: ns, labels: agentLabels },
      spec: {
        selector: { matchLabels: selector(agentLabels) },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
        template: {
          metadata: { labels: agentLabels },
          spec: {
            serviceAccountName: 'kubenode-agent',
            // nsenter into the host's PID 1 namespaces: the host's own tools run the steps.
            hostPID: true,
            nodeSelector: { 'kubernetes.io/os': 'linux', ...(o.pool ? { [POOL_LABEL]: o.pool } : {}) },
            // It must keep running on cordoned, tainted and NotReady nodes.
            tolerations: [{ operator: 'Exists' }],
            ...(o.priorityClassName ? { priorityClassName: o.priorityClassName } : {}),
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name: 'agent',
                image: o.image,
                imagePullPolicy: o.imagePullPolicy,
                args: [
                  'agent',
                  '--node',
                  '$(NODE_NAME)',
                  '--namespace',
                  '$(POD_NAMESPACE)',
                  '--journal',
                  `${AGENT_STATE_DIR}/requests.json`,
                ],
                env: [
                  { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                ],
                resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
                securityContext: { privileged: true },
                volumeMounts: [{ name: 'state', mountPath: AGENT_STATE_DIR }],
              },
            ],
            // The requests it accepted, on the host's disk: none runs twice across restarts and reboots.
            volumes: [{ name: 'state', hostPath: { path: AGENT_STATE_DIR, type: 'DirectoryOrCreate' } }],
          },
        },
      },
    },
  ];
  return objects;
}

function clusterRoleBinding(
  name: string,
  namespace: string,
  labels: Record<string, string>,
): KubernetesManifest {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  };
}

function roleBinding(
  name: string,
  namespace: string,
  serviceAccountNamespace: string,
  labels: Record<string, string>,
): KubernetesManifest {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: serviceAccountNamespace }],
  };
}

/** The manifests as one multi-document YAML stream (what `kubenode manifests` prints). */
export function manifestsToYaml(manifests: readonly KubernetesManifest[]): string {
  return manifests.map((manifest) => `---\n${toYaml(manifest)}`).join('');
}
