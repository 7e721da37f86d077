import type { StepOutputV1, UpdateStepV1 } from '@kubenode/core';
import type { SimulatedCluster, SimulationEngine } from '@kubenode/rollout';
import { ClusterApiError, NodeAgentError, type NodeMergePatchV1 } from '@kubenode/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AGENT_TEST_START,
  agentTestCluster,
  recordingClient,
  type PatchFailures,
} from './__fixtures__/agent-test-cluster.js';
import { AGENT_ANNOTATIONS } from './agent-annotations.js';
import { createAnnotationNodeAgent, type AnnotationNodeAgent } from './annotation-node-agent.js';
import { runNodeAgent } from './run-node-agent.js';
import { parseStepRequest, type StepRequestV1, type StepResponseV1 } from './step-protocol.js';
import type { StepRunner, StepRunResult } from './step-runner.js';
import { generateStepSigningKey, StepSigner, StepVerifier } from './step-signing.js';

const START = AGENT_TEST_START;
const KEY = generateStepSigningKey();
const SIGNER = new StepSigner(KEY.privateKeyPem);

const STEP: UpdateStepV1 = {
  phase: 'stage',
  description: 'download the update',
  command: ['update_engine_client', '-update'],
  timeoutSeconds: 300,
  whileServing: true,
};

type Outcome = { ok: StepOutputV1 } | { error: unknown } | undefined;

