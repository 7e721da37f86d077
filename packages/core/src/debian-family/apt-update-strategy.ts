import { osFile } from '../adapter/v1/os-file-v1.js';
import type {
  StepOutputV1,
  UpdateAvailabilityV1,
  UpdateStepV1,
  UpdateStrategyV1,
  VerificationResultV1,
} from '../adapter/v1/update-strategy-v1.js';
import { ExternalToolError } from '../errors/external-tool-error.js';
import { APT_NODE_ANNOTATIONS, readAptStepReport } from './apt-node-annotations.js';
import { KUBERNETES_APT_PACKAGES } from './kubernetes-apt-repository.js';

/** Turns apt's periodic jobs (list updates and unattended-upgrades) on or off. */
export const APT_PERIODIC_FILE = '/etc/apt/apt.conf.d/20auto-upgrades';
/** unattended-upgrades settings: never reboot, never touch the Kubernetes packages. */
export const UNATTENDED_UPGRADES_FILE = '/etc/apt/apt.conf.d/52kubenode-unattended-upgrades';
/**
 * needrestart settings: list services to restart, restart none (the rollout decides). Written on
 * every node, so that a needrestart the image or the pool brings (Ubuntu ships it) never restarts
 * services by itself; reboot detection does not depend on it.
 */
export const NEEDRESTART_FILE = '/etc/needrestart/conf.d/90-kubenode.conf';

/** What differs between the apt-based distributions. */
export interface AptUpdateStrategyOptions {
  /** Canonical Livepatch is available (Ubuntu with Ubuntu Pro). */
  readonly livepatch: boolean;
  /**
   * A shell snippet printing the OS point release on one line: `cat /etc/debian_version` on
   * Debian (`12.8`), the `VERSION` of os-release without the codename on Ubuntu (`24.04.1`).
   */
  readonly osVersionCommand: string;
}

const APT_ENV = 'export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l LC_ALL=C';
/**
 * The newest installed kernel as `uname -r` prints it: what GRUB and systemd-boot boot by default.
 * `linux-version` (linux-base) where it works, else the newest /boot/vmlinuz-*.
 */
const NEWEST_KERNEL = [
  'kernel=$(linux-version list 2>/dev/null | linux-version sort 2>/dev/null | tail -n 1 || true)',
  '[ -n "$kernel" ] || kernel=$(ls -1 /boot 2>/dev/null | sed -n "s/^vmlinuz-//p" | sort -V | tail -n 1)',
].join('\n');
/** The kernel the next boot runs, reported by the apply step. */
const EXPECTED_KERNEL = `${NEWEST_KERNEL}\necho "KUBENODE-EXPECTED-KERNEL: $kernel"`;
/**
 * A reboot is required when /var/run/reboot-required exists (Ubuntu's update-notifier-common
 * writes it for kernels, libc, systemd and more; Debian's unattended-upgrades for kernels) or when
 * the running kernel is not the newest installed one (true on every Debian and Ubuntu node, with
 * or without those tools).
 */
const REBOOT_REQUIRED = [
  NEWEST_KERNEL,
  'if [ -e /var/run/reboot-required ] || { [ -n "$kernel" ] && [ "$kernel" != "$(uname -r)" ]; }; then echo "KUBENODE-REBOOT-REQUIRED: true"; else echo "KUBENODE-REBOOT-REQUIRED: false"; fi',
].join('\n');
const NEEDRESTART =
  'if command -v needrestart >/dev/null 2>&1; then needrestart -b -r l 2>/dev/null || true; fi';

