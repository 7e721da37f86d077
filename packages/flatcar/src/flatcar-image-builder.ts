import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSysextImage,
  ExternalToolError,
  parseAdapterOptions,
  type BuildArtifactV1,
  type BuildOptionsV1,
  type BuildPlanV1,
  type BuildResultV1,
  type ExecFunction,
  type ImageBuilderV1,
  type NodePool,
  type RecipeFileV1,
} from '@kubenode/core';
import {
  buildIgnitionConfig,
  ignitionDropin,
  ignitionFile,
  ignitionLink,
  ignitionUnit,
  remoteFile,
  serializeIgnitionConfig,
} from 'ignition-config-ts';
import { flatcarAdapterOptionsSchema } from './flatcar-adapter-options.js';
import type { FetchFunction, FlatcarSettings } from './flatcar-settings.js';
import {
  kubernetesSysextLayout,
  renderKubernetesSysupdate,
  SYSEXT_ARCHITECTURES,
  SYSUPDATE_KUBERNETES_DROPIN,
  SYSUPDATE_NOOP_CONF,
} from './kubernetes-sysext.js';

/** The Kubernetes binaries the extension carries. */
export const KUBERNETES_SYSEXT_BINARIES = ['kubeadm', 'kubectl', 'kubelet'] as const;

/** The recipe file holding what `build` needs (a plan is data and may be stored and reloaded). */
export const SYSEXT_BUILD_PARAMETERS_FILE = 'kubenode-sysext-build.json';

interface BuildParameters {
  readonly kubernetesVersion: string;
  readonly arch: 'amd64' | 'arm64';
  readonly downloadUrl: string;
  readonly sysextBaseUrl: string;
  readonly ignitionVersion: '3.3.0' | '3.4.0' | '3.5.0';
  readonly sysupdate: boolean;
}

/** kubelet.service for a kubeadm node (kubernetes/release's unit, binaries in /usr/bin). */
const KUBELET_SERVICE = [
  '[Unit]',
  'Description=kubelet: The Kubernetes Node Agent',
  'Documentation=https://kubernetes.io/docs/',
  'Wants=network-online.target',
  'After=network-online.target',
  '',
  '[Service]',
  'ExecStart=/usr/bin/kubelet',
  'Restart=always',
  'StartLimitInterval=0',
  'RestartSec=10',
  '',
  '[Install]',
  'WantedBy=multi-user.target',
  '',
].join('\n');

/** kubeadm's kubelet drop-in (kubernetes/release 10-kubeadm.conf, binaries in /usr/bin). */
const KUBEADM_DROPIN = [
  '[Service]',
  'Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"',
  'Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"',
  'EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env',
  'EnvironmentFile=-/etc/default/kubelet',
  'ExecStart=',
  'ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS',
  '',
].join('\n');

/** Keeps kubelet running whenever multi-user.target is active, without a .wants symlink in /etc. */
const KUBELET_UPHOLDS = '[Unit]\nUpholds=kubelet.service\n';

function parameters(plan: BuildPlanV1): BuildParameters {
  const file = plan.recipeFiles.find((recipe) => recipe.path === SYSEXT_BUILD_PARAMETERS_FILE);
  if (!file)
    throw new TypeError(
      `the plan has no ${SYSEXT_BUILD_PARAMETERS_FILE}: it was not made by the Flatcar builder`,
    );
  return JSON.parse(file.contents) as BuildParameters;
}

/** The Ignition fragment that installs (and with sysupdate, updates) the extension from where it is served. */
function ignitionFragment(params: BuildParameters, hash?: string): string {
  const layout = kubernetesSysextLayout(params.kubernetesVersion, params.arch, params.sysextBaseUrl);
  const files = [remoteFile(layout.imagePath, layout.imageUrl, hash ? { hash } : {})];
  const units = [];
  if (params.sysupdate) {
    files.push(ignitionFile(layout.sysupdatePath, renderKubernetesSysupdate(layout, params.sysextBaseUrl)));
    files.push(ignitionFile('/etc/sysupdate.d/noop.conf', SYSUPDATE_NOOP_CONF));
    units.push(ignitionUnit('systemd-sysupdate.timer', { enabled: true }));
    units.push(
      ignitionUnit('systemd-sysupdate.service', {
        dropins: [ignitionDropin('kubernetes.conf', SYSUPDATE_KUBERNETES_DROPIN)],
      }),
    );
  }
  return `${serializeIgnitionConfig(
    buildIgnitionConfig({
      version: params.ignitionVersion,
      files,
      links: [ignitionLink(layout.linkPath, layout.imagePath)],
      units,
    }),
    { pretty: true },
  )}\n`;
}