interface Harness {
  readonly engine: SimulationEngine;
  readonly sim: SimulatedCluster;
  readonly nodeAgent: AnnotationNodeAgent;
  /** Patches the executor sent. */
  readonly patches: NodeMergePatchV1[];
  readonly fail: PatchFailures;
  advance(ms: number): Promise<void>;
  /** Starts a step; its outcome is recorded when it settles. */
  run(step?: UpdateStepV1, signal?: AbortSignal, bootID?: string): { outcome(): Outcome };
  /** The request on node-1 now. */
  request(): StepRequestV1 | undefined;
  /** Answers as the node agent would (written now, seen by the executor 100 ms later). */
  answer(response: Partial<StepResponseV1> & Pick<StepResponseV1, 'state'>): Promise<void>;
  annotations(): Record<string, string>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function harness(options: { ackTimeoutSeconds?: number; graceSeconds?: number } = {}): Harness {
  const { engine, sim } = agentTestCluster({ seed: 3 });
  const agentClient = sim.client('agent');
  const patches: NodeMergePatchV1[] = [];
  const fail: PatchFailures = {};
  const client = recordingClient(sim.client('executor'), patches, fail);
  const nodeAgent = createAnnotationNodeAgent({
    client,
    signer: SIGNER,
    identity: 'controller-0',
    clock: engine.clock(),
    ...options,
  });
  const h: Harness = {
    engine,
    sim,
    nodeAgent,
    patches,
    fail,
    async advance(ms) {
      const until = engine.now + ms;
      engine.at(until, () => undefined);
      await engine.run({ untilMs: until });
    },
    run(step = STEP, signal, bootID) {
      let outcome: Outcome;
      nodeAgent
        .runStep({ node: 'node-1', step, ...(signal ? { signal } : {}), ...(bootID ? { bootID } : {}) })
        .then(
          (ok) => (outcome = { ok }),
          (error: unknown) => (outcome = { error }),
        );
      return { outcome: () => outcome };
    },
    request() {
      return parseStepRequest(sim.apiGetNode('node-1').metadata.annotations?.[AGENT_ANNOTATIONS.request]);
    },
    async answer(response) {
      const id = h.request()?.id ?? 'no-request';
      await agentClient.patchNode('node-1', {
        metadata: {
          annotations: {
            [AGENT_ANNOTATIONS.response]: JSON.stringify({
              v: 1,
              id,
              at: new Date(engine.now).toISOString(),
              ...response,
            }),
          },
        },
      });
      await h.advance(200);
    },
    annotations() {
      return { ...sim.apiGetNode('node-1').metadata.annotations };
    },
  };
  cleanups.push(async () => {
    const closing = nodeAgent.close();
    await h.advance(1_000);
    await closing;
  });
  return h;
}

/** Starts a step and returns its request's signed fields. */
async function firstRequest(h: Harness): Promise<Omit<StepRequestV1, 'signature' | 'keyId'>> {
  h.run();
  await h.advance(100);
  const { signature: _signature, keyId: _keyId, ...fields } = h.request() as StepRequestV1;
  return fields;
}

function failure(outcome: Outcome): NodeAgentError {
  if (!outcome || !('error' in outcome))
    throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  if (!NodeAgentError.isInstance(outcome.error)) throw outcome.error;
  return outcome.error;
}

describe('createAnnotationNodeAgent: the request', () => {
  it('writes a request signed with the controller key, for the node and step, valid for validitySeconds', async () => {
    const h = harness();
    h.run();
    await h.advance(100);
    const request = h.request();
    expect(request).toEqual({
      v: 1,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      node: 'node-1',
      phase: 'stage',
      description: 'download the update',
      command: ['update_engine_client', '-update'],
      timeoutSeconds: 300,
      issuedAt: '2026-01-05T10:00:00.000Z',
      expiresAt: '2026-01-05T10:10:00.000Z',
      issuer: 'controller-0',
      keyId: SIGNER.keyId,
      signature: expect.any(String) as string,
    });
    expect(new StepVerifier(KEY.publicKeyPem).check(request as StepRequestV1)).toBeUndefined();
  });

  it('fences a step to the boot the executor names, under the signature', async () => {
    const h = harness();
    h.run(STEP, undefined, 'boot-7');
    await h.advance(100);
    const request = h.request() as StepRequestV1;
    expect(request.bootID).toBe('boot-7');
    expect(new StepVerifier(KEY.publicKeyPem).check(request)).toBeUndefined();
  });

  it('retries the write while the API server sheds load, and fails as unreachable for a missing node', async () => {
    const h = harness();
    let shed = 2;
    h.fail.pick = () =>
      shed-- > 0
        ? ClusterApiError.of('patch nodes/node-1', 429, 'TooManyRequests', 'slow down', {
            retryAfterSeconds: 1,
          })
        : undefined;
    h.run();
    await h.advance(1_500);
    expect(h.request()).toBeUndefined();
    await h.advance(1_000);
    expect(h.request()).toBeDefined();

    const missing = h.nodeAgent.runStep({ node: 'node-9', step: STEP }).catch((error: unknown) => error);
    await h.advance(100);
    const error = (await missing) as NodeAgentError;
    expect(NodeAgentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ node: 'node-9', phase: 'stage', failure: 'unreachable' });
    expect(ClusterApiError.isInstance(error.cause) && error.cause.code).toBe(404);
  });

  it('fails at once, without retrying, when the API server forbids the write', async () => {
    const h = harness();
    let refusals = 0;
    h.fail.pick = () => {
      refusals++;
      return ClusterApiError.of(
        'patch nodes/node-1',
        403,
        'Forbidden',
        'nodes "node-1" is forbidden: User "system:serviceaccount:kubenode-system:kubenode-controller" cannot patch resource "nodes"',
      );
    };
    const step = h.run();
    await h.advance(100);
    const outcome = step.outcome();
    expect(refusals).toBe(1);
    expect(outcome && 'error' in outcome && NodeAgentError.isInstance(outcome.error)).toBe(true);
    expect((outcome as { error: NodeAgentError }).error).toMatchObject({ failure: 'unreachable' });
    expect((outcome as { error: NodeAgentError }).error.message).toContain('cannot patch resource "nodes"');
  });
  it('answers 126 without writing anything for a step the protocol cannot carry', async () => {
    const h = harness();
    const step = h.run({ ...STEP, timeoutSeconds: 1.5, description: 'x'.repeat(1025) });
    await h.advance(100);
    expect(step.outcome()).toEqual({
      ok: {
        exitCode: 126,
        stdout: '',
        stderr:
          'the step cannot be sent to the node agent: description: Too big: expected string to have <=1024 characters; ' +
          'timeoutSeconds: Invalid input: expected int, received number\n',
      },
    });
    expect(h.patches).toEqual([]);
  });
});

