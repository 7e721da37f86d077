import { setMaxListeners } from 'node:events';
import type { UpdateStepV1 } from '@kubenode/core';
import {
  ClusterApiError,
  isPermanentRefusal,
  Informer,
  parseTime,
  systemClock,
  type ClockV1,
  type ClusterClientV1,
  type K8sNode,
} from '@kubenode/rollout';
import { VERSION } from '../version.js';
import { AGENT_ANNOTATIONS } from './agent-annotations.js';
import {
  FINAL_STEP_STATES,
  parseStepRequest,
  parseStepResponse,
  type StepRequestV1,
  type StepResponseV1,
} from './step-protocol.js';
import { stepReportAnnotations } from './step-report.js';
import type { RequestJournal } from './request-journal.js';
import type { StepRunner } from './step-runner.js';
import type { StepVerifier } from './step-signing.js';

/** Options of {@link runNodeAgent}. */
export interface NodeAgentLoopOptions {
  /** Reads, watches and patches this agent's own Node. */
  readonly client: ClusterClientV1;
  /** This node's name (the DaemonSet's `spec.nodeName` via the downward API). */
  readonly nodeName: string;
  readonly runner: StepRunner;
  /**
   * The public keys step requests must be signed with; called when a request arrives and again
   * (at most every 30 s) when a signature does not verify, so a newly published key is picked up.
   */
  readonly trust: () => Promise<StepVerifier | undefined>;
  readonly clock?: ClockV1;
  /** Tolerated clock difference between the executor and this node (default 300 s). */
  readonly clockSkewSeconds?: number;
  /**
   * Where accepted requests are remembered across restarts of the agent and reboots of the node
   * (e.g. `fileRequestJournal` on the host's disk). Without one they are remembered only
   * while this process runs, and a captured request could be replayed after a restart until it
   * expires.
   */
  readonly journal?: RequestJournal;
  /** Progress lines (what runs, what was refused). */
  readonly log?: (line: string) => void;
  /** Called once the agent watches its node and has announced itself. */
  readonly onReady?: () => void;
}

/**
 * The node agent's loop (`kubenode agent`): watches its own Node (one watch, field selector
 * `metadata.name`), and for each new step request in `kubenode.dev/agent-request` checks that it
 * names this node, carries a valid Ed25519 signature of a key the controller published, has
 * not expired and, if it is fenced to a boot (`bootID`), is for this host's current boot, then runs it with the {@link StepRunner} and answers in
 * `kubenode.dev/agent-response` (`running`, then `exited` with exit code and output, `timeout`,
 * `rejected` or `lost`), together with the report annotations the step printed. One step runs at
 * a time; a request arriving meanwhile is `queued` (the newest wins; it is dropped if it is no
 * longer the node's request when its turn comes, i.e. its issuer withdrew it). A reboot step is
 * answered before the reboot starts, and the reboot starts only once that answer is written.
 *
 * A request runs at most once: `running` is written before the step starts (a step whose
 * `running` cannot be written does not run), a correctly signed request is remembered until it
 * expires (a replay is then refused as expired) — with a `journal`, durably before it may run, and
 * across restarts (a request that cannot be recorded is refused) — and after a restart a request
 * whose step was queued or running, or that the journal holds without a final answer, is answered
 * `lost`, never run again. Annotation writes keep their order. Resolves when `signal` aborts; rejects
 * when the journal cannot be read.
 */
export async function runNodeAgent(options: NodeAgentLoopOptions, signal: AbortSignal): Promise<void> {
  const agent = new Agent(options, signal);
  await agent.run();
}

/** Ids of requests refused before their signature was found valid, kept to answer each once. */
const REFUSED_IDS_KEPT = 256;
/** A signature failure reloads the trusted keys at most this often. */
const TRUST_RELOAD_MS = 30_000;

