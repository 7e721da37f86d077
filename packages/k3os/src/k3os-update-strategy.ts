import type {
  NodeUpdatePlanV1,
  StepOutputV1,
  UpdateAvailabilityV1,
  UpdateStepV1,
  UpdateStrategyV1,
  VerificationResultV1,
} from '@kubenode/core';
import { K3OS_LATEST_RELEASE } from './k3os-release.js';

/** The image the k3OS upgrade runs from, as in upstream's k3os-latest Plan. */
export const K3OS_UPGRADE_IMAGE = 'docker.io/rancher/k3os';

const RELEASE = /v0\.\d+\.\d+(?:-k3s\d+r\d+)?/;

/** The k3OS release in `nodeInfo.osImage` (`k3OS v0.21.5-k3s2r1`). */
export function parseK3osOsImage(osImage: string): string | undefined {
  return /k3OS/i.test(osImage) ? RELEASE.exec(osImage)?.[0] : undefined;
}

function checkRelease(release: string): string {
  if (!new RegExp(`^${RELEASE.source}$`).test(release))
    throw new RangeError(`not a k3OS release tag: ${release}`);
  return release;
}

/** The `k3os upgrade` arguments of upstream's Plan, without `--reboot` (kubenode reboots in its own step). */
function upgradeCommand(release: string): string[] {
  return [
    'k3s',
    'ctr',
    'run',
    '--rm',
    '--privileged',
    '--mount',
    'type=bind,src=/,dst=/host,options=rbind:rw',
    `${K3OS_UPGRADE_IMAGE}:${release}`,
    `kubenode-k3os-upgrade-${release}`,
    'k3os',
    '--debug',
    'upgrade',
    '--kernel',
    '--rootfs',
    '--remount',
    '--sync',
    '--lock-file=/host/run/k3os/upgrade.lock',
    '--source=/k3os/system',
    '--destination=/host/k3os/system',
  ];
}

function pullCommand(release: string): string[] {
  return ['k3s', 'ctr', 'images', 'pull', `${K3OS_UPGRADE_IMAGE}:${release}`];
}

/**
 * k3OS upgrades in place by replacing the kernel, root filesystem and k3s images under
 * `/k3os/system` from the `rancher/k3os:<release>` image (what upstream's system-upgrade-controller
 * Plan runs), then rebooting; there are no A/B partitions. The kubenode node agent runs the same
 * upgrade through the node's own containerd (`k3s ctr`): pre-pull while serving, upgrade after
 * the drain, reboot. Verified by the release in `nodeInfo.osImage` and a new bootID; rolled back
 * by upgrading to the previous release the same way. Without a target, the target is the last
 * k3OS release, since k3OS is end of life.
 */
export const k3osUpdateStrategy: UpdateStrategyV1 = {
  kind: 'image-replacement',
  capabilities: {
    inPlace: true,
    abPartitions: false,
    stageWhileServing: true,
    rollback: true,
    requiresReboot: true,
    livepatch: false,
  },
  verificationKeys: ['osImage', 'bootID'],
  nodeConfiguration: () => ({ files: [], units: [] }),
  planNode({ node, target }): NodeUpdatePlanV1 {
    const release = checkRelease(target.version ?? K3OS_LATEST_RELEASE);
    const previous = parseK3osOsImage(node.osImage);
    const steps: UpdateStepV1[] = [
      {
        phase: 'detect',
        description: `print the running k3OS release and the target ${release}`,
        command: ['sh', '-c', 'k3os --version && printf "kubenode-target %s\\n" "$1"', 'sh', release],
        timeoutSeconds: 30,
        whileServing: true,
      },
      {
        phase: 'stage',
        description: `pre-pull ${K3OS_UPGRADE_IMAGE}:${release} into the node's containerd`,
        command: pullCommand(release),
        timeoutSeconds: 900,
        whileServing: true,
      },
      {
        phase: 'apply',
        description: `replace the kernel, root filesystem and k3s under /k3os/system with ${release} (k3os upgrade)`,
        command: upgradeCommand(release),
        timeoutSeconds: 900,
        whileServing: false,
      },
      {
        phase: 'reboot',
        description: 'reboot into the new release',
        command: ['reboot'],
        timeoutSeconds: 600,
        whileServing: false,
      },
      {
        phase: 'verify',
        description: `check that nodeInfo.osImage reports ${release} and that bootID changed`,
        command: [],
        timeoutSeconds: 600,
        whileServing: false,
      },
    ];
    if (previous !== undefined && previous !== release) {
      steps.push(
        {
          phase: 'rollback',
          description: `pull ${K3OS_UPGRADE_IMAGE}:${previous}`,
          command: pullCommand(previous),
          timeoutSeconds: 900,
          whileServing: false,
        },
        {
          phase: 'rollback',
          description: `put ${previous} back under /k3os/system (k3os upgrade to the previous release)`,
          command: upgradeCommand(previous),
          timeoutSeconds: 900,
          whileServing: false,
        },
        {
          phase: 'rollback',
          description: 'reboot into the previous release',
          command: ['reboot'],
          timeoutSeconds: 600,
          whileServing: false,
        },
      );
    }
    return { node: node.name, steps };
  },
  interpretDetect(output: StepOutputV1): UpdateAvailabilityV1 {
    if (output.exitCode !== 0) return { available: false, rebootRequired: false };
    const running = /version\s+(v0\.\d+\.\d+(?:-k3s\d+r\d+)?)/.exec(output.stdout)?.[1];
    const target = /^kubenode-target (\S+)$/m.exec(output.stdout)?.[1];
    if (target === undefined) return { available: false, rebootRequired: false };
    return { available: running !== target, version: target, rebootRequired: false };
  },
  verify({ before, after, target }): VerificationResultV1 {
    const reasons: string[] = [];
    if (after.bootID === before.bootID)
      reasons.push(`bootID ${after.bootID} did not change: the node has not rebooted`);
    const release = parseK3osOsImage(after.osImage);
    const expected = target.version ?? K3OS_LATEST_RELEASE;
    if (release === undefined) reasons.push(`osImage '${after.osImage}' is not a k3OS release`);
    else if (release !== expected) reasons.push(`osImage reports ${release}, expected ${expected}`);
    return { ok: reasons.length === 0, reasons };
  },
};
