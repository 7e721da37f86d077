import {
  ExternalToolError,
  SpecValidationError,
  UnsupportedFeatureError,
  type UpdateCapabilitiesV1,
  type UpdateStepV1,
  type UpdateStrategyV1,
} from '@kubenode/core';
import { updatesInPlace } from './gardenlinux-capabilities.js';
import { gardenLinuxVersionOf } from './gardenlinux-os-image.js';
import { compareGardenLinuxVersions, GARDENLINUX_VERSION } from './gardenlinux-releases.js';
import type { GardenLinuxSettings } from './gardenlinux-settings.js';
import { gardenLinuxTarget, resolvePoolTarget } from './gardenlinux-target.js';

/** Where `_usi` flavours keep their Unified Kernel Images (gardenlinux-update's target directory). */
export const UKI_DIRECTORY = '/efi/EFI/Linux';

/** The detect step's script: the running release, its cname and the UKIs on the ESP. */
const DETECT_SCRIPT = `. /etc/os-release && echo "GARDENLINUX_VERSION=$GARDENLINUX_VERSION" && echo "GARDENLINUX_CNAME=$GARDENLINUX_CNAME" && ls -1 ${UKI_DIRECTORY}`;

const IN_PLACE: UpdateCapabilitiesV1 = {
  inPlace: true,
  abPartitions: true,
  stageWhileServing: true,
  rollback: true,
  requiresReboot: true,
  livepatch: false,
};

const REPLACEMENT: UpdateCapabilitiesV1 = {
  inPlace: false,
  abPartitions: false,
  stageWhileServing: false,
  rollback: false,
  requiresReboot: false,
  livepatch: false,
};

/** What the detect step found on a `_usi` node. */
export interface UsiBootState {
  /** The running release (`GARDENLINUX_VERSION`). */
  readonly version: string;
  /** `GARDENLINUX_CNAME` of /etc/os-release. */
  readonly cname: string;
  /** UKIs on the ESP: version and whether systemd-boot still counts tries (`+N` in the name: staged, not yet blessed). */
  readonly ukis: readonly { readonly file: string; readonly version: string; readonly counting: boolean }[];
}

/** Reads the detect step's output; undefined when it is not what the script prints. */
export function parseUsiBootState(stdout: string): UsiBootState | undefined {
  let version: string | undefined;
  let cname: string | undefined;
  const ukis: { file: string; version: string; counting: boolean }[] = [];
  for (const line of stdout.split('\n')) {
    const text = line.trim();
    if (text.startsWith('GARDENLINUX_VERSION=')) version = text.slice('GARDENLINUX_VERSION='.length);
    else if (text.startsWith('GARDENLINUX_CNAME=')) cname = text.slice('GARDENLINUX_CNAME='.length);
    else {
      const match = /-(\d+\.\d+(?:\.\d+)?)(\+\d+(?:-\d+)?)?\.efi$/.exec(text);
      if (match) ukis.push({ file: text, version: match[1]!, counting: match[2] !== undefined });
    }
  }
  if (version === undefined || cname === undefined || !GARDENLINUX_VERSION.test(version)) return undefined;
  return { version, cname, ukis };
}

/**
 * Garden Linux updates. By default nodes are replaced by nodes booted from the new image (what
 * Gardener does; Garden Linux has no in-place mechanism outside `_usi`), so the per-node plan is
 * empty and verification compares `osImage` and `bootID` of the new node. Standalone `_usi`
 * flavours (published from 1877 on) update in place: `gardenlinux-update <version>` downloads
 * the release's signed UKI from ghcr.io/gardenlinux/gardenlinux to the ESP with boot counting
 * (staged while serving; exit code 3 means network problems), the reboot boots it, systemd-boot
 * falls back to the previous UKI by itself when it fails to boot, and rollback deletes the new
 * UKI so the previous one boots again. Under Gardener the same mechanism is Gardener's in-place
 * update (the Shoot patch's AutoInPlaceUpdate), not kubenode's.
 */
