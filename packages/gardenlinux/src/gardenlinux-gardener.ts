import { createHash } from 'node:crypto';
import {
  poolOsFiles,
  renderModulesLoadFile,
  renderProxyDropin,
  UnsupportedFeatureError,
  type NodePool,
  type OsFileV1,
  type WarningV1,
} from '@kubenode/core';
import { gardenerKubeletConfig } from './gardener-kubelet-config.js';
import { GARDENER_WORKER_NAME, type GardenLinuxAdapterOptions } from './gardenlinux-adapter-options.js';
import { maskedUnitFile, ntpFile, timeService } from './gardenlinux-node-files.js';
import type { GardenLinuxTarget } from './gardenlinux-target.js';
import {
  EXTENSIONS_API_VERSION,
  operatingSystemConfigSchema,
  type OperatingSystemConfig,
  type OscFile,
  type OscUnit,
} from './operating-system-config-schema.js';
import {
  MIRROR_CONFIG_API_VERSION,
  SHOOT_API_VERSION,
  shootPatchSchema,
  type ShootPatch,
  type ShootWorkerPatch,
} from './shoot-patch-schema.js';

/** The oneshot unit that loads `spec.os.kernelModules` on a running Gardener node. */
export const KERNEL_MODULES_UNIT = 'kubenode-kernel-modules.service';

/** What Gardener mode renders: the OperatingSystemConfig, the Shoot patch, and what the user must know. */
export interface GardenerFragments {
  /** Files and units for the worker pool's OperatingSystemConfig. */
  readonly operatingSystemConfig: OperatingSystemConfig;
  /** The worker pool (and registry mirrors) as a Shoot patch. */
  readonly shootPatch: ShootPatch;
  /** The worker pool name the Shoot patch uses. */
  readonly workerName: string;
  /** Each field that belongs to the Shoot, the join Gardener owns, and derived names. */
  readonly warnings: readonly WarningV1[];
}

/** Bytes Gardener's node agent writes as they are: UTF-8 text without control characters other than tab and newline. */
function isPlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text);
}

function oscFile(file: OsFileV1): OscFile {
  const bytes =
    file.encoding === 'base64' ? Buffer.from(file.contents, 'base64') : Buffer.from(file.contents, 'utf8');
  const inline = isPlainText(bytes)
    ? { encoding: '' as const, data: bytes.toString('utf8') }
    : { encoding: 'b64' as const, data: bytes.toString('base64') };
  return { path: file.path, permissions: file.mode, content: { inline } };
}

/** The worker pool name: the option, metadata.name when it fits Gardener's 15 characters, else a shortened, hashed form. */
export function gardenerWorkerName(
  pool: NodePool,
  options: GardenLinuxAdapterOptions,
): { readonly name: string; readonly derived: boolean } {
  if (options.gardener.workerName !== undefined) return { name: options.gardener.workerName, derived: false };
  const name = pool.metadata.name;
  if (GARDENER_WORKER_NAME.test(name)) return { name, derived: false };
  const head = name.replaceAll('.', '-').slice(0, 10).replace(/-+$/, '');
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 4);
  return { name: `${head}-${hash}`, derived: true };
}

function shootField(path: string, where: string, workerName: string): WarningV1 {
  return {
    code: 'shoot-field',
    path,
    message: `belongs to the Shoot, not to the node's OperatingSystemConfig: shoot-patch.yaml sets it at ${where}; apply the patch to the Shoot (Gardener then rolls or updates the nodes of ${workerName})`,
  };
}