describe('createAnnotationNodeAgent: the answers', () => {
  it('resolves with the output once the agent answered queued, running, then exited, and removes both annotations', async () => {
    const h = harness();
    const step = h.run();
    await h.advance(100);
    await h.answer({ state: 'queued', reason: 'waiting for step x' });
    await h.answer({ state: 'running' });
    expect(step.outcome()).toBeUndefined();
    await h.answer({ state: 'exited', exitCode: 2, stdout: 'staged\n', stderr: 'warning\n' });
    expect(step.outcome()).toEqual({ ok: { exitCode: 2, stdout: 'staged\n', stderr: 'warning\n' } });
    expect(h.annotations()[AGENT_ANNOTATIONS.request]).toBeUndefined();
    expect(h.annotations()[AGENT_ANNOTATIONS.response]).toBeUndefined();
  });

  it('removes the annotations even when another writer changed the node just before', async () => {
    const h = harness();
    const other = h.sim.client('kubelet');
    const step = h.run();
    await h.advance(100);
    let raced = false;
    h.fail.pick = (patch) => {
      if (!raced && patch.metadata?.resourceVersion !== undefined) {
        raced = true;
        void other.patchNode('node-1', { metadata: { labels: { 'example.com/heartbeat': '1' } } });
      }
      return undefined;
    };
    await h.answer({ state: 'exited', exitCode: 0, stdout: '', stderr: '' });
    expect(step.outcome()).toEqual({ ok: { exitCode: 0, stdout: '', stderr: '' } });
    expect(raced).toBe(true);
    expect(h.annotations()[AGENT_ANNOTATIONS.request]).toBeUndefined();
    expect(h.annotations()[AGENT_ANNOTATIONS.response]).toBeUndefined();
  });

  it('leaves a newer request (another replica) in place when it cleans up', async () => {
    const h = harness();
    const replica = h.sim.client('controller-1');
    const newer = JSON.stringify({
      ...SIGNER.sign({ ...(await firstRequest(h)), id: 'newer-request-0001' }),
    });
    let raced = false;
    h.fail.pick = (patch) => {
      if (!raced && patch.metadata?.resourceVersion !== undefined) {
        raced = true;
        void replica.patchNode('node-1', {
          metadata: { annotations: { [AGENT_ANNOTATIONS.request]: newer } },
        });
      }
      return undefined;
    };
    await h.answer({ state: 'exited', exitCode: 0 });
    expect(raced).toBe(true);
    expect(h.annotations()[AGENT_ANNOTATIONS.request]).toBe(newer);
    expect(h.annotations()[AGENT_ANNOTATIONS.response]).toBeUndefined();
  });

  it('answers exit code 126 with the agent reason on stderr when the agent refused the step', async () => {
    const h = harness();
    const step = h.run();
    await h.advance(100);
    await h.answer({ state: 'rejected', reason: 'the signature does not match the request' });
    expect(step.outcome()).toEqual({
      ok: {
        exitCode: 126,
        stdout: '',
        stderr: 'the node agent refused the step: the signature does not match the request\n',
      },
    });
  });

  it('fails with NodeAgentError timeout when the agent killed the step at its deadline', async () => {
    const h = harness();
    const step = h.run();
    await h.advance(100);
    await h.answer({ state: 'running' });
    await h.answer({ state: 'timeout', exitCode: 143 });
    const error = failure(step.outcome());
    expect(error).toMatchObject({ node: 'node-1', phase: 'stage', failure: 'timeout' });
    expect(error.message).toBe('node agent on node-1: stage step timed out (killed after 300 s)');
  });

  it('fails with NodeAgentError unreachable, with the reason, when the agent lost the step', async () => {
    const h = harness();
    const step = h.run();
    await h.advance(100);
    await h.answer({ state: 'lost', reason: 'the node agent restarted while the stage step was running' });
    const error = failure(step.outcome());
    expect(error.failure).toBe('unreachable');
    expect(error.message).toContain('(the node agent restarted while the stage step was running)');
  });

  it('ignores answers to other requests', async () => {
    const h = harness();
    const step = h.run();
    await h.advance(100);
    await h.sim.client('agent').patchNode('node-1', {
      metadata: {
        annotations: {
          [AGENT_ANNOTATIONS.response]: JSON.stringify({ v: 1, id: 'other', state: 'exited', at: 'x' }),
        },
      },
    });
    await h.advance(1_000);
    expect(step.outcome()).toBeUndefined();
  });
});

