import type { UpdateStepV1 } from '@kubenode/core';
import * as core from '@kubenode/core';
import * as rollout from '@kubenode/rollout';
import { ANNOTATIONS, PENDING_TAINT, type NodeMergePatchV1 } from '@kubenode/rollout';
import { describe, expect, it } from 'vitest';
import * as kubernetes from '../index.js';
import { agentTestCluster, recordingClient } from '../agent/__fixtures__/agent-test-cluster.js';
import { AGENT_ANNOTATIONS } from '../agent/agent-annotations.js';
import { runNodeAgent } from '../agent/run-node-agent.js';
import type { StepRunner, StepRunResult } from '../agent/step-runner.js';
import { generateStepSigningKey, StepSigner, StepVerifier } from '../agent/step-signing.js';
import {
  CLUSTER_ADMIN,
  kubeadmNode,
  kubeletUser,
  nodeUpdate,
  serviceAccountUser,
  type AdmissionUser,
} from './__fixtures__/node-update-admission.js';
import {
  ValidatingAdmissionPolicyEvaluator,
  type AdmissionDecision,
} from './__fixtures__/validating-admission-policy-evaluator.js';
import { AGENT_ADMISSION_POLICY_NAME, AGENT_OWNED_ANNOTATIONS } from './agent-admission-policy.js';
import { renderKubenodeManifests, type KubernetesManifest } from './render-manifests.js';

const find = (objects: KubernetesManifest[], kind: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === AGENT_ADMISSION_POLICY_NAME);
  if (!found) throw new Error(`no ${kind}/${AGENT_ADMISSION_POLICY_NAME}`);
  return found;
};

/** The rendered policy and binding (`kubenode manifests` with these options), compiled. */
function evaluatorFor(options: Parameters<typeof renderKubenodeManifests>[0] = {}) {
  const objects = renderKubenodeManifests(options);
  return new ValidatingAdmissionPolicyEvaluator(
    find(objects, 'ValidatingAdmissionPolicy'),
    find(objects, 'ValidatingAdmissionPolicyBinding'),
  );
}

const policy = evaluatorFor();
const agentOf = (nodeName: string): AdmissionUser =>
  serviceAccountUser('kubenode-system', 'kubenode-agent', { podName: 'kubenode-agent-x7k2p', nodeName });
const agentWithoutNodeClaim = serviceAccountUser('kubenode-system', 'kubenode-agent', {
  podName: 'kubenode-agent-x7k2p',
});
const annotations = (values: Record<string, string | null>) => ({ metadata: { annotations: values } });
const answer = JSON.stringify({
  v: 1,
  id: 'request-0001',
  state: 'exited',
  exitCode: 0,
  stdout: 'KUBENODE-OS-VERSION: 12.8\n',
  stderr: '',
  bootID: '5b0e9f36-1c4e-4a8b-8f1e-000000000001',
  at: '2026-01-05T10:04:00.000Z',
});
const REFUSED = 'the kubenode agent may change only the Node it runs on, and only its own annotations:';

/** The one message the API server would answer with (the first failed validation's). */
const refusal = (decision: AdmissionDecision) => decision.denials[0]?.message;

