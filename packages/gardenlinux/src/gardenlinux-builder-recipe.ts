import { kubernetesMinor, toYaml, type NodePool, type RecipeFileV1 } from '@kubenode/core';
import type { GardenLinuxAdapterOptions } from './gardenlinux-adapter-options.js';
import { flavorWith, type GardenLinuxFlavor } from './gardenlinux-flavor.js';
import { DEFAULT_GARDENLINUX_CHANNEL } from './gardenlinux-releases.js';
import type { GardenLinuxSettings } from './gardenlinux-settings.js';
import type { GardenLinuxTarget } from './gardenlinux-target.js';

/** The custom feature kubenode adds to the build. */
export const KUBENODE_FEATURE = 'kubenode';
/** The recipe file holding what `build()` needs (a plan is data and may be stored and reloaded). */
export const BUILD_PARAMETERS_FILE = 'kubenode-build.json';

/** Categories of flavors.yaml targets, as gardenlinux/gardenlinux lists its platforms. */
const CATEGORIES: Readonly<Record<string, string>> = {
  ali: 'public-cloud',
  aws: 'public-cloud',
  azure: 'public-cloud',
  gcp: 'public-cloud',
  gdch: 'baremetal',
  kvm: 'hypervisor',
  metal: 'baremetal',
  openstack: 'hypervisor',
  openstackbaremetal: 'baremetal',
  vmware: 'hypervisor',
};

/** What the build runs with; stored in {@link BUILD_PARAMETERS_FILE}. */
export interface GardenLinuxBuildParameters {
  /** The flavour built, with kubenode's feature and the extra features (`aws-gardener-kubenode_prod`). */
  readonly flavor: string;
  /** The CPU architecture built. */
  readonly arch: 'amd64' | 'arm64';
  /** The gardenlinux/gardenlinux git ref: the release tag (`1877.3`) or the maintenance branch (`rel-1877`). */
  readonly ref: string;
  /** The gardenlinux/gardenlinux repository cloned. */
  readonly repository: string;
  /** The container engine ./build runs with. */
  readonly containerEngine: 'podman' | 'docker';
  /** Whether the kubenode feature is part of the build. */
  readonly kubenodeFeature: boolean;
}

/** The build's features and artifact names for a pool. */
export interface GardenLinuxRecipe {
  /** What the build runs with. */
  readonly parameters: GardenLinuxBuildParameters;
  /** The recipe files, sorted by path. */
  readonly files: readonly RecipeFileV1[];
  /** The artifact name prefix gardenlinux/builder writes: `<flavor>-<arch>-<version>-<commit>`. */
  readonly artifactPrefix: string;
  /** Image formats the platform feature produces. */
  readonly formats: readonly string[];
}

function formatsOf(flavor: GardenLinuxFlavor): string[] {
  if (flavor.flags.includes('_pxe')) return ['pxe.tar.gz'];
  if (flavor.usi) return ['raw', 'uki'];
  switch (flavor.platform) {
    case 'azure':
      return ['vhd'];
    case 'gcp':
      return ['gcpimage.tar.gz'];
    case 'kvm':
      return ['raw', 'qcow2'];
    case 'openstack':
      return ['raw', 'qcow2'];
    case 'vmware':
      return ['ova'];
    default:
      return ['raw'];
  }
}

/** A POSIX shell word: single-quoted, embedded quotes closed and escaped. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function script(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

/** `pkg.include`, one package a line, sorted and deduplicated. */
function packageList(packages: readonly string[]): string {
  return `${[...new Set(packages)].sort().join('\n')}\n`;
}

/**
 * The gardenlinux/builder recipe for a pool: a build script (clone gardenlinux/gardenlinux at the
 * release, add the `kubenode` feature, run `./build <flavor>-<arch>`), the feature itself and a
 * flavors.yaml entry. The `kubenode` element carries what the node needs in the image:
 * - standalone: kubelet, kubeadm and kubectl at exactly the pool's version from pkgs.k8s.io
 *   (held), installed in `exec.late` as Garden Linux's khost feature does, and containerd;
 * - both modes: `spec.os.packages` (`pkg.include`: the only way to packages on `_prod` flavours,
 *   which remove apt) and `spec.os.kernelArgs` (`/etc/kernel/cmdline.d/90-kubenode.cfg`).
 * Under Gardener without packages or kernel arguments the recipe rebuilds the published flavour.
 */
