import {
  osFile,
  type StepOutputV1,
  type UpdateAvailabilityV1,
  type UpdateStrategyV1,
  type VerificationResultV1,
} from '@kubenode/core';

/** The annotation the node agent keeps current with `/etc/debian_version` (or the package set). */
export const AGENT_OS_VERSION_ANNOTATION = 'kubenode.dev/agent-os-version';

/**
 * A small, honest package-manager {@link UpdateStrategyV1} for tests and simulations, modelled on
 * Debian with unattended-upgrades: automatic reboots off; detect runs an apt simulation
 * (`apt-get -s dist-upgrade`) and the reboot-required sentinel; stage downloads packages while the
 * node serves (`apt-get -d`); apply installs them after the drain; verify requires a new bootID and
 * the agent's OS-version annotation at the target (osImage does not change on point releases).
 * No rollback. It is not the Debian adapter; it exists so the engine is tested without one.
 */
export function createTestPackageStrategy(): UpdateStrategyV1 {
  return {
    kind: 'package-manager',
    capabilities: {
      inPlace: true,
      abPartitions: false,
      stageWhileServing: true,
      rollback: false,
      requiresReboot: true,
      livepatch: false,
    },
    verificationKeys: ['bootID', 'annotation', 'kernelVersion'],
    nodeConfiguration() {
      return {
        files: [
          osFile(
            '/etc/apt/apt.conf.d/52kubenode-unattended-upgrades',
            'Unattended-Upgrade::Automatic-Reboot "false";\nAPT::Periodic::Unattended-Upgrade "0";\n',
          ),
        ],
        units: [],
      };
    },
    planNode({ node }) {
      return {
        node: node.name,
        steps: [
          {
            phase: 'detect',
            description: 'refresh package lists and simulate the upgrade',
            command: [
              '/bin/sh',
              '-c',
              'apt-get update -qq && apt-get -s -o Debug::NoLocking=1 dist-upgrade; test -f /var/run/reboot-required && echo "*** System restart required ***"; true',
            ],
            timeoutSeconds: 600,
            whileServing: true,
          },
          {
            phase: 'stage',
            description: 'download the packages',
            command: ['apt-get', '-d', '-y', '-q', 'dist-upgrade'],
            timeoutSeconds: 1800,
            whileServing: true,
          },
          {
            phase: 'apply',
            description: 'install the downloaded packages',
            command: [
              '/bin/sh',
              '-c',
              'DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Options::=--force-confold dist-upgrade',
            ],
            timeoutSeconds: 1800,
            whileServing: false,
          },
          {
            phase: 'reboot',
            description: 'reboot into the new kernel',
            command: [],
            timeoutSeconds: 60,
            whileServing: false,
          },
        ],
      };
    },
    interpretDetect(output: StepOutputV1): UpdateAvailabilityV1 {
      const counts = /^(\d+) upgraded, (\d+) newly installed/m.exec(output.stdout);
      const upgraded = counts ? Number(counts[1]) + Number(counts[2]) : 0;
      const baseFiles = /^Inst base-files \[[^\]]*\] \((\S+)/m.exec(output.stdout);
      return {
        available: upgraded > 0,
        ...(baseFiles?.[1] ? { version: baseFiles[1] } : {}),
        rebootRequired: output.stdout.includes('*** System restart required ***'),
      };
    },
    verify({ before, after, target }): VerificationResultV1 {
      const reasons: string[] = [];
      if (after.bootID === before.bootID)
        reasons.push(`bootID is still ${before.bootID}: the node did not reboot`);
      const version = after.annotations[AGENT_OS_VERSION_ANNOTATION];
      if (target.version !== undefined && version !== target.version)
        reasons.push(`${AGENT_OS_VERSION_ANNOTATION} is ${version ?? 'missing'}, expected ${target.version}`);
      return { ok: reasons.length === 0, reasons };
    },
  };
}
