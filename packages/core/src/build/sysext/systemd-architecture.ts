import type { Architecture } from '../../node-pool/image-ref-schema.js';

/**
 * Architecture names as systemd writes them (`ConditionArchitecture=`, `ARCHITECTURE=` in
 * extension-release, `%a` in sysupdate patterns), plus `_any` for architecture-independent images.
 */
export const SYSTEMD_ARCHITECTURES = [
  '_any',
  'x86',
  'x86-64',
  'arm',
  'arm64',
  'ia64',
  'loongarch64',
  'mips-le',
  'mips64-le',
  'ppc',
  'ppc64',
  'ppc64-le',
  'riscv32',
  'riscv64',
  's390',
  's390x',
] as const;

/** One of {@link SYSTEMD_ARCHITECTURES}. */
export type SystemdArchitecture = (typeof SYSTEMD_ARCHITECTURES)[number];

const FROM_NODE_POOL: Record<Architecture, SystemdArchitecture> = { amd64: 'x86-64', arm64: 'arm64' };

/** The systemd name of a NodePool architecture: `amd64` → `x86-64`, `arm64` → `arm64`. */
export function systemdArchitecture(arch: Architecture): SystemdArchitecture {
  return FROM_NODE_POOL[arch];
}