async function download(
  fetchFn: FetchFunction,
  url: string,
  what: string,
  signal?: AbortSignal,
): Promise<Buffer> {
  let response: Awaited<ReturnType<FetchFunction>>;
  try {
    response = await fetchFn(url, signal ? { signal } : undefined);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ExternalToolError({
      tool: new URL(url).host,
      failure: 'unreachable',
      detail: `cannot download ${what} from ${url}; point createFlatcar({ kubernetesDownloadUrl }) at a reachable mirror or inject fetch`,
      cause: error,
    });
  }
  if (!response.ok) {
    throw new ExternalToolError({
      tool: new URL(url).host,
      failure: 'failed',
      detail: `HTTP ${response.status} for ${what} at ${url}`,
    });
  }
  return Buffer.from(await response.arrayBuffer());
}

/**
 * Flatcar is customised, not rebuilt: the pool compiles to a Kubernetes systemd-sysext image
 * (kubelet, kubeadm, kubectl from dl.k8s.io, checked against their published sha256, with
 * kubelet.service and kubeadm's drop-in), built reproducibly by core's `buildSysextImage` as
 * `kubernetes-v<version>-<arch>.raw` + SHA256SUMS + `kubernetes.raw`, plus the Ignition fragment
 * and systemd-sysupdate transfer that install and update it from where it is served
 * (`adapterOptions.flatcar.kubernetesSysext.baseUrl`).
 */
