import type { TalosPlatform } from './talos-platform.js';
import { talosTag } from './talos-version.js';

/**
 * The Image Factory installer image for a platform, schematic and Talos release:
 * `<registry>/<platform>-installer/<schematic id>:v<version>`. `machine.install.image` points at
 * it, and `talosctl upgrade --image` takes the same reference with a newer tag.
 */
export function installerImage(input: {
  readonly registry: string;
  readonly platform: TalosPlatform;
  readonly schematicId: string;
  readonly version: string;
}): string {
  return `${input.registry}/${input.platform}-installer/${input.schematicId}:${talosTag(input.version)}`;
}
