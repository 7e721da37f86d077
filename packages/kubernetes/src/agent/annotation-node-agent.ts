import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { StepOutputV1 } from '@kubenode/core';
import {
  ClusterApiError,
  isPermanentRefusal,
  Informer,
  NodeAgentError,
  systemClock,
  type ClockV1,
  type ClusterClientV1,
  type K8sNode,
  type NodeAgentV1,
  type RunStepInputV1,
} from '@kubenode/rollout';
import { AGENT_ANNOTATIONS } from './agent-annotations.js';
import {
  FINAL_STEP_STATES,
  parseStepRequest,
  parseStepResponse,
  stepRequestSchema,
  type StepResponseV1,
} from './step-protocol.js';
import type { StepSigner } from './step-signing.js';

/** Options of {@link createAnnotationNodeAgent}. */
export interface AnnotationNodeAgentOptions {
  /** Patches and watches the pool's Nodes. */
  readonly client: ClusterClientV1;
  /** Signs requests with the controller's key (see `ensureStepSigningKey`). */
  readonly signer: StepSigner;
  /** This executor replica (recorded as the requests' issuer). */
  readonly identity: string;
  /** The nodes steps run on (the pool's selector); one watch covers them all. */
  readonly nodeSelector?: string;
  readonly clock?: ClockV1;
  /** An agent must answer (queued or running) within this (default 60 s), or the node is unreachable. */
  readonly ackTimeoutSeconds?: number;
  /** Added to a step's `timeoutSeconds` before giving up on its answer (default 60 s). */
  readonly graceSeconds?: number;
  /** Told of failed lists and watches of the nodes, which are retried without end. */
  readonly log?: (line: string) => void;
  /** A request an agent first sees later than this after it was issued is refused (default 600 s). */
  readonly validitySeconds?: number;
}

/** The executor's side of the node agent protocol; call `close()` when done. */
export interface AnnotationNodeAgent extends NodeAgentV1 {
  /** Stops the node watch. */
  close(): Promise<void>;
}

interface Waiter {
  readonly id: string;
  readonly onResponse: (response: StepResponseV1) => void;
}

/**
 * The rollout engine's {@link NodeAgentV1} through the Kubernetes API only (no SSH, no network
 * path to the node): each step becomes a request signed with the controller's Ed25519 key in the
 * node's `kubenode.dev/agent-request` annotation; the node's agent (`kubenode agent`) answers in
 * `kubenode.dev/agent-response`, which one shared watch of the pool's nodes delivers. No answer
 * within `ackTimeoutSeconds` is `NodeAgentError` `unreachable`; no result within the step's
 * timeout plus `graceSeconds` is `timeout`. A request the agent refused (bad signature, expired)
 * is a step that exited 126 with the agent's reason on stderr, as is a step the protocol cannot
 * carry (e.g. a `timeoutSeconds` that is not a whole number), which is not sent at all. Both annotations are removed once
 * `runStep` returns, whatever the outcome (so Node objects stay small, and a request given up on,
 * unanswered or aborted, is withdrawn before an agent that comes back later could start it).
 */
export function createAnnotationNodeAgent(options: AnnotationNodeAgentOptions): AnnotationNodeAgent {
  return new Client(options);
}

class Client implements AnnotationNodeAgent {
  readonly specificationVersion = 'v1' as const;
  private readonly clock: ClockV1;
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly stop = new AbortController();
  private informer: Informer<'Node'> | undefined;
  private started: Promise<void> | undefined;

  constructor(private readonly options: AnnotationNodeAgentOptions) {
    this.clock = options.clock ?? systemClock();
    // Every step in flight listens on it.
    setMaxListeners(0, this.stop.signal);
  }

