import { SpecValidationError, type NodeImageV1 } from '@kubenode/core';
import { DEFAULT_SCHEMATIC_ID } from './talos-schematic.js';
import type { ResolvedTalosSettings } from './talos-settings.js';
import { TALOS_PLATFORMS, TALOS_PLATFORM_NAMES } from './talos-platform.js';
import { TALOS_VERSION_PATTERN, talosTag } from './talos-version.js';

/**
 * Talos Linux as data, and its image lines: Image Factory assets of the vanilla schematic for a
 * release (a pool's own schematic is in its build plan). `ref.variant` names the platform
 * (default `metal`).
 */
export function createTalosImage(adapterId: string, settings: ResolvedTalosSettings): NodeImageV1 {
  return {
    facts: {
      initSystem: 'machined',
      packageManager: null,
      immutability: 'read-only-root',
      abUpdates: true,
      sshByDefault: false,
      containerRuntime: 'containerd',
      provisioningFormat: 'talos-machine-config',
      maintainer: 'Sidero Labs',
      homepage: 'https://www.talos.dev',
    },
    channels: ['stable'],
    defaultChannel: 'stable',
    architectures: ['amd64', 'arm64'],
    describe(ref) {
      const issues = [];
      const channel = ref.channel ?? 'stable';
      if (channel !== 'stable')
        issues.push({
          path: ['spec', 'image', 'channel'],
          code: 'invalid_value',
          message: "expected 'stable'",
        });
      if (ref.version !== undefined && !TALOS_VERSION_PATTERN.test(ref.version)) {
        issues.push({
          path: ['spec', 'image', 'version'],
          code: 'invalid_value',
          message: 'expected a Talos 1.13 release such as 1.13.9',
        });
      }
      const platform = ref.variant ?? 'metal';
      if (!(platform in TALOS_PLATFORMS)) {
        issues.push({
          path: ['spec', 'image', 'variant'],
          code: 'invalid_value',
          message: `expected a platform: ${TALOS_PLATFORM_NAMES.join(', ')}`,
        });
      }
      if (issues.length > 0) throw new SpecValidationError({ issues });
      const tag = talosTag(ref.version ?? settings.defaultVersion);
      const base = `${settings.imageFactory.url.replace(/\/$/, '')}/image/${DEFAULT_SCHEMATIC_ID}/${tag}`;
      const asset = TALOS_PLATFORMS[platform as keyof typeof TALOS_PLATFORMS];
      return {
        distro: adapterId,
        channel,
        version: tag.slice(1),
        arch: ref.arch,
        variant: platform,
        sources: [
          {
            kind: 'url',
            location: `${base}/${platform}-${ref.arch}.${asset.disk}`,
            description: asset.description,
          },
          ...(platform === 'metal'
            ? [
                {
                  kind: 'url' as const,
                  location: `${base}/metal-${ref.arch}.iso`,
                  description: 'bare metal ISO',
                },
              ]
            : []),
          {
            kind: 'registry',
            location: `${settings.imageFactory.registry}/${platform}-installer/${DEFAULT_SCHEMATIC_ID}:${tag}`,
            description: 'installer image (machine.install.image, talosctl upgrade --image)',
          },
        ],
        verification: {
          signingKey:
            'Sidero Labs release images are cosign-signed (keyless, identity @siderolabs.com); Image Factory assets are addressed by schematic ID',
        },
      };
    },
  };
}
