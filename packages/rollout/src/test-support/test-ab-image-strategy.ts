import {
  osFile,
  type NodePool,
  type StepOutputV1,
  type UpdateAvailabilityV1,
  type UpdateStrategyV1,
  type VerificationResultV1,
} from '@kubenode/core';

const ACTIVE_OPS = new Set([
  'UPDATE_STATUS_UPDATE_AVAILABLE',
  'UPDATE_STATUS_DOWNLOADING',
  'UPDATE_STATUS_VERIFYING',
  'UPDATE_STATUS_FINALIZING',
  'UPDATE_STATUS_UPDATED_NEED_REBOOT',
]);

/**
 * A small, honest A/B image {@link UpdateStrategyV1} for tests and simulations, modelled on
 * Flatcar's update_engine: `REBOOT_STRATEGY=off` and a masked locksmithd hand reboots to the
 * orchestrator; detect reads `update_engine_client -status`; stage downloads into the inactive USR
 * partition while the node serves; the orchestrator reboots; verify requires a new bootID and the
 * target version in `osImage`; rollback re-prioritises the other USR partition (cgpt), as in
 * flatcar.org's manual-rollback guide. It is not the Flatcar adapter (that lives in
 * `@kubenode/flatcar`); it exists so the rollout engine is tested without importing an adapter.
 */
export function createTestAbImageStrategy(): UpdateStrategyV1 {
  return {
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
    nodeConfiguration(pool: NodePool) {
      const group = pool.spec.updates.channel ?? pool.spec.image?.channel ?? 'stable';
      return {
        files: [osFile('/etc/flatcar/update.conf', `GROUP=${group}\nREBOOT_STRATEGY=off\n`)],
        units: [{ name: 'locksmithd.service', mask: true, dropins: [] }],
      };
    },
    planNode({ node }) {
      return {
        node: node.name,
        steps: [
          {
            phase: 'detect',
            description: 'check for an update and read update_engine status',
            command: [
              '/bin/sh',
              '-c',
              'update_engine_client -check_for_update >/dev/null 2>&1; update_engine_client -status',
            ],
            timeoutSeconds: 120,
            whileServing: true,
          },
          {
            phase: 'stage',
            description: 'download and write the update to the inactive USR partition',
            command: ['/usr/bin/update_engine_client', '-update'],
            timeoutSeconds: 1800,
            whileServing: true,
          },
          {
            phase: 'reboot',
            description: 'reboot into the updated partition (systemd-logind)',
            command: [],
            timeoutSeconds: 60,
            whileServing: false,
          },
          {
            phase: 'rollback',
            description: 'prioritise the previous USR partition for the next boot',
            command: [
              '/bin/sh',
              '-c',
              'cgpt prioritize "$(cgpt find -t flatcar-usr | grep --invert-match "$(rootdev -s /usr)")"',
            ],
            timeoutSeconds: 120,
            whileServing: false,
          },
        ],
      };
    },
    interpretDetect(output: StepOutputV1): UpdateAvailabilityV1 {
      const fields = new Map<string, string>();
      for (const line of output.stdout.split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) fields.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      const op = fields.get('CURRENT_OP') ?? 'UPDATE_STATUS_IDLE';
      const version = fields.get('NEW_VERSION');
      return {
        available: ACTIVE_OPS.has(op),
        ...(version && version !== '0.0.0' ? { version } : {}),
        rebootRequired: op === 'UPDATE_STATUS_UPDATED_NEED_REBOOT',
      };
    },
    verify({ before, after, target }): VerificationResultV1 {
      const reasons: string[] = [];
      if (after.bootID === before.bootID)
        reasons.push(`bootID is still ${before.bootID}: the node did not reboot`);
      if (target.version !== undefined) {
        if (!after.osImage.includes(target.version))
          reasons.push(`osImage "${after.osImage}" does not contain the target version ${target.version}`);
      } else if (after.osImage === before.osImage) {
        reasons.push(`osImage is unchanged ("${after.osImage}")`);
      }
      return { ok: reasons.length === 0, reasons };
    },
  };
}