describe('the agent admission policy: what the agent may do', () => {
  it("admits the agent's own merge patch of its response annotation on its own Node", () => {
    const decision = policy.admit(
      nodeUpdate(kubeadmNode('node-1'), annotations({ [AGENT_ANNOTATIONS.response]: answer }), {
        user: agentOf('node-1'),
      }),
    );
    expect(decision).toMatchObject({ matched: true, allowed: true, denials: [] });
    expect(decision.variables).toMatchObject({
      nodeNameClaim: ['node-1'],
      changedAnnotations: [AGENT_ANNOTATIONS.response],
      foreignAnnotationChanges: [],
    });
  });

  it('admits adding, changing and removing owned annotations, with the report annotations', () => {
    const report = Object.fromEntries(Object.values(core.APT_NODE_ANNOTATIONS).map((key) => [key, 'x']));
    const stored = kubeadmNode('node-1');
    const added = nodeUpdate(
      stored,
      annotations({ ...report, [AGENT_ANNOTATIONS.agent]: '{"version":"0.1.0"}' }),
      { user: agentOf('node-1') },
    );
    expect(policy.admit(added)).toMatchObject({ allowed: true, denials: [] });
    const withOwned = added.object as Record<string, unknown>;
    const changed = nodeUpdate(withOwned, annotations({ [core.APT_NODE_ANNOTATIONS.osVersion]: '12.9' }), {
      user: agentOf('node-1'),
    });
    expect(policy.admit(changed)).toMatchObject({ allowed: true, denials: [] });
    const removed = nodeUpdate(
      withOwned,
      annotations({ [AGENT_ANNOTATIONS.agent]: null, [core.APT_NODE_ANNOTATIONS.rebootRequired]: null }),
      { user: agentOf('node-1') },
    );
    const decision = policy.admit(removed);
    expect(decision).toMatchObject({ allowed: true, denials: [] });
    expect([...(decision.variables.changedAnnotations as string[])].sort()).toEqual(
      [AGENT_ANNOTATIONS.agent, core.APT_NODE_ANNOTATIONS.rebootRequired].sort(),
    );
  });

  it('admits the first annotation on a Node that had none, and the removal of the last one', () => {
    const bare = kubeadmNode('node-1');
    delete (bare.metadata as { annotations?: unknown }).annotations;
    const first = nodeUpdate(bare, annotations({ [AGENT_ANNOTATIONS.response]: answer }), {
      user: agentOf('node-1'),
    });
    expect(policy.admit(first)).toMatchObject({ allowed: true, denials: [] });
    const last = nodeUpdate(
      first.object as Record<string, unknown>,
      annotations({ [AGENT_ANNOTATIONS.response]: null }),
      { user: agentOf('node-1') },
    );
    // The API server omits the emptied map: both shapes are admitted.
    expect(policy.admit(last)).toMatchObject({ allowed: true, denials: [] });
    delete ((last.object as Record<string, unknown>).metadata as { annotations?: unknown }).annotations;
    expect(policy.admit(last)).toMatchObject({ allowed: true, denials: [] });
  });
});