class Agent {
  private readonly clock: ClockV1;
  private readonly skewMs: number;
  /** Correctly signed requests seen (run, queued, or refused for their times), until they expire. */
  private readonly known = new Map<string, number>();
  /** Other requests answered `rejected` (malformed, another node's, bad signature): the newest. */
  private readonly refused = new Set<string>();
  /** Requests being checked. */
  private readonly checking = new Set<string>();
  /** Until the startup pass (answering `lost`) is done, requests wait. */
  private started = false;
  private running: string | undefined;
  private pending: StepRequestV1 | undefined;
  private verifier: StepVerifier | undefined;
  private trustLoadedAt = Number.NEGATIVE_INFINITY;
  private bootID = '';
  /** The annotation writes, one after the other. */
  private writes: Promise<unknown> = Promise.resolve();
  /** The journal writes, one after the other. */
  private saves: Promise<unknown> = Promise.resolve();
  private readonly informer: Informer<'Node'>;

  constructor(
    private readonly options: NodeAgentLoopOptions,
    private readonly signal: AbortSignal,
  ) {
    this.clock = options.clock ?? systemClock();
    this.skewMs = (options.clockSkewSeconds ?? 300) * 1000;
    setMaxListeners(0, signal);
    this.informer = new Informer(
      options.client,
      'Node',
      { fieldSelector: `metadata.name=${options.nodeName}` },
      this.clock,
      (change) => {
        if (change.type !== 'DELETED') this.consider(change.object);
      },
      options.log,
    );
  }