function units(pool: NodePool, target: GardenLinuxTarget, files: OscFile[]): OscUnit[] {
  const { os } = pool.spec;
  const out: OscUnit[] = [];
  const modules = renderModulesLoadFile(os.kernelModules);
  if (modules) {
    files.push(oscFile(modules));
    out.push({
      name: KERNEL_MODULES_UNIT,
      command: 'restart',
      enable: true,
      filePaths: [modules.path],
      content: [
        '[Unit]',
        'Description=Load the kernel modules of the NodePool (kubenode)',
        'After=systemd-modules-load.service',
        '',
        '[Service]',
        'Type=oneshot',
        'RemainAfterExit=yes',
        `ExecStart=/usr/sbin/modprobe -a ${[...new Set(os.kernelModules)].sort().join(' ')}`,
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
      ].join('\n'),
    });
  }
  const ntp = ntpFile(target.flavor, os.ntpServers);
  if (ntp) {
    files.push(oscFile(ntp));
    out.push({ name: timeService(target.flavor).unit, command: 'restart', filePaths: [ntp.path] });
  }
  const proxy = renderProxyDropin(os.proxy);
  if (proxy) {
    for (const name of ['containerd.service', 'kubelet.service']) {
      out.push({ name, dropIns: [{ name: proxy.name, content: proxy.contents }] });
    }
  }
  for (const unit of os.units) {
    if (unit.mask) {
      files.push(oscFile(maskedUnitFile(unit.name)));
      continue;
    }
    const entry: { -readonly [K in keyof OscUnit]: OscUnit[K] } = { name: unit.name };
    if (unit.enabled === true) {
      entry.enable = true;
      entry.command = 'start';
    } else if (unit.enabled === false) {
      entry.enable = false;
      entry.command = 'stop';
    }
    if (unit.contents !== undefined) entry.content = unit.contents;
    if (unit.dropins.length > 0)
      entry.dropIns = unit.dropins.map((dropin) => ({ name: dropin.name, content: dropin.contents }));
    const existing = out.find((candidate) => candidate.name === unit.name);
    if (existing) {
      // A pool unit that kubenode also touches (containerd.service with the proxy drop-in): merge by name.
      const dropIns = new Map((existing.dropIns ?? []).map((dropin) => [dropin.name, dropin.content]));
      for (const dropin of entry.dropIns ?? []) dropIns.set(dropin.name, dropin.content);
      Object.assign(existing, entry, {
        dropIns: [...dropIns].map(([name, content]) => ({ name, content })),
      });
      continue;
    }
    out.push(entry);
  }
  return out;
}

function mirrors(pool: NodePool, adapterId: string): NonNullable<ShootPatch['spec']['extensions']> {
  const registries = Object.keys(pool.spec.runtime.registryMirrors).sort();
  if (registries.length === 0) return [];
  if (registries.includes('*')) {
    throw new UnsupportedFeatureError({
      field: 'spec.runtime.registryMirrors["*"]',
      distro: adapterId,
      reason:
        'the registry-mirror extension configures mirrors per upstream registry and has no catch-all upstream',
      alternative: 'list each registry to mirror by name (docker.io, registry.k8s.io, ...)',
    });
  }
  // Host names are case-insensitive, and the extension accepts only the lower-case form.
  const upstreams = new Map<string, string>();
  for (const registry of registries) {
    const upstream = registry.toLowerCase();
    const other = upstreams.get(upstream);
    if (other !== undefined) {
      throw new UnsupportedFeatureError({
        field: `spec.runtime.registryMirrors[${JSON.stringify(registry)}]`,
        distro: adapterId,
        reason: `${JSON.stringify(other)} and ${JSON.stringify(registry)} name the same registry (host names are case-insensitive)`,
        alternative: 'list the registry once, with all its mirrors',
      });
    }
    upstreams.set(upstream, registry);
  }
  return [
    {
      type: 'registry-mirror',
      providerConfig: {
        apiVersion: MIRROR_CONFIG_API_VERSION,
        kind: 'MirrorConfig',
        mirrors: [...upstreams]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([upstream, registry]) => ({
            upstream,
            hosts: (pool.spec.runtime.registryMirrors[registry] ?? []).map((host) => {
              const path = new URL(host).pathname;
              return {
                host,
                capabilities: ['pull', 'resolve'] as ('pull' | 'resolve')[],
                ...(path !== '/' && path !== '' ? { overridePath: true } : {}),
              };
            }),
          })),
      },
    },
  ];
}

