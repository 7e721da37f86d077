import type { UpdateStepV1 } from '@kubenode/core';
import { Random } from '../simulator/random.js';
import type { EmulationContext, PolicyEmulation } from './policy-emulation.js';
import {
  hostStrategy,
  patchNode,
  rebootNode,
  retryTransient,
  sha256,
  stepOf,
  waitForReboot,
} from './emulation-support.js';
import { kubectlDrain } from './kubectl-drain.js';

const PLAN_UID = '9f2b7c1e-0d4a-4c8e-9a51-6b3f2e8d7c10';
const JOB_DEADLINE_SECONDS = 900;

/**
 * system-upgrade-controller defaults (rancher/system-upgrade-controller@d357e23,
 * shared/reference/updates.md §2.4), one Plan with `concurrency: 1` and `drain: {}`:
 * - nodes in `sha256(nodeUID + planUID + hash)` order (pseudo-random, zone-unaware);
 * - per node a Job: its pod starts (image pull 10–30 s), the drain init container runs
 *   `kubectl drain` (Eviction API, no timeout), then the upgrade container stages and applies the
 *   update **inside the slot** and reboots the node; after the reboot the Job's pod runs again,
 *   finds the update done and completes; the node is labelled and uncordoned;
 * - `activeDeadlineSeconds` 900 (the shipped manifest) covers the whole Job: a Job still running
 *   then fails, **the node stays cordoned and in `applying`, and the plan stalls** (SUC#71).
 */
export const sucEmulation: PolicyEmulation = {
  id: 'suc',
  actor: 'suc',
  budget: 1,
  description:
    'system-upgrade-controller defaults: one Job at a time, hashed order, staging inside the slot, 900 s Job deadline',
  async run(context: EmulationContext): Promise<void> {
    const { client, agent, clock, signal, scenario } = context;
    const strategy = hostStrategy(scenario);
    const random = Random.derive(context.seed, 'suc');
    const hash = sha256(scenario.profile.toVersion);
    const nodes = (await retryTransient(clock, signal, () => client.list('Node'))).items
      .map((node) => ({
        name: node.metadata.name,
        key: sha256(`${node.metadata.uid ?? node.metadata.name}${PLAN_UID}${hash}`),
      }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const { name } of nodes) {
      if (scenario.cluster.nodeVersion(name) === scenario.profile.toVersion) continue;
      const deadline = new AbortController();
      const onAbort = () => deadline.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const jobSignal = deadline.signal;
      const timer = clock.sleep(JOB_DEADLINE_SECONDS * 1000, jobSignal).then(
        () => deadline.abort(new Error('DeadlineExceeded')),
        () => undefined,
      );
      let completed = false;
      try {
        await clock.sleep(random.uniform(10, 30) * 1000, jobSignal);
        await patchNode(client, clock, name, { spec: { unschedulable: true } }, jobSignal);
        await kubectlDrain(client, clock, name, { timeoutSeconds: 0 }, jobSignal);
        const node = await retryTransient(clock, jobSignal, () => client.getNode(name));
        for (const phase of ['stage', 'apply'] as const) {
          const step = stepOf(strategy, scenario, node, phase) as UpdateStepV1 | undefined;
          if (step) await agent.runStep({ node: name, step, signal: jobSignal });
        }
        await rebootNode(agent, strategy, scenario, node, jobSignal);
        await waitForReboot(client, clock, name, node.status?.nodeInfo?.bootID ?? '', jobSignal, 5);
        // The Job's pod is recreated on the rebooted node and runs the (idempotent) upgrade again.
        await clock.sleep(random.uniform(10, 30) * 1000, jobSignal);
        completed = true;
      } catch (error) {
        if (signal.aborted) throw error;
      } finally {
        deadline.abort(new Error('job finished'));
        signal.removeEventListener('abort', onAbort);
        await timer;
      }
      if (!completed) {
        // Job failed: the node stays cordoned in `applying`, the slot stays taken: the plan stalls.
        await new Promise<void>((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        );
      }
      await patchNode(
        client,
        clock,
        name,
        {
          spec: { unschedulable: false },
          metadata: { labels: { 'plan.upgrade.cattle.io/os-upgrade': hash.slice(0, 56) } },
        },
        signal,
      );
    }
  },
};