describe('createAnnotationNodeAgent: deadlines', () => {
  it('fails as unreachable when no agent answers within ackTimeoutSeconds, and withdraws the request', async () => {
    const h = harness({ ackTimeoutSeconds: 30 });
    const step = h.run();
    await h.advance(29_000);
    expect(step.outcome()).toBeUndefined();
    expect(h.request()).toBeDefined();
    await h.advance(1_500);
    const error = failure(step.outcome());
    expect(error).toMatchObject({ node: 'node-1', phase: 'stage', failure: 'unreachable' });
    expect(error.message).toBe(
      'node agent on node-1: stage step could not run: agent unreachable (no node agent answered within 30 s (is the kubenode agent DaemonSet running on node-1?))',
    );
    // An agent that comes back later finds nothing to run.
    expect(h.annotations()[AGENT_ANNOTATIONS.request]).toBeUndefined();
  });

  it('fails with timeout when a running step has no result within its timeout plus grace', async () => {
    const h = harness({ graceSeconds: 20 });
    const step = h.run({ ...STEP, timeoutSeconds: 100 });
    await h.advance(100);
    await h.answer({ state: 'running' });
    await h.advance(119_000);
    expect(step.outcome()).toBeUndefined();
    await h.advance(1_000);
    expect(failure(step.outcome())).toMatchObject({ failure: 'timeout' });
    expect(failure(step.outcome()).message).toContain('no result within 120 s of the step starting');
  });

  it('does not restart the deadline when the same answer is delivered again (other changes of the node)', async () => {
    const h = harness({ graceSeconds: 20 });
    const kubelet = h.sim.client('kubelet');
    const step = h.run({ ...STEP, timeoutSeconds: 100 });
    await h.advance(100);
    await h.answer({ state: 'running' });
    for (let beat = 1; beat <= 20 && step.outcome() === undefined; beat++) {
      await kubelet.patchNode('node-1', {
        metadata: { annotations: { 'example.com/heartbeat': String(beat) } },
      });
      await h.advance(10_000);
    }
    expect(failure(step.outcome())).toMatchObject({ failure: 'timeout' });
    expect(h.engine.now - START).toBeLessThanOrEqual(131_000);
  });

  it('gives a queued step the acknowledgement time on top of its budget, and its full budget once it runs', async () => {
    const h = harness({ ackTimeoutSeconds: 10, graceSeconds: 20 });
    const step = h.run({ ...STEP, timeoutSeconds: 100 });
    await h.advance(100);
    await h.answer({ state: 'queued' });
    await h.advance(129_000);
    expect(step.outcome()).toBeUndefined();
    await h.answer({ state: 'running' });
    await h.advance(119_000);
    expect(step.outcome()).toBeUndefined();
    await h.advance(1_000);
    expect(failure(step.outcome())).toMatchObject({ failure: 'timeout' });
  });

  it('stops waiting when the step signal aborts, rejecting with its reason, and withdraws the request', async () => {
    const h = harness();
    const controller = new AbortController();
    const step = h.run(STEP, controller.signal);
    await h.advance(100);
    await h.answer({ state: 'queued' });
    const reason = new Error('rollout cancelled');
    controller.abort(reason);
    await h.advance(100);
    expect(step.outcome()).toEqual({ error: reason });
    expect(h.annotations()[AGENT_ANNOTATIONS.request]).toBeUndefined();
    expect(h.annotations()[AGENT_ANNOTATIONS.response]).toBeUndefined();
  });

  it('refuses at once a step whose signal has already aborted, writing nothing', async () => {
    const h = harness();
    const step = h.run(STEP, AbortSignal.abort(new Error('too late')));
    await h.advance(100);
    expect(step.outcome()).toEqual({ error: new Error('too late') });
    expect(h.patches).toEqual([]);
  });

  it('stops every waiting step on close', async () => {
    const h = harness();
    const step = h.run();
    await h.advance(100);
    const closing = h.nodeAgent.close();
    await h.advance(100);
    await closing;
    expect((step.outcome() as { error: Error }).error.message).toBe('node agent client closed');
  });
});

describe('createAnnotationNodeAgent with the real agent loop', () => {
  class Runner implements StepRunner {
    readonly runs: UpdateStepV1[] = [];
    async run(step: UpdateStepV1): Promise<StepRunResult> {
      this.runs.push(step);
      return {
        exitCode: 0,
        stdout: `ran ${step.command.join(' ')}\n`,
        stderr: '',
        timedOut: false,
        truncated: false,
      };
    }
    async reboot(): Promise<void> {}
    async bootId(): Promise<string> {
      return 'boot-1';
    }
  }

  async function withAgent(trusted: string) {
    const h = harness();
    const runner = new Runner();
    const controller = new AbortController();
    const loop = runNodeAgent(
      {
        client: h.sim.client('agent'),
        nodeName: 'node-1',
        runner,
        trust: async () => new StepVerifier(trusted),
        clock: h.engine.clock(),
      },
      controller.signal,
    );
    cleanups.push(async () => {
      controller.abort();
      await h.advance(1_000);
      await loop;
    });
    await h.advance(100);
    return { h, runner };
  }

  it('runs the step on the node and returns its output', async () => {
    const { h, runner } = await withAgent(KEY.publicKeyPem);
    const step = h.run();
    await h.advance(1_000);
    expect(step.outcome()).toEqual({
      ok: { exitCode: 0, stdout: 'ran update_engine_client -update\n', stderr: '' },
    });
    expect(runner.runs).toHaveLength(1);
    expect(h.annotations()[AGENT_ANNOTATIONS.request]).toBeUndefined();
  });

  it('gets 126 from an agent that does not trust the controller key', async () => {
    const { h, runner } = await withAgent(generateStepSigningKey().publicKeyPem);
    const step = h.run();
    await h.advance(1_000);
    expect(step.outcome()).toEqual({
      ok: {
        exitCode: 126,
        stdout: '',
        stderr: `the node agent refused the step: signed with key ${SIGNER.keyId}, which this agent does not trust\n`,
      },
    });
    expect(runner.runs).toEqual([]);
  });
});
