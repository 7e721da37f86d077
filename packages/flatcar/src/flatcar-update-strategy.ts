import {
  ExternalToolError,
  osFile,
  type NodePool,
  type UpdateStepV1,
  type UpdateStrategyV1,
} from '@kubenode/core';
import { FLATCAR_PUBLIC_UPDATE_SERVER } from './flatcar-adapter-options.js';
import { flatcarOptionsOf } from './flatcar-render-options.js';
import { compareFlatcarVersions, flatcarVersionOf, parseUpdateEngineStatus } from './update-engine-status.js';

/** Where update_engine reads site configuration (overrides /usr/share/flatcar/update.conf). */
export const UPDATE_CONF_PATH = '/etc/flatcar/update.conf';

const UPDATE_ENGINE_CLIENT = '/usr/bin/update_engine_client';

/** States in which an update is on its way or staged. */
const IN_FLIGHT = new Set([
  'UPDATE_STATUS_UPDATE_AVAILABLE',
  'UPDATE_STATUS_DOWNLOADING',
  'UPDATE_STATUS_VERIFYING',
  'UPDATE_STATUS_FINALIZING',
  'UPDATE_STATUS_UPDATED_NEED_REBOOT',
]);

/**
 * `/etc/flatcar/update.conf` for a pool: GROUP (the adapter option, else `spec.updates.channel`,
 * else the image channel, else stable), SERVER (the option or Flatcar's public server; `disabled`
 * for pools updated by replacement), and `REBOOT_STRATEGY=off` so nodes never reboot themselves.
 */
export function renderUpdateConf(pool: NodePool, adapterId: string): string {
  const options = flatcarOptionsOf(pool, adapterId);
  const group = options.updateGroup ?? pool.spec.updates.channel ?? pool.spec.image.channel ?? 'stable';
  const server =
    pool.spec.updates.strategy === 'replace'
      ? 'disabled'
      : (options.updateServer ?? FLATCAR_PUBLIC_UPDATE_SERVER);
  return `# Written by kubenode: updates are staged by update_engine, reboots are done by the rollout.\nGROUP=${group}\nSERVER=${server}\nREBOOT_STRATEGY=off\n`;
}

/**
 * Flatcar updates: update_engine downloads the new release into the passive USR partition
 * (A/B) while the node serves; the rollout drains and reboots; verification compares the
 * version in `nodeInfo.osImage` and the boot id; rollback re-prioritises the previous USR
 * partition with `cgpt`. locksmithd is masked and `REBOOT_STRATEGY=off`.
 */
export function createFlatcarUpdateStrategy(adapterId: string): UpdateStrategyV1 {
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
    nodeConfiguration(pool) {
      return {
        files: [osFile(UPDATE_CONF_PATH, renderUpdateConf(pool, adapterId))],
        units: [{ name: 'locksmithd.service', mask: true, dropins: [] }],
      };
    },
    planNode({ node, target }) {
      const steps: UpdateStepV1[] = [
        {
          phase: 'detect',
          description: 'ask update_engine for an update and report its state (CURRENT_OP, NEW_VERSION)',
          command: [
            '/usr/bin/sh',
            '-c',
            `${UPDATE_ENGINE_CLIENT} -check_for_update >/dev/null 2>&1; sleep 10; exec ${UPDATE_ENGINE_CLIENT} -status`,
          ],
          timeoutSeconds: 120,
          whileServing: true,
        },
        target.version === undefined
          ? {
              phase: 'stage',
              description:
                'download, verify and write the update to the passive USR partition (update_engine_client -update)',
              command: [UPDATE_ENGINE_CLIENT, '-update'],
              timeoutSeconds: 3600,
              whileServing: true,
            }
          : {
              phase: 'stage',
              description: `download, verify and write Flatcar ${target.version} to the passive USR partition (flatcar-update)`,
              command: ['/usr/bin/flatcar-update', '--to-version', target.version],
              timeoutSeconds: 3600,
              whileServing: true,
            },
        {
          phase: 'apply',
          description: 'confirm the update is staged (CURRENT_OP=UPDATE_STATUS_UPDATED_NEED_REBOOT)',
          command: [
            '/usr/bin/sh',
            '-c',
            `${UPDATE_ENGINE_CLIENT} -status | grep -qx CURRENT_OP=UPDATE_STATUS_UPDATED_NEED_REBOOT`,
          ],
          timeoutSeconds: 60,
          whileServing: false,
        },
        {
          phase: 'reboot',
          description: 'reboot into the updated USR partition',
          command: [],
          timeoutSeconds: 900,
          whileServing: false,
        },
        {
          phase: 'verify',
          description:
            'wait until update_engine has marked the new boot successful (about two minutes after boot) and is idle',
          command: [
            '/usr/bin/sh',
            '-c',
            `sleep 150; ${UPDATE_ENGINE_CLIENT} -status | grep -qx CURRENT_OP=UPDATE_STATUS_IDLE`,
          ],
          timeoutSeconds: 300,
          whileServing: false,
        },
        {
          phase: 'rollback',
          description:
            'make the previous USR partition the boot default again (cgpt prioritize), then reboot',
          command: [
            '/usr/bin/sh',
            '-c',
            'cgpt prioritize "$(cgpt find -t flatcar-usr | grep --invert-match "$(rootdev -s /usr)")"',
          ],
          timeoutSeconds: 60,
          whileServing: false,
        },
      ];
      return { node: node.name, steps };
    },
    interpretDetect(output) {
      const status = parseUpdateEngineStatus(output.stdout);
      if (output.exitCode !== 0 || !status) {
        throw new ExternalToolError({
          tool: 'update_engine_client',
          failure: 'failed',
          exitCode: output.exitCode,
          detail:
            output.exitCode !== 0
              ? 'update_engine_client -status failed (is update-engine.service running?)'
              : 'no CURRENT_OP in update_engine_client -status output',
        });
      }
      return {
        available: IN_FLIGHT.has(status.currentOperation),
        version: status.newVersion,
        rebootRequired: status.currentOperation === 'UPDATE_STATUS_UPDATED_NEED_REBOOT',
      };
    },
    verify({ before, after, target }) {
      const reasons: string[] = [];
      if (after.bootID === before.bootID)
        reasons.push(`bootID unchanged (${after.bootID}): the node has not rebooted`);
      const was = flatcarVersionOf(before.osImage);
      const now = flatcarVersionOf(after.osImage);
      if (now === undefined) reasons.push(`osImage '${after.osImage}' is not a Flatcar release string`);
      else if (target.version !== undefined && now !== target.version) {
        reasons.push(`osImage reports Flatcar ${now}, expected ${target.version}`);
      } else if (target.version === undefined && was !== undefined && compareFlatcarVersions(now, was) <= 0) {
        reasons.push(`osImage still reports Flatcar ${now} (was ${was}): the update did not take effect`);
      }
      return { ok: reasons.length === 0, reasons };
    },
  };
}
