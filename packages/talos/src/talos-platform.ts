/**
 * Talos platforms this adapter knows the Image Factory assets of: the platform names the
 * installer image (`factory.talos.dev/<platform>-installer/<schematic>:<version>`) and the
 * disk image (`<platform>-<arch>.<format>`).
 */
export const TALOS_PLATFORMS = {
  metal: { disk: 'raw.xz', description: 'bare metal raw disk image (xz)' },
  aws: { disk: 'raw.xz', description: 'AWS raw disk image (xz), imported as an AMI' },
  gcp: { disk: 'raw.tar.gz', description: 'GCP disk image tarball' },
  azure: { disk: 'vhd.xz', description: 'Azure VHD (xz)' },
  vmware: { disk: 'ova', description: 'VMware OVA' },
  openstack: { disk: 'raw.xz', description: 'OpenStack raw disk image (xz)' },
  nocloud: { disk: 'raw.xz', description: 'NoCloud raw disk image (xz), for KVM/Proxmox and similar' },
} as const;

/** A platform name. */
export type TalosPlatform = keyof typeof TALOS_PLATFORMS;

/** The platform names, for schemas and messages. */
export const TALOS_PLATFORM_NAMES = Object.keys(TALOS_PLATFORMS) as [TalosPlatform, ...TalosPlatform[]];
