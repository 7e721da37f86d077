import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  assertToolsInstalled,
  buildTool,
  ExternalToolError,
  InvalidBuildInputError,
  nodeExec,
  parseAdapterOptions,
  resolveKubernetesAptRepository,
  runTool,
  sha256File,
  writeRecipeFiles,
  type BuildArtifactV1,
  type BuildPlanV1,
  type BuildToolV1,
  type ExecFunction,
  type ImageBuilderV1,
  type NodePool,
} from '@kubenode/core';
import { ubuntuAdapterOptionsSchema } from './ubuntu-adapter-options.js';
import { UBUNTU_IMAGE, UBUNTU_RELEASES } from './ubuntu-image.js';
import type { UbuntuSettings } from './ubuntu-settings.js';

/** The Packer variable file of the recipe (image-builder's `PACKER_VAR_FILES`). */
export const PACKER_VAR_FILE = 'packer-vars.json';
/** The script that runs the recipe in an image-builder checkout. */
export const BUILD_SCRIPT = 'build.sh';

/** The programs an image-builder build runs. */
export const UBUNTU_BUILD_TOOLS = {
  packer: {
    name: 'packer',
    purpose: 'run the image-builder Packer template (HashiCorp Packer is not packaged in Debian)',
  },
  make: { name: 'make', debianPackage: 'make', purpose: 'run the image-builder build target' },
  ansible: {
    name: 'ansible-playbook',
    debianPackage: 'ansible',
    purpose: 'run the image-builder node roles inside the Packer build',
  },
} as const satisfies Record<string, BuildToolV1>;

/** The image-builder make target for a pool: the setting, or `build-qemu-ubuntu-<2404|2204>` on amd64. */
export function imageBuilderTarget(pool: NodePool, settings: Pick<UbuntuSettings, 'makeTarget'>): string {
  if (settings.makeTarget !== undefined) return settings.makeTarget;
  const line = UBUNTU_IMAGE.describe(pool.spec.image);
  if (line.arch !== 'amd64') {
    throw new InvalidBuildInputError({
      path: 'settings.makeTarget',
      expected: `an image-builder target for ${line.arch} (image-builder's qemu targets build amd64 only); set it explicitly`,
    });
  }
  const release = UBUNTU_RELEASES[line.channel as keyof typeof UBUNTU_RELEASES];
  return `build-qemu-ubuntu-${release.version.replace('.', '')}`;
}

/**
 * The Packer variables that carry a pool into kubernetes-sigs/image-builder (the documented
 * knobs, `PACKER_VAR_FILES`): the Kubernetes version and series, the exact deb version from the
 * pool's repository and its key URL, the pause image, extra packages, kernel arguments and
 * proxies. Keys sorted; values are strings as image-builder's variables are.
 */
export function imageBuilderVariables(pool: NodePool, adapterId: string): Record<string, string> {
  const { kubernetes, runtime, os } = pool.spec;
  const options = parseAdapterOptions(pool, adapterId, ubuntuAdapterOptionsSchema);
  const repository = resolveKubernetesAptRepository(kubernetes.version, options.kubernetesRepository);
  const [major, minor] = kubernetes.version.split('.');
  const variables: Record<string, string> = {
    kubernetes_container_registry: 'registry.k8s.io',
    kubernetes_deb_gpg_key: repository.releaseKeyUrl,
    kubernetes_deb_repo: repository.url,
    kubernetes_deb_version: repository.packageVersion,
    kubernetes_semver: `v${kubernetes.version}`,
    kubernetes_series: `v${major}.${minor}`,
    kubernetes_source_type: 'pkg',
  };
  if (runtime.sandboxImage !== undefined) variables.pause_image = runtime.sandboxImage;
  if (os.packages.length > 0) variables.extra_debs = os.packages.join(' ');
  if (os.kernelArgs.length > 0) variables.extra_kernel_boot_params = os.kernelArgs.join(' ');
  if (os.proxy.http) variables.http_proxy = os.proxy.http;
  if (os.proxy.https) variables.https_proxy = os.proxy.https;
  if (os.proxy.noProxy.length > 0) variables.no_proxy = os.proxy.noProxy.join(',');
  return Object.fromEntries(
    Object.keys(variables)
      .sort()
      .map((key) => [key, variables[key]!]),
  );
}

function requiredTools(target: string): BuildToolV1[] {
  const tools: BuildToolV1[] = [
    UBUNTU_BUILD_TOOLS.packer,
    UBUNTU_BUILD_TOOLS.make,
    UBUNTU_BUILD_TOOLS.ansible,
  ];
  if (target.includes('qemu')) {
    tools.push(buildTool('qemu-system-x86_64', 'boot the Ubuntu installer and the image under Packer'));
    tools.push(buildTool('qemu-img', 'convert the built disk'));
  }
  return tools;
}

function buildScript(target: string): string {
  return [
    '#!/bin/sh',
    '# Written by kubenode: builds the Ubuntu node image with kubernetes-sigs/image-builder.',
    '# Usage: build.sh <path to an image-builder checkout>/images/capi',
    'set -eu',
    'here=$(cd "$(dirname "$0")" && pwd)',
    'cd "${1:?usage: build.sh <image-builder>/images/capi}"',
    `PACKER_VAR_FILES="$here/${PACKER_VAR_FILE}" exec make ${target}`,
    '',
  ].join('\n');
}

/** Files below a directory, recursively. */
function listFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
  });
}

/** How {@link createUbuntuImageBuilder} runs programs: injectable for tests and sandboxes. */
export interface UbuntuImageBuilderDependencies {
  /** Runs programs (`nodeExec` by default). */
  readonly exec?: ExecFunction;
  /** The search path for required tools (`PATH` by default). */
  readonly toolPath?: string;
}