/** Parses `Inst <package> [<installed>] (<candidate> <archive> [<arch>])` lines of `apt-get -s`. */
const INST = /^KUBENODE-UPGRADE: Inst (\S+)(?: \[([^\]]+)\])? \((\S+)/;

function packageStateCommand(osVersionCommand: string): string {
  return [
    `echo "KUBENODE-PACKAGE-STATE: sha256:$(dpkg-query -W -f='\${Package}=\${Version}\\n' | LC_ALL=C sort | sha256sum | cut -d' ' -f1)"`,
    `echo "KUBENODE-OS-VERSION: $(${osVersionCommand})"`,
  ].join('\n');
}

/**
 * Updates of Debian and Ubuntu nodes through apt, under the rollout's control.
 *
 * On the node: apt's periodic jobs and unattended-upgrades stay on for in-place pools
 * (security updates keep arriving) but never reboot (`Automatic-Reboot "false"`) and never
 * touch kubelet, kubeadm or kubectl; needrestart, where installed, only lists services. Pools
 * updated by replacement turn unattended-upgrades off.
 *
 * "Reboot required" is true when /var/run/reboot-required exists (Ubuntu's update-notifier-common
 * writes it for the kernel, libc, systemd and more; Debian's unattended-upgrades for kernels),
 * when the running kernel is not the newest installed one (`uname -r` against `linux-version` or
 * /boot: works on every node, with no extra package), or when needrestart, if installed, reports
 * a pending kernel (`NEEDRESTART-KSTA` 2 or 3).
 *
 * Per node: **detect** (`apt-get update`, a simulated upgrade, reboot required, and `needrestart
 * -b` where installed), **stage** while serving (`apt-get -d`: download only), **apply** after the
 * drain (`apt-get --no-download upgrade --with-new-pkgs`: exactly what was staged, then the
 * kernel the next boot runs), **reboot**, **verify** (report package state and OS version).
 * `verify` proves the update by a new bootID, `kernelVersion` equal to the kernel the apply step
 * recorded, a changed package-state annotation and, with a target version, the OS point release.
 * No rollback: apt cannot return to the previous package set reliably; replace the node instead.
 * The annotations are {@link APT_NODE_ANNOTATIONS}, read from the steps' output with
 * {@link readAptStepReport}.
 */
export function createAptUpdateStrategy(options: AptUpdateStrategyOptions): UpdateStrategyV1 {
  return {
    kind: 'package-manager',
    capabilities: {
      inPlace: true,
      abPartitions: false,
      stageWhileServing: true,
      rollback: false,
      requiresReboot: true,
      livepatch: options.livepatch,
    },
    verificationKeys: ['bootID', 'kernelVersion', 'annotation'],
    nodeConfiguration(pool) {
      const inPlace = pool.spec.updates.strategy === 'in-place';
      return {
        files: [
          osFile(
            APT_PERIODIC_FILE,
            inPlace
              ? '// Written by kubenode: refresh package lists and install security updates daily;\n// reboots are done by the rollout (see 52kubenode-unattended-upgrades).\nAPT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n'
              : '// Written by kubenode: this pool is updated by replacing its nodes.\nAPT::Periodic::Update-Package-Lists "0";\nAPT::Periodic::Unattended-Upgrade "0";\n',
          ),
          osFile(
            UNATTENDED_UPGRADES_FILE,
            [
              '// Written by kubenode: the rollout drains and reboots nodes; unattended-upgrades never does.',
              'Unattended-Upgrade::Automatic-Reboot "false";',
              'Unattended-Upgrade::Automatic-Reboot-WithUsers "false";',
              '// Kubernetes packages change only with the pool (spec.kubernetes.version).',
              `Unattended-Upgrade::Package-Blacklist { ${KUBERNETES_APT_PACKAGES.map((name) => `"^${name}$";`).join(' ')} };`,
              '',
            ].join('\n'),
          ),
          osFile(
            NEEDRESTART_FILE,
            "# Written by kubenode: list services that need a restart after library updates, restart none;\n# the rollout restarts the node.\n$nrconf{restart} = 'l';\n",
          ),
        ],
        units: [],
      };
    },
    planNode({ node }) {
      const steps: UpdateStepV1[] = [
        {
          phase: 'detect',
          description:
            'refresh package lists; list the upgrades apt would install, whether a reboot is required (/var/run/reboot-required, or the running kernel is not the newest installed one) and what needrestart -b reports where installed',
          command: [
            '/bin/sh',
            '-c',
            [
              'set -e',
              APT_ENV,
              'apt-get update -q >/dev/null',
              'apt-get -s -o Debug::NoLocking=1 upgrade --with-new-pkgs | sed -n "s/^Inst /KUBENODE-UPGRADE: Inst /p"',
              REBOOT_REQUIRED,
              NEEDRESTART,
            ].join('\n'),
          ],
          timeoutSeconds: 600,
          whileServing: true,
        },
        {
          phase: 'stage',
          description: 'download the upgrades into the apt cache without installing them (apt-get -d)',
          command: [
            '/bin/sh',
            '-c',
            ['set -e', APT_ENV, 'apt-get update -q', 'apt-get -d -y -q upgrade --with-new-pkgs'].join('\n'),
          ],
          timeoutSeconds: 3600,
          whileServing: true,
        },
        {
          phase: 'apply',
          description:
            'install exactly the staged upgrades (apt-get --no-download), keeping configuration files; report the kernel the next boot runs',
          command: [
            '/bin/sh',
            '-c',
            [
              'set -e',
              APT_ENV,
              'apt-get --no-download -y -q -o Dpkg::Options::=--force-confold -o Dpkg::Options::=--force-confdef upgrade --with-new-pkgs',
              EXPECTED_KERNEL,
              REBOOT_REQUIRED,
            ].join('\n'),
          ],
          timeoutSeconds: 3600,
          whileServing: false,
        },
        {
          phase: 'reboot',
          description: 'reboot into the updated kernel and libraries',
          command: [],
          timeoutSeconds: 900,
          whileServing: false,
        },
        {
          phase: 'verify',
          description:
            'report the package state, the OS point release and whether a reboot is still required',
          command: [
            '/bin/sh',
            '-c',
            ['set -e', packageStateCommand(options.osVersionCommand), REBOOT_REQUIRED].join('\n'),
          ],
          timeoutSeconds: 120,
          whileServing: false,
        },
      ];
      return { node: node.name, steps };
    },
    interpretDetect(output: StepOutputV1): UpdateAvailabilityV1 {
      if (output.exitCode !== 0) {
        throw new ExternalToolError({
          tool: 'apt-get',
          failure: 'failed',
          exitCode: output.exitCode,
          detail: 'the detect step failed (apt-get update or the simulated upgrade)',
        });
      }
      const upgrades = output.stdout.split('\n').filter((line) => INST.test(line.trimEnd()));
      const kernelStatus = /^NEEDRESTART-KSTA: (\d+)/m.exec(output.stdout);
      const kernelPending = kernelStatus !== null && Number(kernelStatus[1]) >= 2;
      const report = readAptStepReport(output.stdout);
      const rebootRequired = report[APT_NODE_ANNOTATIONS.rebootRequired] === 'true' || kernelPending;
      return { available: upgrades.length > 0 || rebootRequired, rebootRequired };
    },
    verify({ before, after, target }): VerificationResultV1 {
      const reasons: string[] = [];
      if (after.bootID === before.bootID) {
        reasons.push(`bootID ${after.bootID} did not change: the node did not reboot`);
      }
      const expectedKernel = after.annotations[APT_NODE_ANNOTATIONS.expectedKernel];
      if (expectedKernel === undefined) {
        reasons.push(
          `no ${APT_NODE_ANNOTATIONS.expectedKernel} annotation: the apply step's report was not recorded`,
        );
      } else if (after.kernelVersion !== expectedKernel) {
        reasons.push(`the node runs kernel ${after.kernelVersion}, the update installed ${expectedKernel}`);
      }
      const stateBefore = before.annotations[APT_NODE_ANNOTATIONS.packageState];
      const stateAfter = after.annotations[APT_NODE_ANNOTATIONS.packageState];
      if (stateAfter === undefined) {
        reasons.push(`no ${APT_NODE_ANNOTATIONS.packageState} annotation after the update`);
      } else if (stateAfter === stateBefore) {
        reasons.push('the installed packages did not change');
      }
      if (after.annotations[APT_NODE_ANNOTATIONS.rebootRequired] === 'true') {
        reasons.push('the node still reports that a reboot is required');
      }
      if (target.version !== undefined) {
        const osVersion = after.annotations[APT_NODE_ANNOTATIONS.osVersion];
        if (osVersion !== target.version) {
          reasons.push(`OS version is ${osVersion ?? 'unknown'}, expected ${target.version}`);
        }
      }
      return { ok: reasons.length === 0, reasons };
    },
  };
}
