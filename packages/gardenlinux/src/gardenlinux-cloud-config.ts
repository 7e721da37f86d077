import { cloudInitUser, cloudInitWriteFile, systemdUnitFiles } from '@kubenode/core';
import {
  stringifyCloudConfig,
  type CloudConfigInput,
  type CloudInitDialect,
  type Command,
} from 'cloud-init-yaml';
import { JOIN_UNIT, type GardenLinuxNodePlan } from './gardenlinux-node-plan.js';

/**
 * The cloud-init dialect Garden Linux is rendered for. Garden Linux 1877 is built from a Debian
 * testing snapshot of May 2025 carrying cloud-init 25.1; cloud-init-yaml's `current` dialect
 * (26.2) is the closest it has, and the renderer uses only keys cloud-init 22.4 already accepts
 * (write_files, hostname/fqdn, users, packages, runcmd), so the output is valid for both.
 */
export const GARDENLINUX_CLOUD_INIT_DIALECT: CloudInitDialect = 'current';

/** The cloud-init artifact's name and media type. */
export const CLOUD_CONFIG_ARTIFACT = 'user-data';
/** The media type of a #cloud-config. */
export const CLOUD_CONFIG_MEDIA_TYPE = 'text/cloud-config';

/**
 * The plan as a `#cloud-config` (cloud-init stages in order):
 * - init: `write_files` (unit files and drop-ins, containerd, kernel, time, trust, kubeadm and
 *   the pool's files; files owned by other users deferred to the final stage), host name, users;
 * - final: `packages` (only on flavours with apt), then `runcmd`, which stops at the first
 *   failure: reload systemd, restart the time service, trust the extra CAs, start containerd,
 *   enable/disable/mask units, enable kubelet, and start {@link JOIN_UNIT}.
 */
export function renderGardenLinuxCloudConfig(plan: GardenLinuxNodePlan): string {
  const unitFiles = systemdUnitFiles(plan.units);
  const unitFilePaths = new Set(unitFiles.map((file) => file.path));
  const ownFiles = plan.files.filter((file) => !unitFilePaths.has(file.path));
  const config: Record<string, unknown> = {
    write_files: [...unitFiles, ...ownFiles].map((file) => cloudInitWriteFile(file)),
  };
  if (plan.hostname !== null) {
    const short = plan.hostname.split('.')[0]!;
    config.hostname = short;
    if (short !== plan.hostname) {
      config.fqdn = plan.hostname;
      config.prefer_fqdn_over_hostname = true;
    }
    config.manage_etc_hosts = true;
  }
  if (plan.users.length > 0) config.users = ['default', ...plan.users.map(cloudInitUser)];
  if (plan.packages.length > 0) {
    config.package_update = true;
    config.packages = [...plan.packages];
  }
  const runcmd: (Command | null)[] = ['set -e', ['systemctl', 'daemon-reload']];
  for (const unit of plan.restart) runcmd.push(['systemctl', 'try-restart', unit]);
  for (const unit of plan.start) runcmd.push(['systemctl', 'enable', '--now', unit]);
  const late = new Set([JOIN_UNIT, 'kubelet.service', ...plan.start]);
  for (const unit of plan.units) {
    if (late.has(unit.name)) continue;
    // `--` ends systemctl's options: a unit name may start with '-' (`-.mount`, `-.slice`).
    if (unit.mask) runcmd.push(['systemctl', 'mask', '--now', '--', unit.name]);
    else if (unit.enabled === true) runcmd.push(['systemctl', 'enable', '--now', '--', unit.name]);
    else if (unit.enabled === false) runcmd.push(['systemctl', 'disable', '--now', '--', unit.name]);
  }
  runcmd.push(['systemctl', 'enable', 'kubelet.service'], ['systemctl', 'enable', '--now', JOIN_UNIT]);
  config.runcmd = runcmd;
  return stringifyCloudConfig(config as CloudConfigInput, { dialect: GARDENLINUX_CLOUD_INIT_DIALECT });
}