export function createGardenLinuxUpdateStrategy(
  settings: Pick<GardenLinuxSettings, 'id' | 'mode' | 'flavor'>,
): UpdateStrategyV1 {
  const declared = updatesInPlace(gardenLinuxTarget(settings.mode, settings.flavor));
  return {
    kind: declared ? 'ab-partition' : 'image-replacement',
    capabilities: declared ? IN_PLACE : REPLACEMENT,
    verificationKeys: ['osImage', 'bootID'],
    nodeConfiguration() {
      // Garden Linux never updates or reboots itself: nothing to hand over.
      return { files: [], units: [] };
    },
    planNode({ pool, node, target }) {
      const { target: poolTarget } = resolvePoolTarget(settings, pool);
      const inPlace = updatesInPlace(poolTarget);
      if (inPlace !== declared) {
        throw new UnsupportedFeatureError({
          field: `spec.adapterOptions.${settings.id}.${poolTarget.mode === settings.mode ? 'flavor' : 'mode'}`,
          distro: settings.id,
          reason: `this adapter was created for ${settings.mode} ${settings.flavor}, whose nodes are ${declared ? 'updated in place' : 'replaced'}, but the pool's ${poolTarget.mode} ${poolTarget.flavor.name} nodes are ${inPlace ? 'updated in place' : 'replaced'}`,
          alternative: `create the adapter for that flavour: createGardenLinux({ mode: '${poolTarget.mode}', flavor: '${poolTarget.flavor.name}' })`,
        });
      }
      if (!inPlace) return { node: node.name, steps: [] };
      const version = target.version ?? pool.spec.image.version;
      if (version === undefined || !GARDENLINUX_VERSION.test(version)) {
        throw new SpecValidationError({
          issues: [
            {
              path: ['spec', 'image', 'version'],
              code: 'invalid_value',
              message:
                'gardenlinux-update installs a named release: give the rollout a target version or set spec.image.version (e.g. 1877.3)',
            },
          ],
          source: pool.metadata.name,
        });
      }
      const staged = `${UKI_DIRECTORY}/*-${version}+*.efi`;
      const steps: UpdateStepV1[] = [
        {
          phase: 'detect',
          description: 'report the running release (/etc/os-release) and the UKIs on the ESP',
          command: ['/bin/sh', '-c', DETECT_SCRIPT],
          timeoutSeconds: 30,
          whileServing: true,
        },
        {
          phase: 'stage',
          description: `download Garden Linux ${version}'s signed UKI to the ESP with boot counting (gardenlinux-update; exit code 3: network problems, retry)`,
          command: ['/usr/bin/gardenlinux-update', version],
          timeoutSeconds: 1800,
          whileServing: true,
        },
        {
          phase: 'apply',
          description: `confirm the ${version} UKI is staged and counting boots`,
          command: ['/bin/sh', '-c', `for f in ${staged}; do [ -e "$f" ] && exit 0; done; exit 1`],
          timeoutSeconds: 30,
          whileServing: false,
        },
        {
          phase: 'reboot',
          description: `reboot into ${version} (systemd-boot picks the newest UKI)`,
          command: [],
          timeoutSeconds: 900,
          whileServing: false,
        },
        {
          phase: 'verify',
          description: `check that the node runs ${version}`,
          command: ['/bin/sh', '-c', `. /etc/os-release && test "$GARDENLINUX_VERSION" = "${version}"`],
          timeoutSeconds: 60,
          whileServing: false,
        },
        {
          phase: 'rollback',
          description: `delete the ${version} UKI so that systemd-boot boots the previous release again; then reboot`,
          command: [
            '/bin/sh',
            '-c',
            `rm -f ${UKI_DIRECTORY}/*-${version}.efi ${staged} && bootctl set-default ''`,
          ],
          timeoutSeconds: 60,
          whileServing: false,
        },
      ];
      return { node: node.name, steps };
    },
    interpretDetect(output) {
      const state = output.exitCode === 0 ? parseUsiBootState(output.stdout) : undefined;
      if (!state) {
        throw new ExternalToolError({
          tool: 'os-release',
          failure: 'failed',
          exitCode: output.exitCode,
          detail:
            output.exitCode !== 0
              ? `the detect step failed (is ${UKI_DIRECTORY} mounted? only _usi flavours keep UKIs there)`
              : 'no GARDENLINUX_VERSION and GARDENLINUX_CNAME in the detect output (is this Garden Linux?)',
        });
      }
      const staged = state.ukis
        .filter((uki) => uki.counting && compareGardenLinuxVersions(uki.version, state.version) > 0)
        .sort((a, b) => compareGardenLinuxVersions(b.version, a.version));
      return {
        available: staged.length > 0,
        version: staged[0]?.version,
        rebootRequired: staged.length > 0,
      };
    },
    verify({ before, after, target }) {
      const reasons: string[] = [];
      if (after.bootID === before.bootID)
        reasons.push(`bootID unchanged (${after.bootID}): the node has not rebooted or been replaced`);
      const was = gardenLinuxVersionOf(before.osImage);
      const now = gardenLinuxVersionOf(after.osImage);
      if (now === undefined) reasons.push(`osImage '${after.osImage}' is not a Garden Linux release string`);
      else if (target.version !== undefined && now !== target.version)
        reasons.push(`osImage reports Garden Linux ${now}, expected ${target.version}`);
      else if (target.version === undefined && was !== undefined && compareGardenLinuxVersions(now, was) <= 0)
        reasons.push(
          `osImage still reports Garden Linux ${now} (was ${was}): the update did not take effect`,
        );
      return { ok: reasons.length === 0, reasons };
    },
  };
}
