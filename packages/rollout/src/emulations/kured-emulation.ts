import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sLease } from '../kubernetes/kubernetes-objects.js';
import { rfc3339 } from '../kubernetes/time-format.js';
import { Random } from '../simulator/random.js';
import type { EmulationContext, PolicyEmulation } from './policy-emulation.js';
import {
  ensureLease,
  hostStrategy,
  patchNode,
  rebootNode,
  rebootRequired,
  retryTransient,
  selfUpdatingOs,
  waitForDaemonPod,
  waitForReboot,
} from './emulation-support.js';
import { kubectlDrain } from './kubectl-drain.js';

const LOCK_NAMESPACE = 'kube-system';
const LOCK_NAME = 'kured';
const LOCK_ANNOTATION = 'weave.works/kured-node-lock';
const PERIOD_SECONDS = 3600;

interface KuredLock {
  readonly nodeID: string;
  readonly metadata: { readonly unschedulable: boolean };
  readonly created: string;
  readonly TTL: number;
}

/**
 * kured's defaults (kubereboot/kured@51220cc, shared/reference/updates.md §2.1, §7.2):
 * - every node's kured pod checks the reboot sentinel every `--period` (60 min) at a random phase;
 * - one lock (`--concurrency=1`, TTL 0): the DaemonSet annotation `weave.works/kured-node-lock`,
 *   taken with GET + UPDATE under resourceVersion (conflict: retry after 1 s). The port has no
 *   DaemonSet objects, so the annotation lives on a Lease `kube-system/kured` with the same
 *   semantics;
 * - the holder cordons and drains with kubectl's drain helper (every pod at once, 429 retried every
 *   5 s, `--drain-timeout=0`: no timeout), then reboots;
 * - after the reboot its pod restarts (the simulator's `update-agent` DaemonSet pod Ready), the startup loop ticks after
 *   a random 30–90 s, uncordons if the node was schedulable when locked, and releases the lock; no
 *   verification, no version check;
 * - the OS stages the update itself (update_engine / unattended-upgrades) while serving.
 * The next node to reboot is whichever waiting node's hourly tick comes first.
 */
export const kuredEmulation: PolicyEmulation = {
  id: 'kured',
  actor: 'kured',
  budget: 1,
  description:
    'kured defaults: hourly random-phase sentinel checks, one lock, kubectl drain without timeout, uncordon on pod start',
  async run(context: EmulationContext): Promise<void> {
    const { client, agent, clock, signal, scenario } = context;
    const strategy = hostStrategy(scenario);
    await ensureLease(client, LOCK_NAMESPACE, LOCK_NAME);
    void selfUpdatingOs({ scenario, client, clock, signal }).catch(() => undefined);
    const random = Random.derive(context.seed, 'kured');
    const nodes = (await retryTransient(clock, signal, () => client.list('Node'))).items
      .map((node) => node.metadata.name)
      .sort();
    const phases = new Map(nodes.map((name) => [name, random.uniform(0, PERIOD_SECONDS)]));

    const lock = async (name: string, unschedulable: boolean): Promise<boolean> => {
      for (;;) {
        signal.throwIfAborted();
        const lease = await retryTransient(clock, signal, () => client.getLease(LOCK_NAMESPACE, LOCK_NAME));
        const held = parseLock(lease);
        if (held && held.nodeID !== name) return false;
        const value: KuredLock = {
          nodeID: name,
          metadata: { unschedulable },
          created: rfc3339(clock.now()),
          TTL: 0,
        };
        try {
          await client.updateLease(withLock(lease, value));
          return true;
        } catch (error) {
          if (!(ClusterApiError.isInstance(error) && error.code === 409)) throw error;
          await clock.sleep(1000, signal);
        }
      }
    };
    const release = async (name: string): Promise<KuredLock | undefined> => {
      for (;;) {
        signal.throwIfAborted();
        const lease = await retryTransient(clock, signal, () => client.getLease(LOCK_NAMESPACE, LOCK_NAME));
        const held = parseLock(lease);
        if (!held || held.nodeID !== name) return undefined;
        try {
          await client.updateLease(withLock(lease, undefined));
          return held;
        } catch (error) {
          if (!(ClusterApiError.isInstance(error) && error.code === 409)) throw error;
          await clock.sleep(1000, signal);
        }
      }
    };

    const rebootSequence = async (name: string): Promise<void> => {
      const node = await client.getNode(name);
      if (!(await lock(name, node.spec.unschedulable === true))) return;
      await patchNode(client, clock, name, { spec: { unschedulable: true } }, signal);
      await kubectlDrain(client, clock, name, { timeoutSeconds: 0 }, signal);
      const before = await retryTransient(clock, signal, () => client.getNode(name));
      await rebootNode(agent, strategy, scenario, before, signal);
      await waitForReboot(client, clock, name, before.status?.nodeInfo?.bootID ?? '', signal);
      await waitForDaemonPod(client, clock, name, 'update-agent', signal);
      // Startup loop: first tick after a random delay of d/2..1.5d (d = 1 min).
      await clock.sleep(random.uniform(30, 90) * 1000, signal);
      const held = await release(name);
      if (held && !held.metadata.unschedulable)
        await patchNode(client, clock, name, { spec: { unschedulable: false } }, signal);
    };

    await Promise.all(
      nodes.map(async (name) => {
        await clock.sleep((phases.get(name) ?? 0) * 1000, signal);
        for (;;) {
          try {
            const node = await client.getNode(name);
            if (await rebootRequired(agent, strategy, scenario, node, signal)) await rebootSequence(name);
          } catch (error) {
            if (signal.aborted) throw error;
          }
          await clock.sleep(PERIOD_SECONDS * 1000, signal);
        }
      }),
    );
  },
};

function parseLock(lease: K8sLease): KuredLock | undefined {
  const text = lease.metadata.annotations?.[LOCK_ANNOTATION];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as KuredLock;
  } catch {
    return undefined;
  }
}

function withLock(lease: K8sLease, lock: KuredLock | undefined): K8sLease {
  const annotations: Record<string, string> = { ...lease.metadata.annotations };
  if (lock) annotations[LOCK_ANNOTATION] = JSON.stringify(lock);
  else delete annotations[LOCK_ANNOTATION];
  return { ...lease, metadata: { ...lease.metadata, annotations } };
}