  async close(): Promise<void> {
    this.stop.abort(new Error('node agent client closed'));
    if (this.started) await this.started.catch(() => undefined);
    await this.informer?.stopped();
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      this.informer = new Informer(
        this.options.client,
        'Node',
        this.options.nodeSelector !== undefined ? { labelSelector: this.options.nodeSelector } : {},
        this.clock,
        (change) => {
          if (change.type !== 'DELETED') this.deliver(change.object);
        },
        this.options.log,
      );
      await this.informer.start(this.stop.signal);
    })();
    return this.started;
  }

  private deliver(node: K8sNode): void {
    const waiters = this.waiters.get(node.metadata.name);
    if (!waiters || waiters.size === 0) return;
    const response = parseStepResponse(node.metadata.annotations?.[AGENT_ANNOTATIONS.response]);
    if (!response) return;
    for (const waiter of [...waiters]) if (waiter.id === response.id) waiter.onResponse(response);
  }

  async runStep(input: RunStepInputV1): Promise<StepOutputV1> {
    const { node, step } = input;
    const signal = AbortSignal.any([this.stop.signal, ...(input.signal ? [input.signal] : [])]);
    signal.throwIfAborted();
    await this.start();
    const now = this.clock.now();
    const id = randomUUID();
    const request = this.options.signer.sign({
      v: 1,
      id,
      node,
      phase: step.phase,
      description: step.description,
      command: [...step.command],
      timeoutSeconds: step.timeoutSeconds,
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + (this.options.validitySeconds ?? 600) * 1000).toISOString(),
      issuer: this.options.identity,
      ...(input.bootID !== undefined ? { bootID: input.bootID } : {}),
    });
    // A step the agent would refuse as malformed is refused here, saying why, without a round trip.
    const checked = stepRequestSchema.safeParse(request);
    if (!checked.success)
      return {
        exitCode: 126,
        stdout: '',
        stderr: `the step cannot be sent to the node agent: ${checked.error.issues
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; ')}\n`,
      };

    // Responses arrive through the watch; the latest one is kept until the step settles.
    let latest: StepResponseV1 | undefined;
    let wake: (() => void) | undefined;
    const waiter: Waiter = {
      id,
      onResponse: (response) => {
        latest = response;
        wake?.();
      },
    };
    let set = this.waiters.get(node);
    if (!set) {
      set = new Set();
      this.waiters.set(node, set);
    }
    set.add(waiter);
    const waitFor = async (done: () => boolean, ms: number): Promise<boolean> => {
      const deadline = this.clock.now() + ms;
      while (!done()) {
        const left = deadline - this.clock.now();
        if (left <= 0) return false;
        const timeout = new AbortController();
        const onAbort = () => timeout.abort(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          await Promise.race([
            new Promise<void>((resolve) => {
              wake = resolve;
            }),
            this.clock.sleep(left, timeout.signal).catch(() => undefined),
          ]);
        } finally {
          wake = undefined;
          timeout.abort(new Error('done'));
          signal.removeEventListener('abort', onAbort);
        }
        signal.throwIfAborted();
      }
      return true;
    };
    try {
      await this.send(node, step.phase, { [AGENT_ANNOTATIONS.request]: JSON.stringify(request) }, signal);
      const cached = this.informer?.get(node);
      if (cached) this.deliver(cached);
      const ack = (this.options.ackTimeoutSeconds ?? 60) * 1000;
      if (!(await waitFor(() => latest !== undefined, ack)))
        throw new NodeAgentError({
          node,
          phase: step.phase,
          failure: 'unreachable',
          detail: `no node agent answered within ${ack / 1000} s (is the kubenode agent DaemonSet running on ${node}?)`,
        });
      const budget = (step.timeoutSeconds + (this.options.graceSeconds ?? 60)) * 1000;
      // The step's own deadline starts when it runs, not while it is queued behind another. Only
      // a change of state restarts the wait: the same answer delivered again (any other change of
      // the Node is) does not.
      for (;;) {
        const state = (latest as StepResponseV1).state;
        if (FINAL_STEP_STATES.has(state)) break;
        const settled = await waitFor(
          () => (latest as StepResponseV1).state !== state,
          state === 'queued' ? ack + budget : budget,
        );
        if (!settled)
          throw new NodeAgentError({
            node,
            phase: step.phase,
            failure: 'timeout',
            detail: `no result within ${Math.round(budget / 1000)} s of the step starting`,
          });
      }
      const response = latest as StepResponseV1;
      switch (response.state) {
        case 'exited':
          return {
            exitCode: response.exitCode ?? 0,
            stdout: response.stdout ?? '',
            stderr: response.stderr ?? '',
          };
        case 'timeout':
          throw new NodeAgentError({
            node,
            phase: step.phase,
            failure: 'timeout',
            detail: `killed after ${step.timeoutSeconds} s`,
          });
        case 'rejected':
          return {
            exitCode: 126,
            stdout: '',
            stderr: `the node agent refused the step: ${response.reason ?? 'no reason given'}\n`,
          };
        default:
          throw new NodeAgentError({
            node,
            phase: step.phase,
            failure: 'unreachable',
            detail: response.reason ?? 'the agent lost track of the step',
          });
      }
    } finally {
      set.delete(waiter);
      if (set.size === 0) this.waiters.delete(node);
      // Settled or given up: the request goes, so an agent that has not started it never will.
      void this.cleanUp(node, id);
    }
  }

  /** Writes the request, retrying while the API server is unavailable. */
  private async send(
    node: string,
    phase: string,
    annotations: Record<string, string>,
    signal: AbortSignal,
  ): Promise<void> {
    let backoff = 500;
    for (let attempt = 0; ; attempt++) {
      signal.throwIfAborted();
      try {
        await this.options.client.patchNode(node, { metadata: { annotations } });
        return;
      } catch (error) {
        if (!ClusterApiError.isInstance(error)) throw error;
        if (isPermanentRefusal(error) || attempt >= 8)
          throw new NodeAgentError({
            node,
            phase,
            failure: 'unreachable',
            detail: error.message,
            cause: error,
          });
        await this.clock.sleep((error.retryAfterSeconds ?? 0) * 1000 || backoff, signal);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  /**
   * Removes the request and the answer to it, unless a newer request replaced them meanwhile: at
   * the Node's current resourceVersion (so a newer request written meanwhile is never removed),
   * re-read and retried after a conflict with another writer.
   */
  private async cleanUp(node: string, id: string): Promise<void> {
    let current = this.informer?.get(node);
    let fresh = false;
    for (let attempt = 0; attempt < 4; attempt++) {
      const annotations = current?.metadata.annotations ?? {};
      const patch: Record<string, null> = {};
      if (parseStepRequest(annotations[AGENT_ANNOTATIONS.request])?.id === id)
        patch[AGENT_ANNOTATIONS.request] = null;
      if (parseStepResponse(annotations[AGENT_ANNOTATIONS.response])?.id === id)
        patch[AGENT_ANNOTATIONS.response] = null;
      const version = current?.metadata.resourceVersion;
      if (Object.keys(patch).length === 0 || version === undefined) {
        // The watch may not have shown the request yet: read the Node once before giving up.
        if (fresh) return;
      } else {
        try {
          await this.options.client.patchNode(node, {
            metadata: { resourceVersion: version, annotations: patch },
          });
          return;
        } catch (error) {
          if (!ClusterApiError.isInstance(error) || error.code !== 409) return;
        }
      }
      try {
        current = await this.options.client.getNode(node);
        fresh = true;
      } catch {
        return;
      }
    }
  }
}