export function createFlatcarImageBuilder(
  adapterId: string,
  settings: FlatcarSettings,
  exec?: ExecFunction,
): ImageBuilderV1 {
  return {
    plan(pool: NodePool): BuildPlanV1 {
      const options = parseAdapterOptions(pool, adapterId, flatcarAdapterOptionsSchema);
      const params: BuildParameters = {
        kubernetesVersion: pool.spec.kubernetes.version,
        arch: pool.spec.image.arch,
        downloadUrl: settings.kubernetesDownloadUrl.replace(/\/+$/, ''),
        sysextBaseUrl: options.kubernetesSysext.baseUrl,
        ignitionVersion: options.ignitionVersion,
        sysupdate: options.kubernetesSysext.sysupdate,
      };
      const layout = kubernetesSysextLayout(params.kubernetesVersion, params.arch, params.sysextBaseUrl);
      const recipeFiles: RecipeFileV1[] = [
        { path: SYSEXT_BUILD_PARAMETERS_FILE, contents: `${JSON.stringify(params, null, 2)}\n`, mode: 0o644 },
        {
          path: `sysupdate.kubernetes.d/kubernetes-v${layout.minor}.conf`,
          contents: renderKubernetesSysupdate(layout, params.sysextBaseUrl),
          mode: 0o644,
        },
        { path: 'kubernetes-sysext.ign', contents: ignitionFragment(params), mode: 0o644 },
      ];
      const imageId = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 16);
      return {
        distro: 'flatcar',
        kind: 'sysext',
        imageId,
        steps: [
          ...KUBERNETES_SYSEXT_BINARIES.map((binary) => ({
            id: `download-${binary}`,
            description: `download ${binary} v${params.kubernetesVersion} (linux/${params.arch}) and check its published sha256`,
          })),
          {
            id: 'stage-tree',
            description:
              'stage usr/bin binaries, kubelet.service, 10-kubeadm.conf and the multi-user Upholds= drop-in',
          },
          {
            id: 'mksquashfs',
            description: `pack ${layout.fileName} (squashfs, root-owned, SOURCE_DATE_EPOCH=0) with extension-release.kubernetes`,
            tool: 'mksquashfs',
          },
          {
            id: 'ignition-fragment',
            description: 'write the Ignition fragment with the image hash and the sysupdate transfer',
          },
        ],
        requiredTools: [
          { name: 'mksquashfs', debianPackage: 'squashfs-tools', purpose: 'packs the systemd-sysext image' },
          {
            name: new URL(params.downloadUrl).host,
            purpose: `serves kubelet, kubeadm and kubectl v${params.kubernetesVersion} and their .sha256 files (settings.kubernetesDownloadUrl)`,
          },
        ],
        outputs: [
          { name: layout.fileName, format: 'sysext' },
          { name: 'SHA256SUMS', format: 'manifest' },
          { name: 'kubernetes-sysext.ign', format: 'recipe' },
        ],
        recipeFiles,
      };
    },

    async build(plan: BuildPlanV1, options: BuildOptionsV1): Promise<BuildResultV1> {
      const params = parameters(plan);
      const fetchFn = settings.fetch ?? (globalThis.fetch as unknown as FetchFunction);
      const progress = (step: string, state: 'started' | 'finished', message?: string) =>
        options.onProgress?.({ step, state, ...(message ? { message } : {}) });
      mkdirSync(options.workdir, { recursive: true });
      const staging = mkdtempSync(join(options.workdir, '.kubernetes-sysext-'));
      try {
        const bin = join(staging, 'usr', 'bin');
        mkdirSync(bin, { recursive: true });
        for (const binary of KUBERNETES_SYSEXT_BINARIES) {
          progress(`download-${binary}`, 'started');
          const url = `${params.downloadUrl}/v${params.kubernetesVersion}/bin/linux/${params.arch}/${binary}`;
          const [data, sum] = await Promise.all([
            download(fetchFn, url, `${binary} v${params.kubernetesVersion}`, options.signal),
            download(fetchFn, `${url}.sha256`, `${binary}.sha256`, options.signal),
          ]);
          const expected = sum.toString('utf8').trim().split(/\s+/)[0]!.toLowerCase();
          const actual = createHash('sha256').update(data).digest('hex');
          if (actual !== expected) {
            throw new ExternalToolError({
              tool: new URL(url).host,
              failure: 'failed',
              detail: `${binary}: sha256 ${actual} does not match the published ${expected}`,
            });
          }
          writeFileSync(join(bin, binary), data);
          chmodSync(join(bin, binary), 0o755);
          progress(`download-${binary}`, 'finished');
        }
        progress('stage-tree', 'started');
        const system = join(staging, 'usr', 'lib', 'systemd', 'system');
        mkdirSync(join(system, 'kubelet.service.d'), { recursive: true });
        mkdirSync(join(system, 'multi-user.target.d'), { recursive: true });
        writeFileSync(join(system, 'kubelet.service'), KUBELET_SERVICE);
        writeFileSync(join(system, 'kubelet.service.d', '10-kubeadm.conf'), KUBEADM_DROPIN);
        writeFileSync(join(system, 'multi-user.target.d', '10-kubelet-service.conf'), KUBELET_UPHOLDS);
        progress('stage-tree', 'finished');
        progress('mksquashfs', 'started');
        const image = await buildSysextImage({
          name: 'kubernetes',
          version: `v${params.kubernetesVersion}`,
          sourceDir: staging,
          outputDir: options.workdir,
          extensionRelease: {
            id: 'flatcar',
            sysextLevel: '1.0',
            architecture: SYSEXT_ARCHITECTURES[params.arch],
          },
          format: 'squashfs',
          sourceDateEpoch: 0,
          // Flatcar's systemd reloads units after merging (EXTENSION_RELOAD_MANAGER=1), and its
          // ensure-sysext.service covers older releases, so no reload hook is needed.
          targetSystemdVersion: 255,
          ...(exec ? { exec } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        progress('mksquashfs', 'finished');
        progress('ignition-fragment', 'started');
        const fragmentPath = join(options.workdir, 'kubernetes-sysext.ign');
        const fragment = ignitionFragment(params, `sha256-${image.sha256}`);
        writeFileSync(fragmentPath, fragment);
        progress('ignition-fragment', 'finished');
        const artifacts: BuildArtifactV1[] = [
          {
            name: image.fileName,
            path: image.path,
            sizeBytes: image.sizeBytes,
            sha256: image.sha256,
            measure: 'compressed artifact',
          },
          {
            name: 'kubernetes-sysext.ign',
            path: fragmentPath,
            sizeBytes: Buffer.byteLength(fragment),
            sha256: createHash('sha256').update(fragment).digest('hex'),
            measure: 'file',
          },
        ];
        return {
          artifacts,
          notes: [
            `upload ${image.fileName} and SHA256SUMS to ${params.sysextBaseUrl}/ (sysupdate lists ${params.sysextBaseUrl}/kubernetes/); kubernetes-sysext.ign pins the image by its sha256`,
            'CNI plugins are not included: install them with your CNI (most CNI DaemonSets copy their plugins to /opt/cni/bin)',
          ],
        };
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    },
  };
}
