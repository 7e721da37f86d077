import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ExternalToolError,
  nodeExec,
  runTool,
  sha256File,
  updateSha256SumsFile,
  writeRecipeFiles,
  type BuildArtifactV1,
  type BuildOptionsV1,
  type BuildPlanV1,
  type BuildResultV1,
  type BuildToolV1,
  type ExecFunction,
  type ImageBuilderV1,
  type NodePool,
} from '@kubenode/core';
import {
  BUILD_PARAMETERS_FILE,
  gardenLinuxRecipe,
  type GardenLinuxBuildParameters,
} from './gardenlinux-builder-recipe.js';
import type { GardenLinuxSettings } from './gardenlinux-settings.js';
import { resolvePoolTarget } from './gardenlinux-target.js';

/** The tools a Garden Linux build runs. */
export const GARDENLINUX_BUILD_TOOLS = {
  git: { name: 'git', debianPackage: 'git', purpose: 'clone gardenlinux/gardenlinux at the release' },
  podman: {
    name: 'podman',
    debianPackage: 'podman',
    purpose:
      'run the gardenlinux/builder container (./build); docker works too (containerEngine setting or adapterOptions.gardenlinux.build.containerEngine)',
  },
  docker: {
    name: 'docker',
    debianPackage: 'docker.io',
    purpose:
      'run the gardenlinux/builder container (./build); podman works too (containerEngine setting or adapterOptions.gardenlinux.build.containerEngine)',
  },
} as const satisfies Record<string, BuildToolV1>;

function parameters(plan: BuildPlanV1): GardenLinuxBuildParameters {
  const file = plan.recipeFiles.find((recipe) => recipe.path === BUILD_PARAMETERS_FILE);
  if (!file)
    throw new TypeError(
      `the plan has no ${BUILD_PARAMETERS_FILE}: it was not made by the Garden Linux builder`,
    );
  return JSON.parse(file.contents) as GardenLinuxBuildParameters;
}

/**
 * The Garden Linux image builder: `plan()` emits the gardenlinux/builder recipe (feature, flavour
 * entry, build script; see `gardenLinuxRecipe`); `build()` writes it, checks the container
 * engine, clones gardenlinux/gardenlinux at the release and runs `./build <flavor>-<arch>`
 * (network, about 8 GiB of memory, rootless podman or docker), then reports every artifact under
 * `.build/` with its size and sha256 and writes `SHA256SUMS`.
 *
 * @throws {ExternalToolError} from `build()` naming the missing or failing tool (podman/docker, git).
 */
