import { createAptUpdateStrategy, type UpdateStrategyV1 } from '@kubenode/core';

/** Prints Ubuntu's point release (`24.04.1`) from os-release's `VERSION` (`24.04.1 LTS (Noble Numbat)`). */
export const UBUNTU_OS_VERSION_COMMAND = '. /etc/os-release && echo "${VERSION%% *}"';

/**
 * Ubuntu updates through apt under the rollout's control (see core's `createAptUpdateStrategy`):
 * unattended-upgrades installs security updates without rebooting, the rollout stages with
 * `apt-get -d`, applies, reboots and verifies by bootID, kernel and package state. Livepatch is
 * available (Ubuntu Pro; `adapterOptions.ubuntu.pro.enable: [livepatch]`): it patches the running
 * kernel for many CVEs, so a kernel reboot can wait for the maintenance window, but a new kernel
 * still needs one.
 */
export function createUbuntuUpdateStrategy(): UpdateStrategyV1 {
  return createAptUpdateStrategy({ livepatch: true, osVersionCommand: UBUNTU_OS_VERSION_COMMAND });
}
