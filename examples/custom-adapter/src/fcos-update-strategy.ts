import { ExternalToolError, osFile, type OsFileV1, type UpdateStrategyV1 } from '@kubenode/core';

/** Zincati (Fedora CoreOS's update agent) with automatic updates off: the rollout decides. */
export function zincatiConfiguration(): OsFileV1 {
  return osFile(
    '/etc/zincati/config.d/90-kubenode-updates.toml',
    '# Written by kubenode: updates are rolled out by the orchestrator\n[updates]\nenabled = false\n',
  );
}

/**
 * rpm-ostree updates: a new deployment is downloaded while the node serves, made the next boot,
 * and booted; the previous deployment stays bootable (`rpm-ostree rollback`). Zincati is turned
 * off so only the rollout updates nodes. Steps run through the node agent, in the host's namespaces.
 */
export const fedoraCoreOsUpdates: UpdateStrategyV1 = {
  kind: 'ab-partition',
  capabilities: {
    inPlace: true,
    abPartitions: true,
    stageWhileServing: true,
    rollback: true,
    requiresReboot: true,
    livepatch: false,
  },
  verificationKeys: ['osImage', 'bootID'],
  nodeConfiguration: () => ({ files: [zincatiConfiguration()], units: [] }),
  planNode({ node, target }) {
    const to = target.version === undefined ? ['upgrade'] : ['deploy', target.version];
    const what = target.version ?? 'the newest release of the stream';
    return {
      node: node.name,
      steps: [
        {
          phase: 'detect',
          description: 'ask rpm-ostree whether an update is available',
          command: ['rpm-ostree', 'upgrade', '--check'],
          timeoutSeconds: 300,
          whileServing: true,
        },
        {
          phase: 'stage',
          description: `download ${what}`,
          command: ['rpm-ostree', ...to, '--download-only'],
          timeoutSeconds: 1800,
          whileServing: true,
        },
        {
          phase: 'apply',
          description: `make ${what} the next boot deployment`,
          command: ['rpm-ostree', ...to],
          timeoutSeconds: 900,
          whileServing: false,
        },
        {
          phase: 'reboot',
          description: 'reboot into the new deployment (node agent)',
          command: [],
          timeoutSeconds: 900,
          whileServing: false,
        },
        {
          phase: 'verify',
          description: 'compare osImage and bootID',
          command: [],
          timeoutSeconds: 600,
          whileServing: false,
        },
        {
          phase: 'rollback',
          description: 'boot the previous deployment again',
          command: ['rpm-ostree', 'rollback', '--reboot'],
          timeoutSeconds: 900,
          whileServing: false,
        },
      ],
    };
  },
  interpretDetect(output) {
    // `rpm-ostree upgrade --check` exits 77 when there is nothing to do.
    if (output.exitCode === 77) return { available: false, rebootRequired: false };
    if (output.exitCode !== 0) {
      throw new ExternalToolError({
        tool: 'rpm-ostree',
        failure: 'failed',
        exitCode: output.exitCode,
        detail: 'upgrade --check',
      });
    }
    const version = /^\s*Version:\s*(\S+)/m.exec(output.stdout)?.[1];
    return {
      available: /^AvailableUpdate:/m.test(output.stdout),
      ...(version ? { version } : {}),
      rebootRequired: false,
    };
  },
  verify({ before, after, target }) {
    const reasons: string[] = [];
    if (after.bootID === before.bootID) reasons.push('the node did not reboot (bootID unchanged)');
    if (target.version !== undefined && !after.osImage.includes(target.version)) {
      reasons.push(`osImage "${after.osImage}" does not show ${target.version}`);
    }
    return { ok: reasons.length === 0, reasons };
  },
};
