import { APT_NODE_ANNOTATIONS } from '@kubenode/core';
import { AGENT_ANNOTATIONS } from '../agent/agent-annotations.js';
import type { KubernetesManifest } from './render-manifests.js';

/**
 * The Node annotations the node agent writes, and so the only ones the agent admission policy
 * lets it change: its answer (`kubenode.dev/agent-response`), its announcement
 * (`kubenode.dev/agent`) and the step report annotations the update steps print
 * (`APT_NODE_ANNOTATIONS`, read by `stepReportAnnotations`). Not the step request, which only
 * the rollout executor writes, nor the executor's own state annotations. Sorted.
 */
export const AGENT_OWNED_ANNOTATIONS: readonly string[] = [
  AGENT_ANNOTATIONS.response,
  AGENT_ANNOTATIONS.agent,
  ...Object.values(APT_NODE_ANNOTATIONS),
].sort();

/** The name of the ValidatingAdmissionPolicy and of its binding. */
export const AGENT_ADMISSION_POLICY_NAME = 'kubenode-agent-node-restriction';

/**
 * The `userInfo.extra` key of the bound ServiceAccount token's node claim: the name of the node
 * the token's pod was scheduled to (Kubernetes `ServiceAccountTokenPodNodeInfo`: alpha in 1.29,
 * beta and on by default in 1.30, GA in 1.32).
 */
export const NODE_NAME_CLAIM = 'authentication.kubernetes.io/node-name';

