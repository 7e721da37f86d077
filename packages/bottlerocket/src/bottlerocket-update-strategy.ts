import type {
  NodeObservationV1,
  NodeUpdatePlanV1,
  StepOutputV1,
  UpdateAvailabilityV1,
  UpdateStepV1,
  UpdateStrategyV1,
  VerificationResultV1,
} from '@kubenode/core';

/** A Bottlerocket OS version as `nodeInfo.osImage` reports it: `Bottlerocket OS 1.19.4 (aws-k8s-1.27)`. */
export function parseBottlerocketOsImage(osImage: string): { version: string; variant?: string } | undefined {
  const match = /^Bottlerocket OS (\d+\.\d+\.\d+)(?: \(([^)]+)\))?/.exec(osImage.trim());
  if (!match) return undefined;
  return match[2] === undefined ? { version: match[1]! } : { version: match[1]!, variant: match[2] };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let index = 0; index < 3; index += 1) {
    const difference = (pa[index] ?? 0) - (pb[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function versionLock(version: string | undefined): string {
  return version === undefined ? 'latest' : `v${version.replace(/^v/, '')}`;
}

/** `apiclient set --json ...` for settings.updates (argv; no shell). */
function setUpdates(version: string | undefined): readonly string[] {
  return [
    'apiclient',
    'set',
    '--json',
    JSON.stringify({ updates: { 'version-lock': versionLock(version), 'ignore-waves': true } }),
  ];
}

/** The update status JSON `apiclient update check` prints (GET /updates/status), leniently read. */
interface UpdateStatus {
  readonly update_state?: string;
  readonly chosen_update?: { readonly version?: string } | null;
  readonly active_partition?: { readonly image?: { readonly version?: string } } | null;
}

function parseStatus(stdout: string): UpdateStatus | undefined {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    const value: unknown = JSON.parse(stdout.slice(start, end + 1));
    return value !== null && typeof value === 'object' ? (value as UpdateStatus) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Bottlerocket's image-based A/B updates, driven through the node's API (`apiclient`) by the
 * kubenode node agent: `settings.updates` pins the version (`version-lock`) and ignores waves so
 * the rollout decides the order; `apiclient update check` refreshes the TUF metadata;
 * `apiclient update apply` downloads the image to the inactive partition set and marks it for
 * the next boot while the node keeps serving; `apiclient reboot` switches. Verified by the
 * version in `nodeInfo.osImage` and a new `bootID`. Rolled back by `signpost rollback-to-inactive`
 * (boot the previous set) with the version lock moved back, or, before the reboot,
 * `apiclient update cancel`.
 */
export const bottlerocketUpdateStrategy: UpdateStrategyV1 = {
  kind: 'ab-partition',
  capabilities: {
    inPlace: true,
    abPartitions: true,
    stageWhileServing: true,
    rollback: true,
    requiresReboot: true,
    livepatch: false,
  },
  verificationKeys: ['osImage', 'bootID'],
  nodeConfiguration: () => ({ files: [], units: [] }),
  planNode({ node, target }): NodeUpdatePlanV1 {
    const current = parseBottlerocketOsImage(node.osImage)?.version;
    const steps: UpdateStepV1[] = [
      {
        phase: 'detect',
        description: `pin settings.updates.version-lock to ${versionLock(target.version)} and ignore waves`,
        command: setUpdates(target.version),
        timeoutSeconds: 60,
        whileServing: true,
      },
      {
        phase: 'detect',
        description: 'refresh the update metadata and print the update status (apiclient update check)',
        command: ['apiclient', 'update', 'check'],
        timeoutSeconds: 120,
        whileServing: true,
      },
      {
        phase: 'stage',
        description:
          'download the chosen image to the inactive partition set and activate it for the next boot (apiclient update apply)',
        command: ['apiclient', 'update', 'apply'],
        timeoutSeconds: 1200,
        whileServing: true,
      },
      {
        phase: 'apply',
        description:
          'after the drain, confirm the update is Ready (staged and active for the next boot) before rebooting (apiclient update check)',
        command: ['apiclient', 'update', 'check'],
        timeoutSeconds: 120,
        whileServing: false,
      },
      {
        phase: 'reboot',
        description: 'reboot into the updated partition set (apiclient reboot)',
        command: ['apiclient', 'reboot'],
        timeoutSeconds: 600,
        whileServing: false,
      },
      {
        phase: 'verify',
        description: 'check that nodeInfo.osImage reports the target version and that bootID changed',
        command: [],
        timeoutSeconds: 600,
        whileServing: false,
      },
      {
        phase: 'rollback',
        description: `pin settings.updates.version-lock back to ${versionLock(current)} so the next check does not choose the failed version`,
        command: setUpdates(current),
        timeoutSeconds: 60,
        whileServing: false,
      },
      {
        phase: 'rollback',
        description: 'make the previous partition set the next to boot (signpost rollback-to-inactive)',
        command: ['signpost', 'rollback-to-inactive'],
        timeoutSeconds: 60,
        whileServing: false,
      },
      {
        phase: 'rollback',
        description: 'reboot into the previous version (apiclient reboot)',
        command: ['apiclient', 'reboot'],
        timeoutSeconds: 600,
        whileServing: false,
      },
    ];
    return { node: node.name, steps };
  },
  interpretDetect(output: StepOutputV1): UpdateAvailabilityV1 {
    const status = output.exitCode === 0 ? parseStatus(output.stdout) : undefined;
    if (!status?.update_state) return { available: false, rebootRequired: false };
    const state = status.update_state;
    const version = status.chosen_update?.version;
    return {
      available: state === 'Available' || state === 'Staged' || state === 'Ready',
      ...(version === undefined ? {} : { version }),
      rebootRequired: state === 'Ready',
    };
  },
  verify({ before, after, target }): VerificationResultV1 {
    const reasons: string[] = [];
    if (after.bootID === before.bootID)
      reasons.push(`bootID ${after.bootID} did not change: the node has not rebooted`);
    const previous = parseBottlerocketOsImage(before.osImage);
    const now = parseBottlerocketOsImage(after.osImage);
    if (!now) reasons.push(`osImage '${after.osImage}' is not a Bottlerocket OS version`);
    else {
      if (target.version !== undefined && now.version !== target.version.replace(/^v/, '')) {
        reasons.push(`osImage reports ${now.version}, expected ${target.version.replace(/^v/, '')}`);
      }
      if (target.version === undefined && previous && compareVersions(now.version, previous.version) <= 0) {
        reasons.push(`osImage reports ${now.version}, not newer than ${previous.version}`);
      }
      if (previous?.variant !== undefined && now.variant !== undefined && previous.variant !== now.variant) {
        reasons.push(`variant changed from ${previous.variant} to ${now.variant}`);
      }
    }
    return { ok: reasons.length === 0, reasons };
  },
};

/** Steps that cancel an update applied but not yet booted (`apiclient update cancel`). */
export function bottlerocketCancelSteps(node: Pick<NodeObservationV1, 'name'>): NodeUpdatePlanV1 {
  return {
    node: node.name,
    steps: [
      {
        phase: 'rollback',
        description:
          'deactivate the staged update so the node keeps booting the current version (apiclient update cancel)',
        command: ['apiclient', 'update', 'cancel'],
        timeoutSeconds: 60,
        whileServing: true,
      },
    ],
  };
}
