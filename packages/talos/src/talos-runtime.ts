import { osFile, type RuntimeV1 } from '@kubenode/core';

/** The containerd CRI customization part Talos merges into its generated CRI configuration. */
export const TALOS_CRI_CUSTOMIZATION_PATH = '/etc/cri/conf.d/20-customization.part';

/** The CRI customization that pins the pod sandbox (pause) image (containerd 2.x, `pinned_images`). */
export function sandboxImageCustomization(image: string): string {
  return `[plugins."io.containerd.cri.v1.images".pinned_images]\n  sandbox = ${JSON.stringify(image)}\n`;
}

/**
 * Talos ships containerd 2.x and generates its configuration itself: registry mirrors are
 * `RegistryMirrorConfig` documents (Talos writes the `hosts.toml` files), and the only file this
 * adapter adds is the CRI customization part for the sandbox image.
 */
export const talosRuntime: RuntimeV1 = {
  kind: 'containerd',
  // Talos ships containerd 2.x (since 1.10); what this adapter writes uses the containerd 2 CRI plugin names.
  containerdVersion: '2.1',
  render(pool) {
    const image = pool.spec.runtime.sandboxImage;
    return {
      files:
        image === undefined ? [] : [osFile(TALOS_CRI_CUSTOMIZATION_PATH, sandboxImageCustomization(image))],
      units: [],
    };
  },
};
