import {
  ExternalToolError,
  parseAdapterOptions,
  type NodeUpdatePlanV1,
  type UpdateStrategyV1,
} from '@kubenode/core';
import { talosAdapterOptionsSchema } from './talos-adapter-options.js';
import { installerImage } from './talos-installer-image.js';
import { poolSchematic } from './talos-pool-schematic.js';
import { talosReleaseOf } from './talos-release.js';
import { schematicId } from './talos-schematic.js';
import type { ResolvedTalosSettings } from './talos-settings.js';
import { talosTag } from './talos-version.js';

/** `status.nodeInfo.osImage` of a Talos node: os-release PRETTY_NAME, `Talos (v1.13.9)`. */
export function talosOsImage(version: string): string {
  return `Talos (${talosTag(version)})`;
}

/**
 * Talos updates through its API (`talosctl upgrade`), never through a shell or a package
 * manager: the node agent path for Talos *is* the Talos API (apid, mTLS, port 50000), reached
 * with `talosctl` and the cluster's talosconfig. The upgrade installs the new release into the
 * inactive A/B boot slot and reboots into it; a boot that fails falls back to the old slot, and
 * `talosctl rollback` returns to it later. Talos has no update server: the target is an explicit
 * installer image (Image Factory, same schematic, new version). Nothing on the node has to be
 * configured to hand control to the orchestrator: Talos never updates itself.
 */
export function createTalosUpdateStrategy(
  adapterId: string,
  settings: ResolvedTalosSettings,
): UpdateStrategyV1 {
  return {
    kind: 'api',
    capabilities: {
      inPlace: true,
      abPartitions: true,
      stageWhileServing: false,
      rollback: true,
      requiresReboot: true,
      livepatch: false,
    },
    verificationKeys: ['osImage', 'bootID'],
    nodeConfiguration: () => ({ files: [], units: [] }),
    planNode({ pool, node, target }): NodeUpdatePlanV1 {
      const options = parseAdapterOptions(pool, adapterId, talosAdapterOptionsSchema);
      const version =
        target.version === undefined
          ? talosReleaseOf(pool, settings.defaultVersion)
          : target.version.replace(/^v/, '');
      const image = installerImage({
        registry: settings.imageFactory.registry,
        platform: options.platform,
        schematicId: schematicId(poolSchematic(pool, options)),
        version,
      });
      const nodes = ['talosctl', '--nodes', node.name];
      return {
        node: node.name,
        steps: [
          {
            phase: 'detect',
            description:
              "ask the node's Talos API which release it runs (Talos has no update server; the target is the installer image)",
            command: [...nodes, 'version'],
            timeoutSeconds: 60,
            whileServing: true,
          },
          {
            phase: 'apply',
            description: `upgrade to ${image}: Talos installs it into the inactive boot slot and reboots into it (the upgrade call performs the reboot)`,
            command: [...nodes, 'upgrade', '--image', image, '--wait', '--timeout', '30m'],
            timeoutSeconds: 1800,
            whileServing: false,
          },
          {
            phase: 'verify',
            description: `compare osImage with "${talosOsImage(version)}" and check that bootID changed`,
            command: [],
            timeoutSeconds: 600,
            whileServing: false,
          },
          {
            phase: 'rollback',
            description: 'boot the previous slot again (talosctl rollback), if verification fails',
            command: [...nodes, 'rollback'],
            timeoutSeconds: 900,
            whileServing: false,
          },
        ],
      };
    },
    interpretDetect(output) {
      if (output.exitCode !== 0) {
        throw new ExternalToolError({
          tool: 'talosctl',
          failure: 'failed',
          exitCode: output.exitCode,
          detail: 'the node\'s Talos API did not answer "talosctl version"',
        });
      }
      const server = output.stdout.split(/^Server:\s*$/m)[1];
      const tag = server === undefined ? undefined : /^\s*Tag:\s*(v\d+\.\d+\.\d+\S*)\s*$/m.exec(server)?.[1];
      if (tag === undefined) {
        throw new ExternalToolError({
          tool: 'talosctl',
          failure: 'failed',
          detail: 'unexpected "talosctl version" output: no Server Tag line',
        });
      }
      // The node answered and runs `tag`: an explicit installer image can always be applied.
      return { available: true, rebootRequired: false };
    },
    verify({ before, after, target }) {
      const reasons: string[] = [];
      if (after.bootID === before.bootID) reasons.push('the node did not reboot (bootID unchanged)');
      if (target.version !== undefined) {
        const expected = talosOsImage(target.version);
        if (after.osImage !== expected) reasons.push(`osImage is "${after.osImage}", expected "${expected}"`);
      }
      return { ok: reasons.length === 0, reasons };
    },
  };
}
