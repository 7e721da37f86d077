import type { DurationDistribution } from './distribution.js';

/** How a simulated host updates, which decides the detect output it prints. */
export type SimulatedUpdateKind = 'ab-partition' | 'package-manager';

/**
 * Per-distro host behaviour of the simulator, as data: versions, how `osImage` and the kernel
 * read, and how long each step takes. Sources: shared/reference/updates.md §4 and §7.2
 * (stage 20–120 s for image-based updates, 60–300 s for apt; reboot-to-Ready lognormal with
 * median ≈ 75 s and p99 ≈ 5 min on cloud VMs; Flatcar's ~2 min GRUB success mark; Bottlerocket's
 * ~9 s boot, bottlerocket#4163).
 */
export interface DistroTimingProfile {
  /** The adapter id the profile models. */
  readonly id: string;
  readonly displayName: string;
  /** Which host-side mechanism (and detect output format) the simulated node uses. */
  readonly updateKind: SimulatedUpdateKind;
  /** The version nodes start on and the one the rollout moves to. */
  readonly fromVersion: string;
  readonly toVersion: string;
  /** `status.nodeInfo.osImage` for a version. */
  osImage(version: string): string;
  /** `status.nodeInfo.kernelVersion` for a version. */
  kernelVersion(version: string): string;
  /** Download and write while serving (update_engine, apiclient prepare, apt-get -d). */
  readonly stageSeconds: DurationDistribution;
  /** Post-drain, pre-reboot work (apt install; 0 for A/B images). */
  readonly applySeconds: DurationDistribution;
  /** Reboot request to kubelet Ready again: split into shutdown 20 %, boot 40 %, kubelet 40 %. */
  readonly rebootSeconds: DurationDistribution;
  /** How long each DaemonSet pod takes to be Ready after the node is Ready. */
  readonly daemonSetReadySeconds: DurationDistribution;
  /** The Ready time the distro needs before an update counts as good (Flatcar: 120 s). */
  readonly settleSeconds: number;
  /** A failed boot of the new image falls back to the old one (A/B). */
  readonly abFallback: boolean;
  /** The update can be rolled back by the node (A/B re-prioritisation, version lock). */
  readonly rollback: boolean;
}

const cloudReboot: DurationDistribution = {
  kind: 'mixture',
  parts: [
    { weight: 0.95, distribution: { kind: 'lognormal', median: 75, sigma: 0.45, min: 25, max: 600 } },
    // The slow mode of a bimodal boot time (bottlerocket#2878) and shutdown delays (bottlerocket#858).
    { weight: 0.05, distribution: { kind: 'uniform', min: 150, max: 330 } },
  ],
};

const daemonSetReady: DurationDistribution = { kind: 'uniform', min: 10, max: 60 };

