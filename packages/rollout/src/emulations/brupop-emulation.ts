import type { UpdateStepV1 } from '@kubenode/core';
import type { EmulationContext, PolicyEmulation } from './policy-emulation.js';
import {
  hostStrategy,
  patchNode,
  rebootNode,
  retryTransient,
  stepOf,
  waitForDaemonPod,
  waitForReboot,
} from './emulation-support.js';
import { kubectlDrain } from './kubectl-drain.js';

type ShadowState = 'Idle' | 'StagedAndPerformedUpdate' | 'RebootedIntoUpdate' | 'MonitoringUpdate';
const NEXT: Record<ShadowState, ShadowState> = {
  Idle: 'StagedAndPerformedUpdate',
  StagedAndPerformedUpdate: 'RebootedIntoUpdate',
  RebootedIntoUpdate: 'MonitoringUpdate',
  MonitoringUpdate: 'Idle',
};
const CONTROLLER_SECONDS = 2;
const AGENT_SECONDS = 5;

/**
 * brupop's defaults (bottlerocket-os/bottlerocket-update-operator@2fcbeb1, shared/reference/updates.md §2.3):
 * - `MAX_CONCURRENT_UPDATE` 1; the controller loop (2 s) advances one BottlerocketShadow at a time:
 *   Idle → StagedAndPerformedUpdate → RebootedIntoUpdate → MonitoringUpdate → Idle, each step
 *   taken once the agent (5 s loop) reports the previous one done; nodes in name order (all
 *   crash counts 0);
 * - the controller reads each node's running version (the agent reports it from the `/os` API);
 * - the agent stages **inside the slot** (update API prepare + activate), then cordons, drains with
 *   its own eviction loop (5 concurrent, 429 retried every 5 s, no timeout), reboots; after boot its
 *   pod restarts, checks the running version and uncordons; MonitoringUpdate is a no-op.
 * The BottlerocketShadow objects live in the emulation's memory (the port has no CRDs); their
 * transitions cost the same controller and agent loop periods.
 */
export const brupopEmulation: PolicyEmulation = {
  id: 'brupop',
  actor: 'brupop',
  budget: 1,
  description: 'brupop defaults: one node at a time, staging inside the slot, eviction loop without timeout',
  async run(context: EmulationContext): Promise<void> {
    const { client, agent, clock, signal, scenario } = context;
    const strategy = hostStrategy(scenario);
    const names = (await retryTransient(clock, signal, () => client.list('Node'))).items
      .map((node) => node.metadata.name)
      .sort();
    const target = scenario.profile.toVersion;
    const shadows = new Map(
      names.map((name) => [name, { spec: 'Idle' as ShadowState, status: 'Idle' as ShadowState }]),
    );
    const agentRun = async (name: string) => {
      const shadow = shadows.get(name) as { spec: ShadowState; status: ShadowState };
      for (;;) {
        await clock.sleep(AGENT_SECONDS * 1000, signal);
        if (shadow.status === shadow.spec) {
          if (shadow.spec === 'Idle') return;
          continue;
        }
        const node = await retryTransient(clock, signal, () => client.getNode(name));
        switch (shadow.spec) {
          case 'StagedAndPerformedUpdate': {
            for (const phase of ['stage', 'apply'] as const) {
              const step = stepOf(strategy, scenario, node, phase) as UpdateStepV1 | undefined;
              if (step) await agent.runStep({ node: name, step, signal }).catch(() => undefined);
            }
            break;
          }
          case 'RebootedIntoUpdate': {
            if (scenario.cluster.nodeVersion(name) !== target) {
              await patchNode(client, clock, name, { spec: { unschedulable: true } }, signal);
              await kubectlDrain(client, clock, name, { timeoutSeconds: 0, concurrency: 5 }, signal);
              const before = await retryTransient(clock, signal, () => client.getNode(name));
              await rebootNode(agent, strategy, scenario, before, signal);
              await waitForReboot(
                client,
                clock,
                name,
                before.status?.nodeInfo?.bootID ?? '',
                signal,
                AGENT_SECONDS,
              );
              await waitForDaemonPod(client, clock, name, 'update-agent', signal);
            }
            await patchNode(client, clock, name, { spec: { unschedulable: false } }, signal);
            break;
          }
          default:
            break;
        }
        shadow.status = shadow.spec;
      }
    };
    for (;;) {
      const active = names.find((name) => {
        const shadow = shadows.get(name) as { spec: ShadowState; status: ShadowState };
        return shadow.spec !== 'Idle' || shadow.status !== 'Idle';
      });
      if (active) {
        const shadow = shadows.get(active) as { spec: ShadowState; status: ShadowState };
        if (shadow.status === shadow.spec) shadow.spec = NEXT[shadow.spec];
      } else {
        const next = names.find(
          (name) => scenario.cluster.nodeVersion(name) !== target && scenario.cluster.nodeUp(name),
        );
        if (next) {
          const shadow = shadows.get(next) as { spec: ShadowState; status: ShadowState };
          shadow.spec = 'StagedAndPerformedUpdate';
          void agentRun(next).catch(() => undefined);
        }
      }
      await clock.sleep(CONTROLLER_SECONDS * 1000, signal);
    }
  },
};