export function createGardenLinuxImageBuilder(
  settings: GardenLinuxSettings,
  exec: ExecFunction = nodeExec,
): ImageBuilderV1 {
  return {
    plan(pool: NodePool): BuildPlanV1 {
      const { target, options } = resolvePoolTarget(settings, pool);
      const recipe = gardenLinuxRecipe(pool, target, options, settings);
      const engine = GARDENLINUX_BUILD_TOOLS[recipe.parameters.containerEngine];
      return {
        distro: settings.id,
        kind: 'recipe',
        steps: [
          {
            id: 'recipe',
            description: `write the recipe: ${recipe.parameters.kubenodeFeature ? 'the kubenode feature, ' : ''}flavors.yaml entry and build.sh`,
          },
          {
            id: 'engine',
            description: `check the container engine (${engine.name} --version)`,
            tool: engine.name,
          },
          {
            id: 'clone',
            description: `clone ${settings.builderRepository} at ${recipe.parameters.ref}`,
            tool: 'git',
          },
          {
            id: 'build',
            description: `./build ${recipe.parameters.flavor}-${recipe.parameters.arch} in the gardenlinux/builder container`,
            tool: engine.name,
          },
          { id: 'checksums', description: 'sha256 of every artifact into .build/SHA256SUMS' },
        ],
        requiredTools: [engine, GARDENLINUX_BUILD_TOOLS.git],
        outputs: [
          ...recipe.formats.map((format) => ({
            name: `.build/${recipe.artifactPrefix}<version>-<commit>.${format}`,
            format: format.split('.')[0]!,
          })),
          { name: `.build/${recipe.artifactPrefix}<version>-<commit>.manifest`, format: 'manifest' },
          { name: 'build.sh', format: 'recipe' },
        ],
        recipeFiles: recipe.files,
      };
    },
    async build(plan: BuildPlanV1, options: BuildOptionsV1): Promise<BuildResultV1> {
      const params = parameters(plan);
      const workdir = resolve(options.workdir);
      const engine = GARDENLINUX_BUILD_TOOLS[params.containerEngine];
      const progress = (step: string, state: 'started' | 'finished', message?: string) =>
        options.onProgress?.({ step, state, ...(message ? { message } : {}) });

      progress('recipe', 'started');
      writeRecipeFiles(workdir, plan.recipeFiles);
      progress('recipe', 'finished');

      progress('engine', 'started');
      await runTool({ exec, tool: engine, args: ['--version'], timeoutMs: 60_000, signal: options.signal });
      progress('engine', 'finished');

      progress('clone', 'started');
      if (existsSync(join(workdir, 'gardenlinux'))) {
        progress('clone', 'finished', 'gardenlinux/ exists: reusing the checkout');
      } else {
        await runTool({
          exec,
          tool: GARDENLINUX_BUILD_TOOLS.git,
          args: ['clone', '--depth', '1', '--branch', params.ref, params.repository, 'gardenlinux'],
          cwd: workdir,
          timeoutMs: 600_000,
          signal: options.signal,
        });
        progress('clone', 'finished');
      }

      progress('build', 'started');
      if (params.kubenodeFeature) {
        const feature = join(workdir, 'gardenlinux', 'features', 'kubenode');
        rmSync(feature, { recursive: true, force: true });
        cpSync(join(workdir, 'features', 'kubenode'), feature, { recursive: true });
      }
      await runTool({
        exec,
        tool: engine,
        executable: join(workdir, 'gardenlinux', 'build'),
        args: [
          '--container-engine',
          params.containerEngine,
          '--target',
          '../.build',
          `${params.flavor}-${params.arch}`,
        ],
        cwd: join(workdir, 'gardenlinux'),
        timeoutMs: 4 * 3600_000,
        signal: options.signal,
        onLine: (line) => options.onProgress?.({ step: 'build', state: 'started', message: line }),
      });
      progress('build', 'finished');

      progress('checksums', 'started');
      const buildDir = join(workdir, '.build');
      const prefix = `${params.flavor}-${params.arch}-`;
      const names = (existsSync(buildDir) ? readdirSync(buildDir) : [])
        .filter((name) => name.startsWith(prefix) && statSync(join(buildDir, name)).isFile())
        .sort();
      const artifacts: BuildArtifactV1[] = [];
      for (const name of names) {
        const path = join(buildDir, name);
        artifacts.push({
          name,
          path,
          sizeBytes: statSync(path).size,
          sha256: await sha256File(path),
          measure: /\.(raw|qcow2|vhd|ova|uki)$/.test(name) ? 'disk' : 'file',
        });
      }
      if (artifacts.length === 0) {
        throw new ExternalToolError({
          tool: engine.name,
          failure: 'failed',
          detail: `./build exited successfully but wrote no artifacts named ${prefix}* to ${buildDir}`,
        });
      }
      updateSha256SumsFile(
        buildDir,
        artifacts.map((artifact) => ({ fileName: artifact.name, sha256: artifact.sha256 })),
      );
      progress('checksums', 'finished');
      return {
        artifacts,
        notes: [
          `built ${params.flavor}-${params.arch} from gardenlinux/gardenlinux ${params.ref} with gardenlinux/builder (${params.containerEngine})`,
        ],
      };
    },
  };
}