/**
 * Renders a pool for a Garden Linux node under Gardener:
 * - an `OperatingSystemConfig` (purpose `reconcile`, type `gardenlinux`) carrying the pool's
 *   files and units plus kubenode's kernel-module, time and proxy files and units, to be merged
 *   into the worker pool's configuration (Gardener creates that resource itself; extensions add
 *   files and units to it with an OperatingSystemConfig webhook);
 * - a Shoot patch with the worker pool's labels, taints, kubelet settings, sysctls, CA bundle,
 *   Kubernetes and machine image version, update strategy and the registry-mirror extension.
 * The join (API server, CA, bootstrap token), host names and users are Gardener's.
 *
 * @throws {UnsupportedFeatureError} for files not owned by root, a catch-all registry mirror and
 *   kubelet fields Gardener does not model.
 */
export function renderGardenerFragments(
  pool: NodePool,
  target: GardenLinuxTarget,
  options: GardenLinuxAdapterOptions,
  adapterId: string,
): GardenerFragments {
  const { kubernetes, os, image, updates } = pool.spec;
  const warnings: WarningV1[] = [];
  const worker = gardenerWorkerName(pool, options);
  if (worker.derived) {
    warnings.push({
      code: 'worker-name',
      path: 'metadata.name',
      message: `Gardener worker pool names are DNS labels of at most 15 characters; the Shoot patch names the pool ${worker.name} (set spec.adapterOptions.${adapterId}.gardener.workerName to choose)`,
    });
  }
  warnings.push({
    code: 'gardener-manages-join',
    path: 'spec.kubernetes',
    message:
      'Gardener joins the node: gardener-node-agent receives the API server, the cluster CA and a bootstrap token from the Shoot, so spec.kubernetes.apiServer, spec.kubernetes.caCert and spec.kubernetes.bootstrapToken are not written anywhere',
  });

  const kubeletConfig = gardenerKubeletConfig(pool, adapterId);
  const files: OscFile[] = [];
  for (const [index, file] of poolOsFiles(pool).entries()) {
    if (file.owner !== 'root' || file.group !== 'root') {
      throw new UnsupportedFeatureError({
        field: `spec.os.files[${index}].${file.owner !== 'root' ? 'owner' : 'group'}`,
        distro: adapterId,
        reason:
          'OperatingSystemConfig files carry permissions but no owner or group: they are written as root:root',
        alternative:
          'keep the file root-owned and make it readable through its mode, or add a unit that chowns it (OperatingSystemConfig units)',
      });
    }
    files.push(oscFile(file));
  }
  const oscUnits = units(pool, target, files);
  const sortedFiles = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let index = 1; index < sortedFiles.length; index++) {
    if (sortedFiles[index]!.path === sortedFiles[index - 1]!.path)
      throw new RangeError(`two OperatingSystemConfig files write ${sortedFiles[index]!.path}`);
  }
  const operatingSystemConfig = operatingSystemConfigSchema.parse({
    apiVersion: EXTENSIONS_API_VERSION,
    kind: 'OperatingSystemConfig',
    metadata: { name: `kubenode-${pool.metadata.name}` },
    spec: {
      type: 'gardenlinux',
      purpose: 'reconcile',
      ...(oscUnits.length > 0 ? { units: oscUnits } : {}),
      ...(sortedFiles.length > 0 ? { files: sortedFiles } : {}),
    },
  });

  const inPlace = updates.strategy === 'in-place' && target.flavor.usi;
  if (updates.strategy === 'in-place' && !target.flavor.usi) {
    warnings.push({
      code: 'updates-by-replacement',
      path: 'spec.updates.strategy',
      message: `${target.flavor.name} has no in-place update (Gardener's in-place updates run gardenlinux-update, which only _usi flavours ship): the Shoot patch keeps AutoRollingUpdate, so Gardener replaces the nodes`,
    });
  }
  const workerPatch: { -readonly [K in keyof ShootWorkerPatch]: ShootWorkerPatch[K] } = {
    name: worker.name,
    machine: {
      image: {
        name: options.gardener.machineImageName,
        ...(image.version !== undefined ? { version: image.version } : {}),
      },
      architecture: image.arch,
    },
    cri: { name: 'containerd' },
    kubernetes: {
      version: kubernetes.version,
      ...(Object.keys(kubeletConfig).length > 0 ? { kubelet: kubeletConfig } : {}),
    },
    maxUnavailable: updates.maxUnavailable,
    updateStrategy: inPlace ? 'AutoInPlaceUpdate' : 'AutoRollingUpdate',
  };
  const where = `spec.provider.workers[name=${worker.name}]`;
  warnings.push(shootField('spec.kubernetes.version', `${where}.kubernetes.version`, worker.name));
  warnings.push(shootField('spec.image', `${where}.machine.image and .machine.architecture`, worker.name));
  warnings.push(shootField('spec.updates', `${where}.updateStrategy and .maxUnavailable`, worker.name));
  const labels = kubernetes.nodeLabels;
  if (Object.keys(labels).length > 0) {
    workerPatch.labels = Object.fromEntries(
      Object.keys(labels)
        .sort()
        .map((key) => [key, labels[key]!]),
    );
    warnings.push(shootField('spec.kubernetes.nodeLabels', `${where}.labels`, worker.name));
  }
  if (kubernetes.nodeTaints.length > 0) {
    workerPatch.taints = kubernetes.nodeTaints.map((taint) =>
      taint.value === undefined
        ? { key: taint.key, effect: taint.effect }
        : { key: taint.key, value: taint.value, effect: taint.effect },
    );
    warnings.push(shootField('spec.kubernetes.nodeTaints', `${where}.taints`, worker.name));
  }
  if (kubernetes.maxPods !== undefined)
    warnings.push(shootField('spec.kubernetes.maxPods', `${where}.kubernetes.kubelet.maxPods`, worker.name));
  if (Object.keys(kubernetes.kubelet).length > 0)
    warnings.push(shootField('spec.kubernetes.kubelet', `${where}.kubernetes.kubelet`, worker.name));
  const sysctlKeys = Object.keys(os.sysctls).sort();
  if (sysctlKeys.length > 0) {
    workerPatch.sysctls = Object.fromEntries(sysctlKeys.map((key) => [key, String(os.sysctls[key])]));
    warnings.push(shootField('spec.os.sysctls', `${where}.sysctls`, worker.name));
  }
  if (os.caCerts.length > 0) {
    workerPatch.caBundle = os.caCerts.map((pem) => `${pem.trim()}\n`).join('');
    warnings.push(shootField('spec.os.caCerts', `${where}.caBundle`, worker.name));
  }
  const extensions = mirrors(pool, adapterId);
  if (extensions.length > 0) {
    warnings.push(
      shootField(
        'spec.runtime.registryMirrors',
        'spec.extensions[type=registry-mirror] (the registry-mirror extension must be enabled in the landscape)',
        worker.name,
      ),
    );
  }
  if (updates.window !== undefined) {
    warnings.push({
      code: 'shoot-field-not-written',
      path: 'spec.updates.window',
      message:
        "Gardener updates nodes in the Shoot's maintenance time window: set spec.maintenance.timeWindow (begin and end as HHMMSS+ZZZZ); kubenode does not write it because the zone offset depends on the date",
    });
  }
  const shootPatch = shootPatchSchema.parse({
    apiVersion: SHOOT_API_VERSION,
    kind: 'Shoot',
    spec: {
      ...(extensions.length > 0 ? { extensions } : {}),
      provider: { workers: [workerPatch] },
    },
  });
  return { operatingSystemConfig, shootPatch, workerName: worker.name, warnings };
}