/** A CEL string literal: single-quoted (readable in YAML), double-quoted with JSON's escapes (CEL's too) if need be. */
const celString = (value: string): string =>
  /^[^'\\\n\r]*$/.test(value) ? `'${value}'` : JSON.stringify(value);

/** `has(<root>.<path>) ? <root>.<path> : <empty>`: a map or list field, empty when absent. */
const orEmpty = (root: string, path: string, empty: '{}' | '[]'): string =>
  `has(${root}.${path}) ? ${root}.${path} : ${empty}`;

/** A map or list field of the Node that did not change (absent and empty are the same). */
const unchangedCollection = (path: string, empty: '{}' | '[]'): string =>
  `(${orEmpty('object', path, empty)}) == (${orEmpty('oldObject', path, empty)})`;

/** An object field of the Node that did not change (present on both sides and equal, or absent on both). */
const unchangedObject = (field: string): string =>
  `has(object.${field}) == has(oldObject.${field}) && (!has(object.${field}) || object.${field} == oldObject.${field})`;

/** Options of {@link renderAgentAdmissionPolicy}. */
export interface AgentAdmissionPolicyOptions {
  /** Namespace of the agent's ServiceAccount. */
  readonly namespace: string;
  /** Name of the agent's ServiceAccount. */
  readonly serviceAccount: string;
  /** Labels of both objects. */
  readonly labels: Record<string, string>;
}

/**
 * What RBAC cannot say: the node agent may patch only its own Node, and only its own annotations
 * on it. RBAC grants the agent `patch` on every Node, so without this a compromised node's agent
 * could answer another node's step requests (e.g. report a `verify` step that never ran), or
 * relabel, taint or uncordon other nodes. Like the kubelet's NodeRestriction, but for the agent,
 * as a `ValidatingAdmissionPolicy` (admissionregistration.k8s.io/v1, Kubernetes 1.30+) and its
 * binding (`validationActions: [Deny]`, `failurePolicy: Fail`).
 *
 * It applies only to Node updates (`nodes` and `nodes/status`; a patch is an update) by the
 * agent's ServiceAccount, and allows one only when
 *
 * 1. the request's ServiceAccount token carries the bound-token node claim
 *    (`userInfo.extra["authentication.kubernetes.io/node-name"]`, Kubernetes 1.30+); a request
 *    without it is refused, saying why, so a cluster that does not issue the claim fails closed;
 * 2. that claim names the Node being changed;
 * 3. no annotation changes but {@link AGENT_OWNED_ANNOTATIONS} (added, changed or removed);
 * 4. the labels, finalizers, owner references, spec (taints, `unschedulable`, ...) and status
 *    stay as they were. Not compared: `metadata.managedFields` (the API server rewrites it on
 *    every write), `resourceVersion` (a precondition of the write), the fields an update cannot
 *    change (name, uid, creation and deletion times, generation) and `generateName`, which means
 *    nothing once the Node exists.
 */
export function renderAgentAdmissionPolicy(options: AgentAdmissionPolicyOptions): KubernetesManifest[] {
  const username = `system:serviceaccount:${options.namespace}:${options.serviceAccount}`;
  const refused = 'the kubenode agent may change only the Node it runs on, and only its own annotations:';
  const policy: KubernetesManifest = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: AGENT_ADMISSION_POLICY_NAME, labels: options.labels },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['UPDATE'],
            // The agent is granted neither nodes/status nor update; covered all the same, should
            // anyone grant them.
            resources: ['nodes', 'nodes/status'],
          },
        ],
      },
      matchConditions: [
        {
          name: 'kubenode-agent',
          expression: `has(request.userInfo.username) && request.userInfo.username == ${celString(username)}`,
        },
      ],
      variables: [
        {
          name: 'nodeNameClaim',
          expression: `has(request.userInfo.extra) && ${celString(NODE_NAME_CLAIM)} in request.userInfo.extra ? request.userInfo.extra[${celString(NODE_NAME_CLAIM)}] : []`,
        },
        { name: 'ownedAnnotations', expression: `[${AGENT_OWNED_ANNOTATIONS.map(celString).join(', ')}]` },
        { name: 'oldAnnotations', expression: orEmpty('oldObject', 'metadata.annotations', '{}') },
        { name: 'newAnnotations', expression: orEmpty('object', 'metadata.annotations', '{}') },
        {
          // Added or changed, then removed.
          name: 'changedAnnotations',
          expression:
            'variables.newAnnotations.filter(key, !(key in variables.oldAnnotations) || variables.newAnnotations[key] != variables.oldAnnotations[key])' +
            ' + variables.oldAnnotations.filter(key, !(key in variables.newAnnotations))',
        },
        {
          name: 'foreignAnnotationChanges',
          expression: 'variables.changedAnnotations.filter(key, !(key in variables.ownedAnnotations))',
        },
      ],
      validations: [
        {
          expression: 'size(variables.nodeNameClaim) > 0',
          reason: 'Forbidden',
          message:
            `${refused} this request's ServiceAccount token carries no node claim ` +
            `(userInfo.extra ${NODE_NAME_CLAIM}), so the Node it runs on is unknown and it may change none. ` +
            'Kubernetes issues the claim to pod-bound tokens from 1.30 on (ServiceAccountTokenPodNodeInfo); ' +
            'on a cluster without it, install kubenode with `kubenode manifests --no-agent-admission-policy`.',
        },
        {
          expression: 'variables.nodeNameClaim.all(nodeName, nodeName == object.metadata.name)',
          reason: 'Forbidden',
          messageExpression: `${celString(`${refused} the agent of node `)} + variables.nodeNameClaim.join(', ') + ' may not change Node ' + object.metadata.name`,
          message: `${refused} this request is for another Node.`,
        },
        {
          expression: 'size(variables.foreignAnnotationChanges) == 0',
          reason: 'Forbidden',
          messageExpression: `${celString(`${refused} it may not change the annotations `)} + variables.foreignAnnotationChanges.join(', ') + ' (its own: ' + variables.ownedAnnotations.join(', ') + ')'`,
          message: `${refused} it may not change other annotations (its own: ${AGENT_OWNED_ANNOTATIONS.join(', ')}).`,
        },
        {
          expression: unchangedCollection('metadata.labels', '{}'),
          reason: 'Forbidden',
          message: `${refused} it may not change the Node's labels.`,
        },
        {
          expression: `${unchangedCollection('metadata.finalizers', '[]')} && ${unchangedCollection('metadata.ownerReferences', '[]')}`,
          reason: 'Forbidden',
          message: `${refused} it may not change the Node's finalizers or owner references.`,
        },
        {
          expression: unchangedObject('spec'),
          reason: 'Forbidden',
          message: `${refused} it may not change the Node's spec (taints, unschedulable, ...).`,
        },
        {
          expression: unchangedObject('status'),
          reason: 'Forbidden',
          message: `${refused} it may not change the Node's status.`,
        },
      ],
    },
  };
  const binding: KubernetesManifest = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: AGENT_ADMISSION_POLICY_NAME, labels: options.labels },
    spec: { policyName: AGENT_ADMISSION_POLICY_NAME, validationActions: ['Deny'] },
  };
  return [policy, binding];
}