export function gardenLinuxRecipe(
  pool: NodePool,
  target: GardenLinuxTarget,
  options: GardenLinuxAdapterOptions,
  settings: Pick<GardenLinuxSettings, 'containerEngine' | 'builderRepository'>,
): GardenLinuxRecipe {
  const { os, kubernetes, image } = pool.spec;
  const standalone = target.mode === 'standalone';
  const kubenodeFeature = standalone || os.packages.length > 0 || os.kernelArgs.length > 0;
  const extraElements = options.build.extraFeatures.filter((feature) => !feature.startsWith('_'));
  const extraFlags = options.build.extraFeatures.filter((feature) => feature.startsWith('_'));
  const flavor = flavorWith(target.flavor, {
    elements: [...extraElements, ...(kubenodeFeature ? [KUBENODE_FEATURE] : [])],
    flags: extraFlags,
  });
  const containerEngine = options.build.containerEngine ?? settings.containerEngine;
  const ref =
    image.version !== undefined ? image.version : `rel-${image.channel ?? DEFAULT_GARDENLINUX_CHANNEL}`;
  const parameters: GardenLinuxBuildParameters = {
    flavor,
    arch: image.arch,
    ref,
    repository: settings.builderRepository,
    containerEngine,
    kubenodeFeature,
  };
  const files: RecipeFileV1[] = [];
  const feature = `features/${KUBENODE_FEATURE}`;
  if (kubenodeFeature) {
    files.push({
      path: `${feature}/info.yaml`,
      mode: 0o644,
      contents: toYaml({
        description: `kubenode NodePool ${pool.metadata.name}: ${[
          ...(standalone ? [`kubelet, kubeadm and kubectl ${kubernetes.version}, containerd`] : []),
          ...(os.packages.length > 0 ? [`packages ${[...new Set(os.packages)].sort().join(' ')}`] : []),
          ...(os.kernelArgs.length > 0 ? ['kernel arguments'] : []),
        ].join('; ')}`,
        type: 'element',
      }),
    });
    const packages = [...os.packages, ...(standalone ? ['containerd', 'curl'] : [])];
    if (packages.length > 0)
      files.push({ path: `${feature}/pkg.include`, mode: 0o644, contents: packageList(packages) });
    if (standalone) {
      const minor = kubernetesMinor(kubernetes.version);
      const repository = `${options.build.kubernetesRepository.replace(/\/+$/, '')}/core:/stable:/v${minor}/deb/`;
      files.push({
        path: `${feature}/exec.late`,
        mode: 0o755,
        contents: script([
          '#!/usr/bin/env bash',
          `# kubelet, kubeadm and kubectl ${kubernetes.version} from the Kubernetes project's apt repository (written by kubenode).`,
          'set -Eeuo pipefail',
          'mkdir -p /etc/apt/keyrings',
          `curl -fsSL --retry 5 ${shellQuote(`${repository}Release.key`)} -o /etc/apt/keyrings/kubernetes-apt-keyring.asc`,
          `echo ${shellQuote(`deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.asc] ${repository} /`)} > /etc/apt/sources.list.d/kubernetes.list`,
          'apt-get update',
          `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends 'kubelet=${kubernetes.version}-*' 'kubeadm=${kubernetes.version}-*' 'kubectl=${kubernetes.version}-*'`,
          'apt-mark hold kubelet kubeadm kubectl',
          'systemctl enable containerd.service kubelet.service',
        ]),
      });
    }
    if (os.kernelArgs.length > 0) {
      files.push({
        path: `${feature}/file.include/etc/kernel/cmdline.d/90-kubenode.cfg`,
        mode: 0o644,
        contents: `CMDLINE_LINUX="$CMDLINE_LINUX ${os.kernelArgs.join(' ')}"\n`,
      });
    }
  }
  files.push({
    path: 'flavors.yaml',
    mode: 0o644,
    contents: toYaml({
      targets: [
        {
          name: target.flavor.platform,
          category: CATEGORIES[target.flavor.platform] ?? 'hypervisor',
          flavors: [
            {
              features: [
                ...target.flavor.elements,
                ...extraElements,
                ...(kubenodeFeature ? [KUBENODE_FEATURE] : []),
                ...target.flavor.flags,
                ...extraFlags,
              ].filter((entry, index, all) => all.indexOf(entry) === index),
              arch: image.arch,
              build: true,
              test: false,
              'test-platform': false,
              publish: false,
            },
          ],
        },
      ],
    }),
  });
  files.push({
    path: 'build.sh',
    mode: 0o755,
    contents: script([
      '#!/usr/bin/env bash',
      `# Builds Garden Linux ${flavor}-${image.arch} for NodePool ${pool.metadata.name} with gardenlinux/builder (written by kubenode).`,
      '# Needs git and the container engine; each flavour needs about 8 GiB of memory.',
      'set -Eeuo pipefail',
      'cd "$(dirname "$0")"',
      'if [ ! -d gardenlinux ]; then',
      `  git clone --depth 1 --branch ${shellQuote(ref)} ${shellQuote(settings.builderRepository)} gardenlinux`,
      'fi',
      ...(kubenodeFeature
        ? [`rm -rf gardenlinux/${feature}`, `cp -R ${feature} gardenlinux/${feature}`]
        : []),
      'cd gardenlinux',
      `./build --container-engine ${containerEngine} --target ../.build ${shellQuote(`${flavor}-${image.arch}`)}`,
    ]),
  });
  files.push({
    path: BUILD_PARAMETERS_FILE,
    mode: 0o644,
    contents: `${JSON.stringify(parameters, null, 2)}\n`,
  });
  return {
    parameters,
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    artifactPrefix: `${flavor}-${image.arch}-`,
    formats: formatsOf(target.flavor),
  };
}
