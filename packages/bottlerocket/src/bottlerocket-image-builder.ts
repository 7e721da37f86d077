import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertToolsInstalled,
  nodeExec,
  parseAdapterOptions,
  runTool,
  sha256File,
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
import { parse } from 'smol-toml';
import { bottlerocketAdapterOptionsSchema } from './bottlerocket-adapter-options.js';
import { renderBottlerocketRecipe } from './bottlerocket-recipe.js';
import type { BottlerocketPlatform } from './bottlerocket-variant.js';
import { resolveBottlerocketVariant } from './resolve-bottlerocket-variant.js';

/** The tools a Bottlerocket variant build needs. */
export const BOTTLEROCKET_BUILD_TOOLS: readonly BuildToolV1[] = [
  {
    name: 'twoliter',
    purpose: 'build Bottlerocket variants (released as binaries by bottlerocket-os/twoliter; not in Debian)',
  },
  {
    name: 'cargo',
    debianPackage: 'cargo',
    purpose: 'run the Bottlerocket build system (Twoliter drives cargo-make and cargo)',
  },
  {
    name: 'docker',
    debianPackage: 'docker.io',
    purpose: 'run the Bottlerocket SDK container the build happens in',
  },
];

/** The variant a plan builds, read from its `variants/<name>/Cargo.toml`. */
function variantOf(plan: BuildPlanV1): { variantName: string; arch: string } {
  for (const file of plan.recipeFiles) {
    const match = /^variants\/([^/]+)\/Cargo\.toml$/.exec(file.path);
    if (!match) continue;
    const manifest = parse(file.contents) as {
      package?: { metadata?: { 'build-variant'?: { 'supported-arches'?: unknown } } };
    };
    const arches = manifest.package?.metadata?.['build-variant']?.['supported-arches'];
    const arch = Array.isArray(arches) && typeof arches[0] === 'string' ? arches[0] : 'x86_64';
    return { variantName: match[1]!, arch };
  }
  throw new RangeError('not a Bottlerocket build plan: no variants/<name>/Cargo.toml among its recipe files');
}

const IMAGE_SUFFIXES = ['.img.lz4', '.img', '.vmdk', '.ova', '.qcow2', '.raw', '.lz4'];

function listImages(directory: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return [];
  }
  return entries.sort().flatMap((name) => {
    const path = join(directory, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return listImages(path);
    return IMAGE_SUFFIXES.some((suffix) => name.endsWith(suffix)) && stat.isFile() ? [path] : [];
  });
}

/**
 * Bottlerocket images are built by Twoliter from a variant project: `plan` writes nothing and
 * returns the project files (see `renderBottlerocketRecipe`); `build` writes them to
 * `<workdir>/twoliter-project`, then runs `twoliter update`, `twoliter fetch` and
 * `twoliter build variant` there. Where twoliter, cargo or docker is missing it stops after
 * writing the project, with an ExternalToolError naming the tool.
 */
export function createBottlerocketImageBuilder(config: {
  readonly adapterId: string;
  readonly defaultPlatform: BottlerocketPlatform;
  readonly exec?: ExecFunction;
  readonly toolPath?: string;
}): ImageBuilderV1 {
  return {
    plan(pool: NodePool): BuildPlanV1 {
      const options = parseAdapterOptions(pool, config.adapterId, bottlerocketAdapterOptionsSchema);
      const variant = resolveBottlerocketVariant({
        pool,
        options,
        context: {},
        defaultPlatform: config.defaultPlatform,
        adapterId: config.adapterId,
      });
      const recipe = renderBottlerocketRecipe({ pool, variant, options: options.build });
      const project = '--project-path twoliter-project';
      return {
        distro: config.adapterId,
        kind: 'recipe',
        steps: [
          { id: 'write-project', description: 'write the Twoliter variant project to twoliter-project/' },
          {
            id: 'update',
            description: `resolve the kits into Twoliter.lock (twoliter update ${project})`,
            tool: 'twoliter',
          },
          {
            id: 'fetch',
            description: `download the SDK and kits (twoliter fetch ${project})`,
            tool: 'twoliter',
          },
          {
            id: 'build-variant',
            description: `build the variant (twoliter build variant ${recipe.variantName} ${project} --arch ${recipe.arch})`,
            tool: 'twoliter',
          },
        ],
        requiredTools: BOTTLEROCKET_BUILD_TOOLS,
        outputs: [
          { name: 'twoliter-project', format: 'recipe' },
          {
            name: `${recipe.variantName} (${recipe.arch})`,
            format: variant.platform === 'vmware' ? 'vmdk' : 'raw',
          },
        ],
        recipeFiles: recipe.files,
      };
    },
    async build(plan: BuildPlanV1, options: BuildOptionsV1): Promise<BuildResultV1> {
      const projectDirectory = join(options.workdir, 'twoliter-project');
      options.onProgress?.({ step: 'write-project', state: 'started' });
      writeRecipeFiles(projectDirectory, plan.recipeFiles);
      options.onProgress?.({ step: 'write-project', state: 'finished', message: projectDirectory });
      assertToolsInstalled(
        plan.requiredTools,
        config.toolPath === undefined ? {} : { path: config.toolPath },
      );
      const exec = config.exec ?? nodeExec;
      const { variantName, arch } = variantOf(plan);
      const twoliter = BOTTLEROCKET_BUILD_TOOLS[0]!;
      const commands: [string, string[]][] = [
        ['update', ['update', '--project-path', projectDirectory]],
        ['fetch', ['fetch', '--project-path', projectDirectory]],
        [
          'build-variant',
          ['build', 'variant', variantName, '--project-path', projectDirectory, '--arch', arch],
        ],
      ];
      for (const [step, args] of commands) {
        options.onProgress?.({ step, state: 'started' });
        await runTool({
          exec,
          tool: twoliter,
          args,
          cwd: projectDirectory,
          ...(options.signal ? { signal: options.signal } : {}),
          onLine: (line) => options.onProgress?.({ step, state: 'started', message: line }),
        });
        options.onProgress?.({ step, state: 'finished' });
      }
      const artifacts: BuildArtifactV1[] = [];
      for (const path of listImages(join(projectDirectory, 'build', 'images'))) {
        artifacts.push({
          name: path.slice(projectDirectory.length + 1),
          path,
          sizeBytes: statSync(path).size,
          sha256: await sha256File(path),
          measure: path.endsWith('.lz4') ? 'compressed artifact' : 'disk',
        });
      }
      return {
        artifacts,
        notes: artifacts.length === 0 ? ['twoliter finished but wrote no image under build/images/'] : [],
      };
    },
  };
}