  async run(): Promise<void> {
    this.bootID = await this.options.runner.bootId();
    const journaled = new Set<string>();
    if (this.options.journal) {
      const now = this.clock.now();
      for (const [id, until] of await this.options.journal.load()) {
        if (until < now) continue;
        this.known.set(id, until);
        journaled.add(id);
      }
    }
    await this.informer.start(this.signal);
    const node = this.informer.get(this.options.nodeName);
    // A request whose step was queued or running when the previous agent process stopped, or that
    // it accepted (journaled) without answering it finally: its outcome is unknown, and it is never
    // run again.
    const request = parseStepRequest(node?.metadata.annotations?.[AGENT_ANNOTATIONS.request]);
    const response = parseStepResponse(node?.metadata.annotations?.[AGENT_ANNOTATIONS.response]);
    const answered = response?.id === request?.id ? response : undefined;
    const announce: Record<string, string> = {
      [AGENT_ANNOTATIONS.agent]: JSON.stringify({
        version: VERSION,
        bootID: this.bootID,
        since: new Date(this.clock.now()).toISOString(),
      }),
    };
    if (request && (answered ? !FINAL_STEP_STATES.has(answered.state) : journaled.has(request.id))) {
      this.remember(request);
      const problem = await this.persist();
      if (problem) this.log(problem);
      announce[AGENT_ANNOTATIONS.response] = JSON.stringify(
        this.response(request.id, 'lost', {
          reason: `the node agent restarted while the ${request.phase} step was ${answered?.state ?? 'accepted'}; its outcome is unknown`,
        }),
      );
    }
    await this.write(announce);
    this.started = true;
    this.options.onReady?.();
    const current = this.informer.get(this.options.nodeName);
    if (current) this.consider(current);
    await new Promise<void>((resolve) => {
      if (this.signal.aborted) resolve();
      else this.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await this.informer.stopped();
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private consider(node: K8sNode): void {
    if (this.signal.aborted || !this.started) return;
    const annotations = node.metadata.annotations ?? {};
    const text = annotations[AGENT_ANNOTATIONS.request];
    if (text === undefined) return;
    const request = parseStepRequest(text);
    const id = request?.id ?? this.idOf(text);
    if (id === undefined || this.known.has(id) || this.refused.has(id) || this.checking.has(id)) return;
    if (!request) {
      this.refuse(id);
      void this.answer(
        this.response(id, 'rejected', { reason: 'the request is not a valid kubenode step request' }),
      );
      return;
    }
    const answered = parseStepResponse(annotations[AGENT_ANNOTATIONS.response]);
    if (answered?.id === request.id && FINAL_STEP_STATES.has(answered.state)) return;
    this.checking.add(request.id);
    void this.accept(request).finally(() => this.checking.delete(request.id));
  }

  private idOf(text: string): string | undefined {
    try {
      const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
      return typeof id === 'string' && id.length <= 64 ? id : undefined;
    } catch {
      return undefined;
    }
  }

  /** Remembers a correctly signed request until it expires (then a replay is refused as expired). */
  private remember(request: StepRequestV1): void {
    const now = this.clock.now();
    for (const [id, until] of this.known) if (until < now) this.known.delete(id);
    this.known.set(request.id, (parseTime(request.expiresAt) ?? now) + this.skewMs);
  }

  /**
   * Records the remembered requests in the journal (if any); the problem, when they could not be.
   * Writes run one after the other, each with every request remembered when it was asked for.
   */
  private async persist(): Promise<string | undefined> {
    const journal = this.options.journal;
    if (!journal) return undefined;
    const entries = new Map(this.known);
    const saved = this.saves.then(() => journal.save(entries));
    this.saves = saved.catch(() => undefined);
    try {
      await saved;
      return undefined;
    } catch (error) {
      return `the request could not be recorded: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private refuse(id: string): void {
    this.refused.add(id);
    if (this.refused.size > REFUSED_IDS_KEPT)
      this.refused.delete(this.refused.values().next().value as string);
  }

  private async accept(request: StepRequestV1): Promise<void> {
    const problem = await this.check(request);
    if (problem) {
      this.log(`refused ${request.phase} step ${request.id}: ${problem}`);
      await this.answer(this.response(request.id, 'rejected', { reason: problem }));
      return;
    }
    if (this.running !== undefined) {
      this.pending = request;
      await this.answer(this.response(request.id, 'queued', { reason: `waiting for step ${this.running}` }));
      return;
    }
    await this.execute(request);
  }

  private async check(request: StepRequestV1): Promise<string | undefined> {
    if (request.node !== this.options.nodeName) {
      this.refuse(request.id);
      return `the request is for node ${request.node}, this agent runs on ${this.options.nodeName}`;
    }
    const expires = parseTime(request.expiresAt);
    const issued = parseTime(request.issuedAt);
    if (expires === undefined || issued === undefined) {
      this.refuse(request.id);
      return 'the request has no valid issue and expiry times';
    }
    const problem = await this.checkSignature(request);
    if (problem) {
      this.refuse(request.id);
      return problem;
    }
    // From here on the request is the controller's own: remembered until it expires, whatever
    // the outcome, so that no replay of it runs.
    this.remember(request);
    const unrecorded = await this.persist();
    if (unrecorded) return unrecorded;
    const now = this.clock.now();
    if (now > expires + this.skewMs) return `the request expired at ${request.expiresAt}`;
    if (issued > now + this.skewMs) return `the request was issued in the future (${request.issuedAt})`;
    if (request.bootID !== undefined && request.bootID !== this.bootID)
      return `the request is for boot ${request.bootID}; this host runs boot ${this.bootID} (it has rebooted since)`;
    return undefined;
  }

  private async checkSignature(request: StepRequestV1): Promise<string | undefined> {
    let verifier = await this.trusted(false);
    if (!verifier) return 'no trusted step-signing key is published yet';
    let problem = verifier.check(request);
    if (problem && this.clock.now() - this.trustLoadedAt > TRUST_RELOAD_MS) {
      verifier = await this.trusted(true);
      problem = verifier ? verifier.check(request) : 'no trusted step-signing key is published';
    }
    return problem;
  }

  private async trusted(reload: boolean): Promise<StepVerifier | undefined> {
    if (!this.verifier || reload) {
      try {
        this.verifier = await this.options.trust();
        this.trustLoadedAt = this.clock.now();
        for (const ignored of this.verifier?.ignored ?? []) this.log(`ignoring a trusted key: ${ignored}`);
      } catch (error) {
        this.log(`cannot load the trusted keys: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return this.verifier;
  }

  /** Whether this request is still the one on the node (its issuer has not withdrawn or replaced it). */
  private current(request: StepRequestV1): boolean {
    const text = this.informer.get(this.options.nodeName)?.metadata.annotations?.[AGENT_ANNOTATIONS.request];
    return text !== undefined && this.idOf(text) === request.id;
  }

  private async execute(request: StepRequestV1): Promise<void> {
    this.running = request.id;
    const step: UpdateStepV1 = {
      phase: request.phase,
      description: request.description,
      command: request.command,
      timeoutSeconds: request.timeoutSeconds,
      whileServing: false,
    };
    try {
      this.bootID = await this.options.runner.bootId();
      // Recorded before the step starts: after a restart, `running` means "may have run".
      if (!(await this.answer(this.response(request.id, 'running')))) {
        this.log(`did not run ${request.phase} step ${request.id}: its start could not be recorded`);
        return;
      }
      this.log(`running ${request.phase} step ${request.id} for ${request.issuer}`);
      if (request.phase === 'reboot') {
        const answered = await this.answer(
          this.response(request.id, 'exited', { exitCode: 0, stdout: 'reboot requested\n', stderr: '' }),
        );
        this.running = undefined;
        if (!answered || this.signal.aborted) {
          this.log(`did not reboot for step ${request.id}: the answer could not be written`);
          return;
        }
        await this.options.runner.reboot(step);
        return;
      }
      let response: StepResponseV1;
      let report: Record<string, string> = {};
      try {
        const result = await this.options.runner.run(step, this.signal);
        report = result.timedOut ? {} : stepReportAnnotations(result.stdout);
        response = this.response(request.id, result.timedOut ? 'timeout' : 'exited', {
          exitCode: result.exitCode,
          stdout: result.stdout,
          stderr: result.stderr,
          ...(result.truncated ? { truncated: true } : {}),
        });
      } catch (error) {
        if (this.signal.aborted) return;
        response = this.response(request.id, 'lost', {
          reason: `the step could not be run: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      // A newer request superseded this one while it ran: its issuer no longer waits for it.
      if (this.pending === undefined) await this.answer(response, report);
      else if (Object.keys(report).length > 0) await this.write(report);
    } catch (error) {
      this.log(
        `${request.phase} step ${request.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      if (this.running === request.id) this.running = undefined;
      const next = this.pending;
      this.pending = undefined;
      if (next && !this.signal.aborted) {
        if (this.current(next)) void this.execute(next);
        else this.log(`dropped ${next.phase} step ${next.id}: it is no longer the node's request`);
      }
    }
  }

  private response(
    id: string,
    state: StepResponseV1['state'],
    fields: Partial<Omit<StepResponseV1, 'v' | 'id' | 'state' | 'at'>> = {},
  ): StepResponseV1 {
    return { v: 1, id, state, ...fields, bootID: this.bootID, at: new Date(this.clock.now()).toISOString() };
  }

  private answer(response: StepResponseV1, report: Record<string, string> = {}): Promise<boolean> {
    return this.write({ ...report, [AGENT_ANNOTATIONS.response]: JSON.stringify(response) });
  }

  /**
   * Patches this node's annotations after every earlier write, retrying while the API server is
   * unavailable; resolves whether it was written.
   */
  private write(annotations: Record<string, string>): Promise<boolean> {
    const written = this.writes.then(() => this.patch(annotations));
    this.writes = written;
    return written;
  }

  private async patch(annotations: Record<string, string>): Promise<boolean> {
    let backoff = 500;
    for (let attempt = 0; ; attempt++) {
      if (this.signal.aborted) return false;
      try {
        await this.options.client.patchNode(this.options.nodeName, { metadata: { annotations } });
        return true;
      } catch (error) {
        if (!ClusterApiError.isInstance(error) || isPermanentRefusal(error) || attempt >= 20) {
          this.log(
            `cannot write to node ${this.options.nodeName}: ${error instanceof Error ? error.message : String(error)}`,
          );
          return false;
        }
        await this.clock
          .sleep((error.retryAfterSeconds ?? 0) * 1000 || backoff, this.signal)
          .catch(() => undefined);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }
}
