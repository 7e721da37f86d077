import { SpecValidationError } from '@kubenode/core';
import {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AGENT_TRUST } from '../agent/agent-trust.js';
import { AGENT_ADMISSION_POLICY_NAME } from './agent-admission-policy.js';
import { manifestsToYaml, renderKubenodeManifests, type KubernetesManifest } from './render-manifests.js';

// The Kubernetes OpenAPI schemas as compiled by ajv, shipped by the npm package kubernetes-models
// 4.5.1 (Kubernetes 1.33: it has Lifecycle.stopSignal, new in 1.33, and nothing of 1.34): one
// validator per kind. Validation runs offline.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/DaemonSet': DaemonSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': ValidatingAdmissionPolicyBinding,
};

/** Validates one object against its kind's OpenAPI schema; returns the problems (none when valid). */
function schemaProblems(object: KubernetesManifest): string[] {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return [`no schema for ${object.apiVersion}/${object.kind}`];
  try {
    new Model(structuredClone(object) as never).validate();
    return [];
  } catch (error) {
    return [`${object.kind}/${object.metadata.name}: ${(error as Error).message}`];
  }
}

const find = (objects: KubernetesManifest[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found as KubernetesManifest & Record<string, unknown>;
};

describe('renderKubenodeManifests', () => {
  const variants = {
    defaults: {},
    everything: {
      image: 'registry.example/kubenode:1.2.3',
      imagePullPolicy: 'Always' as const,
      namespace: 'platform-updates',
      pool: 'workers',
      replicas: 3,
      poolSecret: 'workers-pool',
      metricsPort: 9400,
      podDeletion: true,
      eventsNamespace: 'kube-system',
      priorityClassName: 'system-node-critical',
    },
  };

  for (const [variant, options] of Object.entries(variants)) {
    it(`validates against the Kubernetes OpenAPI schemas (${variant})`, () => {
      const objects = renderKubenodeManifests(options);
      expect(objects).toHaveLength(19);
      expect(objects.map((o) => o.kind)).toEqual(
        expect.arrayContaining(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']),
      );
      expect(objects.flatMap(schemaProblems)).toEqual([]);
      // And so does what `kubenode manifests` prints, read back from YAML.
      const documents = parseAllDocuments(manifestsToYaml(objects)).map(
        (d) => d.toJS() as KubernetesManifest,
      );
      expect(documents).toEqual(objects);
      expect(documents.flatMap(schemaProblems)).toEqual([]);
    });
  }

  it('the validators reject what the API server would reject (the check can fail)', () => {
    const deployment = structuredClone(find(renderKubenodeManifests(), 'Deployment', 'kubenode-controller'));
    (deployment.spec as unknown as { replicas: unknown }).replicas = 'two';
    expect(schemaProblems(deployment).join()).toMatch(/replicas/);
    const daemonSet = structuredClone(find(renderKubenodeManifests(), 'DaemonSet', 'kubenode-agent'));
    delete (daemonSet.spec as unknown as { selector?: unknown }).selector;
    expect(schemaProblems(daemonSet).join()).toMatch(/selector/);
    const role = structuredClone(find(renderKubenodeManifests(), 'ClusterRole', 'kubenode-agent'));
    (role as unknown as { rules: unknown }).rules = [{ apiGroups: [''], resources: ['nodes'] }];
    expect(schemaProblems(role).join()).toMatch(/verbs/);
    const policy = structuredClone(
      find(renderKubenodeManifests(), 'ValidatingAdmissionPolicy', AGENT_ADMISSION_POLICY_NAME),
    );
    (policy.spec as { failurePolicy: string }).failurePolicy = 'Sometimes';
    expect(schemaProblems(policy).join()).toMatch(/failurePolicy/);
    const binding = structuredClone(
      find(renderKubenodeManifests(), 'ValidatingAdmissionPolicyBinding', AGENT_ADMISSION_POLICY_NAME),
    );
    (binding.spec as { validationActions: unknown }).validationActions = 'Deny';
    expect(schemaProblems(binding).join()).toMatch(/validationActions/);
  });

  it('prefers to place the controller off the nodes of the pool it updates', () => {
    const affinity = (objects: KubernetesManifest[]) =>
      (
        find(objects, 'Deployment', 'kubenode-controller').spec as {
          template: { spec: { affinity: object } };
        }
      ).template.spec.affinity as { nodeAffinity?: unknown; podAntiAffinity?: unknown };
    expect(affinity(renderKubenodeManifests({ pool: 'workers' })).nodeAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          preference: {
            matchExpressions: [{ key: 'kubenode.dev/pool', operator: 'NotIn', values: ['workers'] }],
          },
        },
      ],
    });
    // Without a pool the agents run on every Linux node: there is no node to prefer.
    expect(affinity(renderKubenodeManifests()).nodeAffinity).toBeUndefined();
    expect(affinity(renderKubenodeManifests()).podAntiAffinity).toBeDefined();
  });

  it('is deterministic, and names every object once', () => {
    const a = manifestsToYaml(renderKubenodeManifests({ pool: 'workers' }));
    expect(manifestsToYaml(renderKubenodeManifests({ pool: 'workers' }))).toBe(a);
    const keys = renderKubenodeManifests().map(
      (o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('grants the controller least privilege: no pod deletion unless asked, the signing key read by name', () => {
    const rules = (objects: KubernetesManifest[]) =>
      find(objects, 'ClusterRole', 'kubenode-controller').rules as unknown as {
        resources: string[];
        verbs: string[];
      }[];
    const pods = (objects: KubernetesManifest[]) => rules(objects).find((r) => r.resources.includes('pods'));
    expect(pods(renderKubenodeManifests())?.verbs).toEqual(['get', 'list', 'watch']);
    expect(pods(renderKubenodeManifests({ podDeletion: true }))?.verbs).toContain('delete');
    const everything = renderKubenodeManifests();
    for (const object of everything.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role'))
      for (const rule of object.rules as { resources: string[]; verbs: string[] }[]) {
        expect(rule.resources).not.toContain('*');
        expect(rule.verbs).not.toContain('*');
      }
    const role = find(everything, 'Role', 'kubenode-controller').rules as unknown as {
      resources: string[];
      resourceNames?: string[];
      verbs: string[];
    }[];
    const secretReads = role.filter((r) => r.resources.includes('secrets') && r.verbs.includes('get'));
    expect(secretReads).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: [AGENT_TRUST.secretName], verbs: ['get'] },
    ]);
    // The agent reads only the trusted-keys ConfigMap in its namespace.
    expect(find(everything, 'Role', 'kubenode-agent').rules).toEqual([
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: [AGENT_TRUST.configMapName],
        verbs: ['get'],
      },
    ]);
  });

  it("narrows the agent's node patch with a ValidatingAdmissionPolicy (default), left out when asked", () => {
    const objects = renderKubenodeManifests({ namespace: 'ops' });
    // RBAC: the agent patches nodes (its own, the policy says) and has neither nodes/status nor
    // update, create or delete.
    expect(find(objects, 'ClusterRole', 'kubenode-agent').rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch', 'patch'] },
    ]);
    const policy = find(objects, 'ValidatingAdmissionPolicy', AGENT_ADMISSION_POLICY_NAME);
    expect(policy.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'agent' });
    expect(policy.spec).toMatchObject({
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['UPDATE'],
            resources: ['nodes', 'nodes/status'],
          },
        ],
      },
      matchConditions: [
        {
          name: 'kubenode-agent',
          expression:
            "has(request.userInfo.username) && request.userInfo.username == 'system:serviceaccount:ops:kubenode-agent'",
        },
      ],
    });
    expect(find(objects, 'ValidatingAdmissionPolicyBinding', AGENT_ADMISSION_POLICY_NAME).spec).toEqual({
      policyName: AGENT_ADMISSION_POLICY_NAME,
      validationActions: ['Deny'],
    });
    const without = renderKubenodeManifests({ namespace: 'ops', agentAdmissionPolicy: false });
    expect(without).toHaveLength(17);
    expect(without).toEqual(objects.filter((o) => !o.kind.startsWith('ValidatingAdmissionPolicy')));
  });

  it('runs the controller non-root and read-only, the agent privileged with host PID on every pool node', () => {
    const objects = renderKubenodeManifests({ pool: 'workers', namespace: 'ops', metricsPort: 9400 });
    const controller = find(objects, 'Deployment', 'kubenode-controller') as unknown as {
      spec: { template: { spec: { securityContext: object; containers: Record<string, unknown>[] } } };
    };
    const pod = controller.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(pod.containers[0]).toMatchObject({
      args: expect.arrayContaining(['controller', '--metrics-address', '0.0.0.0:9400']),
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
    });
    const agent = find(objects, 'DaemonSet', 'kubenode-agent') as unknown as {
      metadata: { namespace: string };
      spec: { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } };
    };
    expect(agent.metadata.namespace).toBe('ops');
    expect(agent.spec.template.spec).toMatchObject({
      hostPID: true,
      nodeSelector: { 'kubernetes.io/os': 'linux', 'kubenode.dev/pool': 'workers' },
      tolerations: [{ operator: 'Exists' }],
    });
    expect(agent.spec.template.spec.containers[0]).toMatchObject({
      securityContext: { privileged: true },
      args: expect.arrayContaining(['--journal', '/var/lib/kubenode/agent/requests.json']),
      volumeMounts: [{ name: 'state', mountPath: '/var/lib/kubenode/agent' }],
    });
    // The journal outlives the pod and the node's reboots: on the host's disk.
    expect(agent.spec.template.spec.volumes).toEqual([
      { name: 'state', hostPath: { path: '/var/lib/kubenode/agent', type: 'DirectoryOrCreate' } },
    ]);
    expect(find(objects, 'Namespace', 'ops').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
    });
  });

  it('rejects bad options naming the field', () => {
    expect(() => renderKubenodeManifests({ namespace: 'Not_A_Label' })).toThrow(SpecValidationError);
    try {
      renderKubenodeManifests({ replicas: 0, image: 'has space' });
      expect.unreachable();
    } catch (error) {
      expect(SpecValidationError.isInstance(error)).toBe(true);
      const paths = (error as SpecValidationError).issues.map((issue) => issue.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['replicas', 'image']));
    }
    // @ts-expect-error an unknown option
    expect(() => renderKubenodeManifests({ replica: 2 })).toThrow(/replica/);
  });
});
