import type { NodePool } from '../../node-pool/node-pool-schema.js';
import type { OsFileV1 } from './os-file-v1.js';
import type { SystemdUnitV1 } from './systemd-unit-v1.js';

/** Files and units that configure the container runtime on one OS. */
export interface RuntimeConfigurationV1 {
  readonly files: readonly OsFileV1[];
  readonly units: readonly SystemdUnitV1[];
}

/** The container runtime on this OS and how to configure it. */
export interface RuntimeV1 {
  /** Runtime kind. */
  readonly kind: 'containerd';
  /** The containerd release line the OS ships, e.g. `1.7` or `2.0`. */
  readonly containerdVersion: string;
  /**
   * Renders the runtime configuration for a pool: containerd config (systemd cgroups, sandbox
   * image), registry mirrors as `certs.d/<host>/hosts.toml`, proxy drop-ins. Pure.
   */
  render(pool: NodePool): RuntimeConfigurationV1;
}
