import type { ClockV1 } from '../ports/clock-v1.js';
import type { ClusterClientV1 } from '../ports/cluster-client-v1.js';
import type { NodeAgentV1 } from '../ports/node-agent-v1.js';
import type { Scenario } from '../simulator/generate-scenario.js';

/** Ids of the emulated tools. */
export type EmulationId = 'kured' | 'fluo' | 'brupop' | 'suc';

/** What an emulation gets to run against. */
export interface EmulationContext {
  readonly scenario: Scenario;
  readonly client: ClusterClientV1;
  readonly agent: NodeAgentV1;
  readonly clock: ClockV1;
  readonly signal: AbortSignal;
  readonly seed: number;
  /** The version nodes move to. */
  readonly target: string;
}

/** An emulation of another tool's default behaviour on the simulator. */
export interface PolicyEmulation {
  readonly id: EmulationId;
  /** The actor name its API calls and reboots are attributed to. */
  readonly actor: string;
  /** Its node budget (concurrency), for the budget-overrun metric. */
  readonly budget: number;
  readonly description: string;
  /** Runs until every node is updated or `signal` aborts. */
  run(context: EmulationContext): Promise<void>;
}
