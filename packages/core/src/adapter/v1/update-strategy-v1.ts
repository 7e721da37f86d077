import type { NodePool } from '../../node-pool/node-pool-schema.js';
import type { OsFileV1 } from './os-file-v1.js';
import type { SystemdUnitV1 } from './systemd-unit-v1.js';

/** The phases of one node's in-place update, in order. */
export type UpdatePhaseV1 = 'detect' | 'stage' | 'apply' | 'reboot' | 'verify' | 'rollback';

/** What an update mechanism can do. */
export interface UpdateCapabilitiesV1 {
  /** The OS updates in place (as opposed to only by replacing the machine). */
  readonly inPlace: boolean;
  /** Updates go to the inactive A/B partition; the old one stays bootable. */
  readonly abPartitions: boolean;
  /** The update can be downloaded and staged while the node keeps serving. */
  readonly stageWhileServing: boolean;
  /** A failed update can be rolled back to the previous version. */
  readonly rollback: boolean;
  /** Applying the update needs a reboot. */
  readonly requiresReboot: boolean;
  /** Kernel live patching is available. */
  readonly livepatch: boolean;
}

/** One step the node agent runs on the host for an update phase. */
export interface UpdateStepV1 {
  readonly phase: UpdatePhaseV1;
  /** What the step does, in words. */
  readonly description: string;
  /** argv run on the host (through the node agent, in the host's namespaces); empty for agent-native steps such as reboot. */
  readonly command: readonly string[];
  /** Deadline for the step. */
  readonly timeoutSeconds: number;
  /** Whether the step may run while the node still serves workloads (before drain). */
  readonly whileServing: boolean;
}

/** What the node reports about itself (Node `status.nodeInfo` and kubenode annotations). */
export interface NodeObservationV1 {
  readonly name: string;
  /** `status.nodeInfo.osImage`, e.g. "Flatcar Container Linux by Kinvolk 4459.2.1 (Oklo)". */
  readonly osImage: string;
  /** `status.nodeInfo.kernelVersion`. */
  readonly kernelVersion: string;
  /** `status.nodeInfo.bootID`; changes on every boot. */
  readonly bootID: string;
  /** Node annotations (the agent records package state and versions under `kubenode.dev/`). */
  readonly annotations: Readonly<Record<string, string>>;
}

/** The version an update moves to; undefined fields mean "whatever the channel offers". */
export interface UpdateTargetV1 {
  readonly version?: string;
}

/** Result of a step the agent ran. */
export interface StepOutputV1 {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What the detect step found. */
export interface UpdateAvailabilityV1 {
  /** An update is available (or already staged). */
  readonly available: boolean;
  /** The version it brings, where the mechanism reports one. */
  readonly version?: string;
  /** A reboot is already pending (e.g. /var/run/reboot-required). */
  readonly rebootRequired: boolean;
}

/** The per-node plan the rollout engine executes. */
export interface NodeUpdatePlanV1 {
  readonly node: string;
  readonly steps: readonly UpdateStepV1[];
}

/** Whether an update took effect, and why not. */
export interface VerificationResultV1 {
  readonly ok: boolean;
  /** One line per failed check; empty when ok. */
  readonly reasons: readonly string[];
}

/** Keys compared before and after an update to prove it took effect. */
export type VerificationKeyV1 = 'osImage' | 'kernelVersion' | 'bootID' | 'annotation';

/**
 * The node-side half of updates: configuration that hands update control to the orchestrator,
 * and the steps the rollout engine runs through the node agent.
 */
export interface UpdateStrategyV1 {
  /** The mechanism. */
  readonly kind: 'ab-partition' | 'package-manager' | 'image-replacement' | 'api';
  readonly capabilities: UpdateCapabilitiesV1;
  /** What `verify` compares. */
  readonly verificationKeys: readonly VerificationKeyV1[];
  /**
   * Files and units that put updates under the orchestrator's control (no automatic reboots),
   * included in the provisioning output. Pure.
   */
  nodeConfiguration(pool: NodePool): {
    readonly files: readonly OsFileV1[];
    readonly units: readonly SystemdUnitV1[];
  };
  /** The steps to update one node. Pure. */
  planNode(input: {
    readonly pool: NodePool;
    readonly node: NodeObservationV1;
    readonly target: UpdateTargetV1;
  }): NodeUpdatePlanV1;
  /** Reads the detect step's output. Pure. */
  interpretDetect(output: StepOutputV1): UpdateAvailabilityV1;
  /** Compares the node before and after the update. Pure. */
  verify(input: {
    readonly before: NodeObservationV1;
    readonly after: NodeObservationV1;
    readonly target: UpdateTargetV1;
  }): VerificationResultV1;
}