describe('the agent admission policy: what the agent may not do', () => {
  it('refuses the same patch on another Node, naming both', () => {
    const decision = policy.admit(
      nodeUpdate(kubeadmNode('node-2', 2), annotations({ [AGENT_ANNOTATIONS.response]: answer }), {
        user: agentOf('node-1'),
      }),
    );
    expect(decision).toMatchObject({ matched: true, allowed: false });
    expect(decision.denials).toEqual([
      {
        source: 'validations[1]',
        message: `${REFUSED} the agent of node node-1 may not change Node node-2`,
        reason: 'Forbidden',
      },
    ]);
  });

  it('refuses a token without the node claim, once, saying why and what to do (fails closed)', () => {
    // A pod-bound token from a cluster before 1.30, and a legacy Secret token (no extra at all).
    const legacyToken: AdmissionUser = {
      username: 'system:serviceaccount:kubenode-system:kubenode-agent',
      uid: '3d8e7c2a-5f41-4b6e-9d2c-8a7b6c5d4e3f',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:kubenode-system', 'system:authenticated'],
    };
    for (const user of [agentWithoutNodeClaim, legacyToken]) {
      const decision = policy.admit(
        nodeUpdate(kubeadmNode('node-1'), annotations({ [AGENT_ANNOTATIONS.response]: answer }), { user }),
      );
      expect(decision).toMatchObject({ matched: true, allowed: false });
      expect(decision.denials).toHaveLength(1);
      expect(decision.denials[0]).toMatchObject({ source: 'validations[0]', reason: 'Forbidden' });
      expect(refusal(decision)).toContain(
        'carries no node claim (userInfo.extra authentication.kubernetes.io/node-name)',
      );
      expect(refusal(decision)).toContain('1.30');
      expect(refusal(decision)).toContain('--no-agent-admission-policy');
    }
  });

  it("refuses writing the step request or any of the rollout executor's state annotations", () => {
    const executorOwned = [AGENT_ANNOTATIONS.request, ...Object.values(ANNOTATIONS)];
    expect(executorOwned.length).toBeGreaterThan(10);
    for (const key of executorOwned) {
      const decision = policy.admit(
        nodeUpdate(kubeadmNode('node-1'), annotations({ [key]: 'forged' }), { user: agentOf('node-1') }),
      );
      expect(decision.allowed, key).toBe(false);
      expect(refusal(decision)).toBe(
        `${REFUSED} it may not change the annotations ${key} (its own: ${AGENT_OWNED_ANNOTATIONS.join(', ')})`,
      );
    }
  });

  it('refuses foreign annotations added, changed or removed, naming only those, even beside its own', () => {
    const cases: [Record<string, string | null>, string][] = [
      [{ 'example.com/owner': 'mallory' }, 'example.com/owner'],
      [{ 'node.alpha.kubernetes.io/ttl': '30' }, 'node.alpha.kubernetes.io/ttl'],
      [
        { 'volumes.kubernetes.io/controller-managed-attach-detach': null },
        'volumes.kubernetes.io/controller-managed-attach-detach',
      ],
      [{ [AGENT_ANNOTATIONS.response]: answer, [ANNOTATIONS.phase]: 'done' }, ANNOTATIONS.phase],
    ];
    for (const [patch, named] of cases) {
      const decision = policy.admit(
        nodeUpdate(kubeadmNode('node-1'), annotations(patch), { user: agentOf('node-1') }),
      );
      expect(decision.allowed, named).toBe(false);
      expect(decision.variables.foreignAnnotationChanges).toEqual([named]);
      expect(refusal(decision)).toContain(`may not change the annotations ${named} (its own:`);
    }
  });

  it('refuses any change of labels, spec (unschedulable, taints), finalizers or owner references', () => {
    const tainted = kubeadmNode('node-1');
    (tainted.spec as { taints?: unknown }).taints = [PENDING_TAINT];
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
      [
        'uncordon a cordoned node',
        { spec: { unschedulable: null } },
        withSpec({ unschedulable: true }),
        'spec',
      ],
      ['cordon', { spec: { unschedulable: true } }, kubeadmNode('node-1'), 'spec'],
      [
        'add a taint',
        { spec: { taints: [{ key: 'x', effect: 'NoExecute' }] } },
        kubeadmNode('node-1'),
        'spec',
      ],
      ['remove a taint', { spec: { taints: null } }, tainted, 'spec'],
      ['move the pod CIDR', { spec: { podCIDR: '10.244.9.0/24' } }, kubeadmNode('node-1'), 'spec'],
      [
        'add a label',
        { metadata: { labels: { 'node-role.kubernetes.io/control-plane': '' } } },
        kubeadmNode('node-1'),
        'labels',
      ],
      [
        'change a label',
        { metadata: { labels: { 'kubenode.dev/pool': 'other' } } },
        kubeadmNode('node-1'),
        'labels',
      ],
      [
        'remove a label',
        { metadata: { labels: { 'kubernetes.io/hostname': null } } },
        kubeadmNode('node-1'),
        'labels',
      ],
      [
        'add a finalizer',
        { metadata: { finalizers: ['example.com/hold'] } },
        kubeadmNode('node-1'),
        'finalizers or owner references',
      ],
      [
        'add an owner',
        { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'x', uid: 'u' }] } },
        kubeadmNode('node-1'),
        'finalizers or owner references',
      ],
    ];
    for (const [what, patch, stored, named] of cases) {
      const decision = policy.admit(nodeUpdate(stored, patch, { user: agentOf('node-1') }));
      expect(decision.allowed, what).toBe(false);
      expect(
        decision.denials.map((d) => d.source),
        what,
      ).toHaveLength(1);
      expect(refusal(decision), what).toContain(`it may not change the Node's ${named}`);
      // The same change with an owned annotation beside it is refused all the same.
      const mixed = {
        ...patch,
        metadata: { ...(patch.metadata as object), annotations: { [AGENT_ANNOTATIONS.response]: answer } },
      };
      expect(policy.admit(nodeUpdate(stored, mixed, { user: agentOf('node-1') })).allowed, what).toBe(false);
    }
  });

  it('refuses a status update, should the agent ever be granted nodes/status', () => {
    const decision = policy.admit(
      nodeUpdate(
        kubeadmNode('node-1'),
        { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] } },
        { user: agentOf('node-1'), subResource: 'status' },
      ),
    );
    expect(decision).toMatchObject({ matched: true, allowed: false });
    expect(refusal(decision)).toBe(`${REFUSED} it may not change the Node's status.`);
  });
});