/**
 * Ubuntu images are built by kubernetes-sigs/image-builder (Packer + Ansible), as Cluster API's
 * images are: `plan` emits the recipe (a Packer variable file and a build script) and `build`
 * writes it, checks the tools, and runs `make <target>` in the checkout named by the
 * `imageBuilderDir` setting, reporting what appeared in its `output/` directory. Where packer,
 * make, Ansible or QEMU are missing it throws `ExternalToolError` naming them; the recipe files
 * are written first, so they can be taken to a machine that has them.
 */
export function createUbuntuImageBuilder(
  settings: UbuntuSettings,
  dependencies: UbuntuImageBuilderDependencies = {},
): ImageBuilderV1 {
  return {
    plan(pool) {
      const target = imageBuilderTarget(pool, settings);
      const line = UBUNTU_IMAGE.describe(pool.spec.image);
      const variables = imageBuilderVariables(pool, settings.id);
      return {
        distro: 'ubuntu',
        kind: 'recipe',
        steps: [
          {
            id: 'write-recipe',
            description: `write ${PACKER_VAR_FILE} (Kubernetes ${pool.spec.kubernetes.version} from ${variables.kubernetes_deb_repo}) and ${BUILD_SCRIPT}`,
          },
          {
            id: 'image-builder',
            description: `run "make ${target}" in the image-builder checkout with PACKER_VAR_FILES=${PACKER_VAR_FILE}`,
            tool: 'make',
          },
          {
            id: 'collect',
            description: 'record the files image-builder wrote to output/ with their size and sha256',
          },
        ],
        requiredTools: requiredTools(target),
        outputs: [
          {
            name: `ubuntu-${UBUNTU_RELEASES[line.channel as keyof typeof UBUNTU_RELEASES].version.replace('.', '')}-kube-v${pool.spec.kubernetes.version}`,
            format: target.includes('qemu') ? 'qcow2' : 'image',
          },
          { name: PACKER_VAR_FILE, format: 'recipe' },
        ],
        recipeFiles: [
          { path: PACKER_VAR_FILE, contents: `${JSON.stringify(variables, null, 2)}\n`, mode: 0o644 },
          { path: BUILD_SCRIPT, contents: buildScript(target), mode: 0o755 },
        ],
      } satisfies BuildPlanV1;
    },
    async build(plan, options) {
      if (plan.distro !== 'ubuntu' || plan.kind !== 'recipe') {
        throw new InvalidBuildInputError({ path: 'plan', expected: 'a plan made by the Ubuntu builder' });
      }
      const report = options.onProgress ?? (() => undefined);
      report({ step: 'write-recipe', state: 'started' });
      const written = writeRecipeFiles(options.workdir, plan.recipeFiles);
      report({ step: 'write-recipe', state: 'finished' });
      assertToolsInstalled(plan.requiredTools, { path: dependencies.toolPath });
      const checkout = settings.imageBuilderDir === undefined ? undefined : resolve(settings.imageBuilderDir);
      if (
        checkout === undefined ||
        !existsSync(join(checkout, 'Makefile')) ||
        !existsSync(join(checkout, 'packer'))
      ) {
        throw new ExternalToolError({
          tool: 'kubernetes-sigs/image-builder',
          failure: 'missing',
          detail: `set the Ubuntu adapter's imageBuilderDir setting to a checkout of images/capi (git clone https://github.com/kubernetes-sigs/image-builder); the recipe is in ${options.workdir}`,
        });
      }
      const target = /make (build-[a-z0-9-]+)/.exec(
        plan.recipeFiles.find((file) => file.path === BUILD_SCRIPT)?.contents ?? '',
      )?.[1];
      if (!target)
        throw new InvalidBuildInputError({
          path: 'plan.recipeFiles',
          expected: `a ${BUILD_SCRIPT} naming a make target`,
        });
      const before = new Set(
        listFiles(join(checkout, 'output')).map((file) => `${file}\u0000${statSync(file).mtimeMs}`),
      );
      report({ step: 'image-builder', state: 'started', message: `make ${target}` });
      await runTool({
        exec: dependencies.exec ?? nodeExec,
        tool: UBUNTU_BUILD_TOOLS.make,
        args: ['-C', checkout, target],
        env: { PACKER_VAR_FILES: resolve(options.workdir, PACKER_VAR_FILE) },
        signal: options.signal,
        onLine: (line) => report({ step: 'image-builder', state: 'started', message: line }),
      });
      report({ step: 'image-builder', state: 'finished' });
      report({ step: 'collect', state: 'started' });
      const images = listFiles(join(checkout, 'output'))
        .filter((file) => !before.has(`${file}\u0000${statSync(file).mtimeMs}`))
        .sort();
      if (images.length === 0) {
        throw new ExternalToolError({
          tool: 'make',
          failure: 'failed',
          detail: `make ${target} succeeded but wrote nothing to ${join(checkout, 'output')}`,
        });
      }
      const artifacts: BuildArtifactV1[] = [];
      for (const path of [...written, ...images]) {
        artifacts.push({
          name: path.startsWith(checkout)
            ? path.slice(checkout.length + 1)
            : path.slice(resolve(options.workdir).length + 1),
          path,
          sizeBytes: statSync(path).size,
          sha256: await sha256File(path),
          measure: images.includes(path) ? 'disk' : 'file',
        });
      }
      report({ step: 'collect', state: 'finished' });
      return {
        artifacts,
        notes: [
          "The image carries Ubuntu, containerd and Kubernetes at the pool's version (image-builder's roles); the pool's users, files, units and join arrive at first boot from the cloud-config (kubenode render).",
        ],
      };
    },
  };
}
