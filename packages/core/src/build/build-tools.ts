import type { BuildToolV1 } from '../adapter/v1/image-builder-v1.js';

/**
 * The external programs kubenode's builders and tests run, each with the Debian package that
 * provides it (bookworm), so a missing tool is reported with the exact `apt-get install` line.
 */
export const BUILD_TOOLS = {
  mmdebstrap: { name: 'mmdebstrap', debianPackage: 'mmdebstrap', purpose: 'build a Debian root filesystem' },
  mksquashfs: { name: 'mksquashfs', debianPackage: 'squashfs-tools', purpose: 'build squashfs images' },
  'mkfs.erofs': { name: 'mkfs.erofs', debianPackage: 'erofs-utils', purpose: 'build erofs images' },
  'mkfs.ext4': { name: 'mkfs.ext4', debianPackage: 'e2fsprogs', purpose: 'build the ext4 root filesystem' },
  e2fsck: { name: 'e2fsck', debianPackage: 'e2fsprogs', purpose: 'check the ext4 root filesystem' },
  'mkfs.vfat': { name: 'mkfs.vfat', debianPackage: 'dosfstools', purpose: 'build the EFI system partition' },
  mmd: { name: 'mmd', debianPackage: 'mtools', purpose: 'create directories in a FAT image' },
  mcopy: { name: 'mcopy', debianPackage: 'mtools', purpose: 'copy files into a FAT image' },
  sfdisk: { name: 'sfdisk', debianPackage: 'fdisk', purpose: 'write the GPT partition table' },
  'qemu-img': { name: 'qemu-img', debianPackage: 'qemu-utils', purpose: 'convert disks to qcow2' },
  'qemu-system-x86_64': {
    name: 'qemu-system-x86_64',
    debianPackage: 'qemu-system-x86',
    purpose: 'boot x86-64 images',
  },
  xorriso: { name: 'xorriso', debianPackage: 'xorriso', purpose: 'build ISO 9660 images' },
  'dpkg-deb': { name: 'dpkg-deb', debianPackage: 'dpkg', purpose: 'unpack Debian packages' },
} as const satisfies Record<string, BuildToolV1>;

/** The name of a tool in {@link BUILD_TOOLS}. */
export type BuildToolName = keyof typeof BUILD_TOOLS;

/** The {@link BuildToolV1} for a known tool, optionally with a more specific purpose. */
export function buildTool(name: BuildToolName, purpose?: string): BuildToolV1 {
  const tool = BUILD_TOOLS[name];
  return purpose === undefined ? tool : { ...tool, purpose };
}