describe("the agent admission policy: other users' requests are not its business", () => {
  it('does not apply to the controller, a cluster administrator, a kubelet or another namespace’s agent', () => {
    const cordoned = withSpec({ unschedulable: true });
    const requests = [
      // The executor writes a step request (its token has a node claim: its own pod's node).
      nodeUpdate(kubeadmNode('node-1'), annotations({ [AGENT_ANNOTATIONS.request]: '{}' }), {
        user: serviceAccountUser('kubenode-system', 'kubenode-controller', {
          podName: 'kubenode-controller-6d9c7b8f5-q2x4z',
          nodeName: 'node-3',
        }),
      }),
      // An operator uncordons a node.
      nodeUpdate(
        cordoned,
        { spec: { unschedulable: null } },
        { user: CLUSTER_ADMIN, manager: 'kubectl-cordon' },
      ),
      // The kubelet's heartbeat.
      nodeUpdate(
        kubeadmNode('node-1'),
        { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
        { user: kubeletUser('node-1'), subResource: 'status', manager: 'kubelet' },
      ),
      // kubenode installed a second time, in another namespace: that install's own policy applies.
      nodeUpdate(kubeadmNode('node-2', 2), annotations({ [AGENT_ANNOTATIONS.response]: answer }), {
        user: serviceAccountUser('ops', 'kubenode-agent', {
          podName: 'kubenode-agent-a',
          nodeName: 'node-1',
        }),
      }),
    ];
    for (const request of requests)
      expect(policy.admit(request)).toEqual({ matched: false, allowed: true, denials: [], variables: {} });
  });

  it("follows the agent's namespace", () => {
    const ops = evaluatorFor({ namespace: 'ops' });
    const user = serviceAccountUser('ops', 'kubenode-agent', {
      podName: 'kubenode-agent-a',
      nodeName: 'node-1',
    });
    const own = nodeUpdate(kubeadmNode('node-1'), annotations({ [AGENT_ANNOTATIONS.response]: answer }), {
      user,
    });
    expect(ops.admit(own)).toMatchObject({ matched: true, allowed: true });
    const other = nodeUpdate(
      kubeadmNode('node-2', 2),
      annotations({ [AGENT_ANNOTATIONS.response]: answer }),
      { user },
    );
    expect(ops.admit(other)).toMatchObject({ matched: true, allowed: false });
    // The default install's policy does not judge the ops agent.
    expect(policy.admit(other).matched).toBe(false);
  });
});

function withSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const node = kubeadmNode('node-1');
  node.spec = { ...(node.spec as object), ...spec };
  return node;
}

// ---------------------------------------------------------------------------------------------
// The policy's annotations are exactly what the real agent writes.

/** Every `kubenode.dev/<key>` string exported by kubenode's packages (constants, nested). */
function exportedKubenodeKeys(): string[] {
  const keys = new Set<string>();
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string' && /^kubenode\.dev\/[a-z0-9-]+$/.test(value)) keys.add(value);
    else if (value !== null && typeof value === 'object' && depth < 3)
      for (const inner of Object.values(value)) visit(inner, depth + 1);
  };
  for (const module of [core, rollout, kubernetes])
    for (const value of Object.values(module)) visit(value, 0);
  return [...keys].sort();
}

