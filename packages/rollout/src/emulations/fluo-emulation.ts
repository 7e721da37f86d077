import type { K8sNode } from '../kubernetes/kubernetes-objects.js';
import type { EmulationContext, PolicyEmulation } from './policy-emulation.js';
import {
  hostStrategy,
  patchNode,
  rebootNode,
  rebootRequired,
  retryTransient,
  selfUpdatingOs,
  waitForReboot,
} from './emulation-support.js';
import { kubectlDrain } from './kubectl-drain.js';
import { NodeWatcher } from './node-watcher.js';

const PREFIX = 'flatcar-linux-update.v1.flatcar-linux.net/';
const REBOOT_NEEDED = `${PREFIX}reboot-needed`;
const REBOOT_IN_PROGRESS = `${PREFIX}reboot-in-progress`;
const REBOOT_OK = `${PREFIX}reboot-ok`;
const MADE_UNSCHEDULABLE = `${PREFIX}agent-made-unschedulable`;
const BEFORE_REBOOT = `${PREFIX}before-reboot`;
const AFTER_REBOOT = `${PREFIX}after-reboot`;
const RECONCILE_SECONDS = 30;
const QPS = 5;
const BURST = 10;
const MAX_REBOOTING_NODES = 1;
const DRAIN_TIMEOUT_SECONDS = 600;

/**
 * FLUO's defaults (flatcar/flatcar-linux-update-operator@8dd83d7, shared/reference/updates.md §2.2):
 * - agent per node: when update_engine reports UPDATED_NEED_REBOOT it annotates `reboot-needed`;
 *   on `reboot-ok=true` it sets `reboot-in-progress`, cordons (recording
 *   `agent-made-unschedulable`), drains with kubectl's helper (600 s timeout, kube-system pods never
 *   evicted, **errors logged and the reboot proceeds**), reboots; after boot it clears its flags,
 *   waits for `reboot-ok` to drop and uncordons if it cordoned;
 * - operator every 30 s, `maxRebootingNodes` 1: (1) no-op cleanup GET+UPDATE on every node, (2)
 *   after-reboot nodes → `reboot-ok=false`, (3) rebooted nodes → `after-reboot` label, (4)
 *   before-reboot nodes → `reboot-ok=true` (no hooks configured), (5) label up to one waiting node
 *   `before-reboot`. Its client runs at client-go's default QPS 5 / burst 10, so a reconcile of N
 *   nodes costs (5 LISTs + 2N requests) ÷ 5 s; the modelled no-op requests are counted, not sent;
 * - the OS (update_engine) stages the update while serving.
 */