/** The built-in distro profiles of the simulator. */
export const DISTRO_TIMING_PROFILES: Readonly<Record<string, DistroTimingProfile>> = {
  flatcar: {
    id: 'flatcar',
    displayName: 'Flatcar Container Linux',
    updateKind: 'ab-partition',
    fromVersion: '4081.2.0',
    toVersion: '4152.2.1',
    osImage: (version) => `Flatcar Container Linux by Kinvolk ${version} (Oklo)`,
    kernelVersion: (version) => (version === '4081.2.0' ? '6.6.54-flatcar' : '6.6.60-flatcar'),
    stageSeconds: { kind: 'uniform', min: 20, max: 120 },
    applySeconds: { kind: 'fixed', value: 0 },
    rebootSeconds: cloudReboot,
    daemonSetReadySeconds: daemonSetReady,
    settleSeconds: 120,
    abFallback: true,
    rollback: true,
  },
  bottlerocket: {
    id: 'bottlerocket',
    displayName: 'Bottlerocket',
    updateKind: 'ab-partition',
    fromVersion: '1.19.4',
    toVersion: '1.20.0',
    osImage: (version) => `Bottlerocket OS ${version} (aws-k8s-1.29)`,
    kernelVersion: (version) => (version === '1.19.4' ? '6.1.72' : '6.1.79'),
    stageSeconds: { kind: 'uniform', min: 20, max: 120 },
    applySeconds: { kind: 'fixed', value: 0 },
    rebootSeconds: {
      kind: 'mixture',
      parts: [
        { weight: 0.95, distribution: { kind: 'lognormal', median: 50, sigma: 0.4, min: 20, max: 600 } },
        { weight: 0.05, distribution: { kind: 'uniform', min: 120, max: 240 } },
      ],
    },
    daemonSetReadySeconds: daemonSetReady,
    settleSeconds: 30,
    abFallback: true,
    rollback: true,
  },
  gardenlinux: {
    id: 'gardenlinux',
    displayName: 'Garden Linux',
    updateKind: 'ab-partition',
    fromVersion: '1592.6',
    toVersion: '1592.9',
    osImage: (version) => `Garden Linux ${version}`,
    kernelVersion: (version) => (version === '1592.6' ? '6.6.62-cloud-amd64' : '6.6.71-cloud-amd64'),
    stageSeconds: { kind: 'uniform', min: 20, max: 120 },
    applySeconds: { kind: 'fixed', value: 0 },
    rebootSeconds: cloudReboot,
    daemonSetReadySeconds: daemonSetReady,
    settleSeconds: 30,
    abFallback: true,
    rollback: true,
  },
  k3os: {
    id: 'k3os',
    displayName: 'k3OS',
    updateKind: 'ab-partition',
    fromVersion: 'v0.21.5-k3s2r1',
    toVersion: 'v0.22.2-k3s2r0',
    osImage: (version) => `k3OS ${version}`,
    kernelVersion: () => '5.4.0-88-generic',
    stageSeconds: { kind: 'uniform', min: 20, max: 90 },
    applySeconds: { kind: 'uniform', min: 20, max: 60 },
    rebootSeconds: cloudReboot,
    daemonSetReadySeconds: daemonSetReady,
    settleSeconds: 30,
    abFallback: false,
    rollback: false,
  },
  debian: {
    id: 'debian',
    displayName: 'Debian',
    updateKind: 'package-manager',
    fromVersion: '12.7',
    toVersion: '12.8',
    osImage: () => 'Debian GNU/Linux 12 (bookworm)',
    kernelVersion: (version) => (version === '12.7' ? '6.1.0-25-amd64' : '6.1.0-27-amd64'),
    stageSeconds: { kind: 'uniform', min: 60, max: 300 },
    applySeconds: { kind: 'uniform', min: 30, max: 150 },
    rebootSeconds: cloudReboot,
    daemonSetReadySeconds: daemonSetReady,
    settleSeconds: 30,
    abFallback: false,
    rollback: false,
  },
  ubuntu: {
    id: 'ubuntu',
    displayName: 'Ubuntu',
    updateKind: 'package-manager',
    fromVersion: '24.04.1',
    toVersion: '24.04.2',
    osImage: (version) => `Ubuntu ${version} LTS`,
    kernelVersion: (version) => (version === '24.04.1' ? '6.8.0-45-generic' : '6.8.0-51-generic'),
    stageSeconds: { kind: 'uniform', min: 60, max: 300 },
    applySeconds: { kind: 'uniform', min: 30, max: 150 },
    rebootSeconds: cloudReboot,
    daemonSetReadySeconds: daemonSetReady,
    settleSeconds: 30,
    abFallback: false,
    rollback: false,
  },
};

/** Bare-metal reboots: normal(10 min, 3 min) with a 5 % tail at 20–30 min (openshift-docs#46241). */
export const BARE_METAL_REBOOT_SECONDS: DurationDistribution = {
  kind: 'mixture',
  parts: [
    { weight: 0.95, distribution: { kind: 'normal', mean: 600, sd: 180, min: 120 } },
    { weight: 0.05, distribution: { kind: 'uniform', min: 1200, max: 1800 } },
  ],
};