/** Runs the real agent loop on a simulated node through one step; returns the patches it sent. */
async function agentPatches(stdout: string): Promise<NodeMergePatchV1[]> {
  const { engine, sim } = agentTestCluster({ distro: 'debian' });
  const patches: NodeMergePatchV1[] = [];
  const client = recordingClient(sim.client('agent'), patches);
  const result: StepRunResult = { exitCode: 0, stdout, stderr: '', timedOut: false, truncated: false };
  const runner: StepRunner = {
    run: (_step: UpdateStepV1) => Promise.resolve(result),
    reboot: () => Promise.resolve(),
    bootId: () => Promise.resolve('5b0e9f36-1c4e-4a8b-8f1e-000000000001'),
  };
  const key = generateStepSigningKey();
  const verifier = new StepVerifier(key.publicKeyPem);
  const advance = async (ms: number) => {
    engine.at(engine.now + ms, () => undefined);
    await engine.run({ untilMs: engine.now + ms });
  };
  const stop = new AbortController();
  const loop = runNodeAgent(
    { client, nodeName: 'node-1', runner, trust: async () => verifier, clock: engine.clock() },
    stop.signal,
  );
  await advance(100);
  const request = new StepSigner(key.privateKeyPem).sign({
    v: 1,
    id: 'request-0001',
    node: 'node-1',
    phase: 'apply',
    description: 'install the staged update',
    command: ['apt-get', 'install', '-y'],
    timeoutSeconds: 600,
    issuedAt: new Date(engine.now).toISOString(),
    expiresAt: new Date(engine.now + 600_000).toISOString(),
    issuer: 'controller-0',
  });
  await sim
    .client('executor')
    .patchNode('node-1', annotations({ [AGENT_ANNOTATIONS.request]: JSON.stringify(request) }));
  await advance(1_000);
  stop.abort(new Error('test over'));
  await advance(1_000);
  await loop;
  return patches;
}

describe('the agent admission policy: its annotations are what the agent writes', () => {
  it('owns exactly the annotations the real agent loop writes (announcement, answers, every report key)', async () => {
    // A step printing a report line for every kubenode.dev/ key any kubenode package exports:
    // the agent writes those it reports (today APT_NODE_ANNOTATIONS) and must ignore the rest
    // (the request, the executor's state). A report key added to the agent but not to the policy
    // shows up here as an annotation the policy refuses.
    const candidates = exportedKubenodeKeys();
    expect(candidates).toEqual(expect.arrayContaining([AGENT_ANNOTATIONS.request, ANNOTATIONS.phase]));
    const stdout = candidates
      .map((key, i) => `KUBENODE-${key.slice('kubenode.dev/'.length).toUpperCase()}: value-${i}`)
      .join('\n');
    const patches = await agentPatches(`${stdout}\n`);
    const written = [
      ...new Set(patches.flatMap((patch) => Object.keys(patch.metadata?.annotations ?? {}))),
    ].sort();

    const owned = policy.admit(
      nodeUpdate(kubeadmNode('node-1'), annotations({ [AGENT_ANNOTATIONS.response]: answer }), {
        user: agentOf('node-1'),
      }),
    ).variables.ownedAnnotations as string[];
    expect(written).toEqual([...owned].sort());
    expect(written).toEqual(
      [
        AGENT_ANNOTATIONS.agent,
        AGENT_ANNOTATIONS.response,
        ...Object.values(core.APT_NODE_ANNOTATIONS),
      ].sort(),
    );
    expect(written).not.toContain(AGENT_ANNOTATIONS.request);

    // Each write, in order, is admitted on the agent's own Node and refused on another.
    let stored = kubeadmNode('node-1');
    let other = kubeadmNode('node-2', 2);
    for (const patch of patches) {
      const own = nodeUpdate(stored, patch as Record<string, unknown>, { user: agentOf('node-1') });
      expect(policy.admit(own), JSON.stringify(patch)).toMatchObject({
        matched: true,
        allowed: true,
        denials: [],
      });
      stored = own.object as Record<string, unknown>;
      const foreign = nodeUpdate(other, patch as Record<string, unknown>, { user: agentOf('node-1') });
      expect(policy.admit(foreign).allowed).toBe(false);
      other = foreign.object as Record<string, unknown>;
    }
    expect(patches.length).toBeGreaterThanOrEqual(3);
  });
});