export const fluoEmulation: PolicyEmulation = {
  id: 'fluo',
  actor: 'fluo',
  budget: MAX_REBOOTING_NODES,
  description:
    'FLUO defaults: 30 s reconcile at QPS 5, one node at a time, 600 s drain timeout then reboot anyway',
  async run(context: EmulationContext): Promise<void> {
    const { client, agent, clock, signal, scenario } = context;
    const strategy = hostStrategy(scenario);
    const watcher = new NodeWatcher(client, clock);
    await watcher.start(signal);
    void selfUpdatingOs({ scenario, client, clock, signal }).catch(() => undefined);
    const names = watcher
      .nodes()
      .map((node) => node.metadata.name)
      .sort();
    const annotation = (node: K8sNode | undefined, key: string) => node?.metadata.annotations?.[key];
    const label = (node: K8sNode | undefined, key: string) => node?.metadata.labels?.[key];

    const agentLoop = async (name: string) => {
      for (let round = 0; ; round++) {
        // update_engine's StatusUpdate signal: its status, polled every 5 min (hourly once updated).
        for (;;) {
          const node = watcher.node(name);
          if (node && (await rebootRequired(agent, strategy, scenario, node, signal))) break;
          await clock.sleep(round === 0 ? 300_000 : 3_600_000, signal);
        }
        await patchNode(
          client,
          clock,
          name,
          { metadata: { annotations: { [REBOOT_NEEDED]: 'true' }, labels: { [REBOOT_NEEDED]: 'true' } } },
          signal,
        );
        await watcher.until(name, (node) => annotation(node, REBOOT_OK) === 'true', signal);
        const node = watcher.node(name) as K8sNode;
        const cordon = node.spec.unschedulable !== true;
        await patchNode(
          client,
          clock,
          name,
          {
            spec: { unschedulable: true },
            metadata: {
              annotations: {
                [REBOOT_IN_PROGRESS]: 'true',
                ...(cordon ? { [MADE_UNSCHEDULABLE]: 'true' } : {}),
              },
            },
          },
          signal,
        );
        // Drain errors are logged and the reboot proceeds (FLUO#188).
        await kubectlDrain(
          client,
          clock,
          name,
          { timeoutSeconds: DRAIN_TIMEOUT_SECONDS, skipNamespaces: ['kube-system'] },
          signal,
        );
        const before = await retryTransient(clock, signal, () => client.getNode(name));
        await rebootNode(agent, strategy, scenario, before, signal);
        await waitForReboot(client, clock, name, before.status?.nodeInfo?.bootID ?? '', signal, 5);
        await patchNode(
          client,
          clock,
          name,
          {
            metadata: {
              annotations: { [REBOOT_NEEDED]: 'false', [REBOOT_IN_PROGRESS]: 'false' },
              labels: { [REBOOT_NEEDED]: 'false' },
            },
          },
          signal,
        );
        await watcher.until(name, (current) => annotation(current, REBOOT_OK) !== 'true', signal);
        if (annotation(watcher.node(name), MADE_UNSCHEDULABLE) === 'true')
          await patchNode(
            client,
            clock,
            name,
            { spec: { unschedulable: false }, metadata: { annotations: { [MADE_UNSCHEDULABLE]: null } } },
            signal,
          );
      }
    };

    const operator = async () => {
      for (;;) {
        // A reconcile's cost at QPS 5: 5 LISTs and a GET + UPDATE per node (cleanupState).
        const requests = 5 + 2 * names.length;
        scenario.cluster.countRequests('fluo', 'list', 4);
        scenario.cluster.countRequests('fluo', 'get', names.length);
        scenario.cluster.countRequests('fluo', 'update', names.length);
        await clock.sleep(Math.max(RECONCILE_SECONDS, Math.max(0, requests - BURST) / QPS) * 1000, signal);
        const nodes = (await retryTransient(clock, signal, () => client.list('Node'))).items;
        for (const node of nodes) {
          const name = node.metadata.name;
          if (label(node, AFTER_REBOOT) === 'true')
            await patchNode(
              client,
              clock,
              name,
              { metadata: { labels: { [AFTER_REBOOT]: null }, annotations: { [REBOOT_OK]: 'false' } } },
              signal,
            );
        }
        for (const node of nodes) {
          const a = node.metadata.annotations ?? {};
          if (
            a[REBOOT_OK] === 'true' &&
            a[REBOOT_NEEDED] !== 'true' &&
            a[REBOOT_IN_PROGRESS] !== 'true' &&
            label(node, AFTER_REBOOT) !== 'true'
          )
            await patchNode(
              client,
              clock,
              node.metadata.name,
              { metadata: { labels: { [AFTER_REBOOT]: 'true' } } },
              signal,
            );
        }
        for (const node of nodes) {
          if (label(node, BEFORE_REBOOT) === 'true')
            await patchNode(
              client,
              clock,
              node.metadata.name,
              { metadata: { labels: { [BEFORE_REBOOT]: null }, annotations: { [REBOOT_OK]: 'true' } } },
              signal,
            );
        }
        const fresh = (await retryTransient(clock, signal, () => client.list('Node'))).items;
        const busy = fresh.filter(
          (node) =>
            annotation(node, REBOOT_OK) === 'true' ||
            label(node, BEFORE_REBOOT) === 'true' ||
            label(node, AFTER_REBOOT) === 'true',
        ).length;
        let room = MAX_REBOOTING_NODES - busy;
        for (const node of fresh) {
          if (room <= 0) break;
          if (annotation(node, REBOOT_NEEDED) === 'true' && annotation(node, REBOOT_OK) !== 'true') {
            await patchNode(
              client,
              clock,
              node.metadata.name,
              { metadata: { labels: { [BEFORE_REBOOT]: 'true' } } },
              signal,
            );
            room--;
          }
        }
      }
    };
    await Promise.all([operator(), ...names.map(agentLoop)]);
  },
};
