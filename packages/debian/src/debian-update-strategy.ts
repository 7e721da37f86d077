import { createAptUpdateStrategy, type UpdateStrategyV1 } from '@kubenode/core';

/** Prints Debian's point release (`12.8`). */
export const DEBIAN_OS_VERSION_COMMAND = 'cat /etc/debian_version';

/**
 * Debian updates through apt under the rollout's control (see core's `createAptUpdateStrategy`):
 * unattended-upgrades installs security updates without rebooting, the rollout stages with
 * `apt-get -d`, applies, reboots and verifies by bootID, kernel, package state and the point
 * release in /etc/debian_version (Debian's `osImage`, "Debian GNU/Linux 12 (bookworm)", never
 * shows point releases). No Livepatch on Debian.
 */
export function createDebianUpdateStrategy(): UpdateStrategyV1 {
  return createAptUpdateStrategy({ livepatch: false, osVersionCommand: DEBIAN_OS_VERSION_COMMAND });
}
