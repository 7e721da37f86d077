import { parseDurationSeconds, SpecValidationError, toYaml, type NodePool } from '@kubenode/core';
import { K3OS_LATEST_RELEASE } from './k3os-release.js';
import { K3OS_UPGRADE_IMAGE } from './k3os-update-strategy.js';

const DAYS: Record<string, string> = {
  Mon: 'monday',
  Tue: 'tuesday',
  Wed: 'wednesday',
  Thu: 'thursday',
  Fri: 'friday',
  Sat: 'saturday',
  Sun: 'sunday',
};

/** Options of {@link renderK3osUpgradePlan}. */
export interface K3osUpgradePlanOptions {
  /** The release to move to; the pool's `spec.image.version`, else the last k3OS release. */
  readonly version?: string;
  /** Follow upstream's release channel instead of pinning a version. */
  readonly followChannel?: boolean;
  /** Namespace of the system-upgrade-controller; k3os-system (as in k3OS) by default. */
  readonly namespace?: string;
  /** Node count of the pool, to turn a percentage maxUnavailable into the Plan's concurrency. */
  readonly nodeCount?: number;
}

/**
 * The system-upgrade-controller Plan (upgrade.cattle.io/v1) that upgrades a pool's k3OS nodes
 * the way upstream's k3os-latest Plan does (pre-pull, drain, `k3os upgrade ... --reboot`), scoped
 * to nodes that opted in with `k3os.io/upgrade` (any value but `disabled`), run from disk
 * (`k3os.io/mode` not `live`) and carrying the pool's node labels. Concurrency is the pool's
 * maxUnavailable; its maintenance window becomes the Plan's window.
 *
 * @throws {SpecValidationError} for a percentage maxUnavailable without `nodeCount`, or a window of 24h or more.
 */
export function renderK3osUpgradePlan(pool: NodePool, options: K3osUpgradePlanOptions = {}): string {
  const { updates, kubernetes } = pool.spec;
  const invalid = (path: string[], message: string) =>
    new SpecValidationError({
      issues: [{ path, code: 'invalid_value', message }],
      source: pool.metadata.name,
    });
  let concurrency: number;
  if (typeof updates.maxUnavailable === 'number') concurrency = updates.maxUnavailable;
  else {
    if (options.nodeCount === undefined) {
      throw invalid(
        ['spec', 'updates', 'maxUnavailable'],
        'a Plan needs a node count; pass nodeCount to turn the percentage into a concurrency',
      );
    }
    concurrency = Math.max(
      1,
      Math.floor((options.nodeCount * Number.parseInt(updates.maxUnavailable, 10)) / 100),
    );
  }
  const version = options.version ?? pool.spec.image.version ?? K3OS_LATEST_RELEASE;
  const matchLabels = Object.fromEntries(
    Object.keys(kubernetes.nodeLabels)
      .sort()
      .map((key) => [key, kubernetes.nodeLabels[key]!]),
  );
  const spec: Record<string, unknown> = { concurrency };
  if (options.followChannel) spec.channel = 'https://github.com/rancher/k3os/releases/latest';
  else spec.version = version;
  spec.nodeSelector = {
    ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
    matchExpressions: [
      { key: 'k3os.io/upgrade', operator: 'Exists' },
      { key: 'k3os.io/upgrade', operator: 'NotIn', values: ['disabled'] },
      { key: 'k3os.io/mode', operator: 'Exists' },
      { key: 'k3os.io/mode', operator: 'NotIn', values: ['live'] },
    ],
  };
  spec.serviceAccountName = 'k3os-upgrade';
  if (updates.window) {
    const seconds = parseDurationSeconds(updates.window.duration)!;
    if (seconds >= 24 * 3600)
      throw invalid(
        ['spec', 'updates', 'window', 'duration'],
        'a system-upgrade-controller window must be shorter than 24h',
      );
    const [hours, minutes] = updates.window.start.split(':').map(Number);
    const end = (hours! * 60 + minutes! + Math.ceil(seconds / 60)) % (24 * 60);
    spec.window = {
      days: updates.window.days.map((day) => DAYS[day]!),
      startTime: updates.window.start,
      endTime: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`,
      timeZone: updates.window.timeZone,
    };
  }
  spec.prepare = { image: K3OS_UPGRADE_IMAGE, command: ['k3os', '--version'] };
  spec.drain = { force: true, ignoreDaemonSets: true, deleteEmptydirData: true };
  spec.upgrade = {
    image: K3OS_UPGRADE_IMAGE,
    command: ['k3os', '--debug'],
    args: [
      'upgrade',
      '--kernel',
      '--rootfs',
      '--remount',
      '--sync',
      '--reboot',
      '--lock-file=/host/run/k3os/upgrade.lock',
      '--source=/k3os/system',
      '--destination=/host/k3os/system',
    ],
  };
  const plan = {
    apiVersion: 'upgrade.cattle.io/v1',
    kind: 'Plan',
    metadata: {
      name: `k3os-${pool.metadata.name}`.slice(0, 63).replace(/[-.]+$/, ''),
      namespace: options.namespace ?? 'k3os-system',
      labels: { 'kubenode.dev/pool': pool.metadata.name },
    },
    spec,
  };
  return toYaml(plan);
}
