import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ExternalToolError,
  parseAdapterOptions,
  type BuildArtifactV1,
  type BuildPlanV1,
  type ImageBuilderV1,
} from '@kubenode/core';
import { talosAdapterOptionsSchema } from './talos-adapter-options.js';
import { installerImage } from './talos-installer-image.js';
import { TALOS_PLATFORMS } from './talos-platform.js';
import { poolSchematic } from './talos-pool-schematic.js';
import { talosReleaseOf } from './talos-release.js';
import { marshalSchematic, schematicId } from './talos-schematic.js';
import type { ResolvedTalosSettings, TalosFetch } from './talos-settings.js';
import { talosTag } from './talos-version.js';

/** The tool name builds report when the Image Factory cannot be reached or refuses. */
export const IMAGE_FACTORY_TOOL = 'image-factory';

const buildOptionsSchema = talosAdapterOptionsSchema.partial({ machine: true, cluster: true });

/**
 * Talos images are built by the Image Factory from a schematic: `plan` computes the schematic and
 * its content-addressed ID (sha256 of the canonical YAML) and the asset URLs for the pool's
 * release, platform and architecture; `build` writes them and registers the schematic with the
 * factory (`POST /schematics`), checking that the factory computes the same ID. The factory then
 * serves every asset of that schematic on demand.
 */
export function createTalosImageBuilder(adapterId: string, settings: ResolvedTalosSettings): ImageBuilderV1 {
  const factory = settings.imageFactory.url.replace(/\/$/, '');
  return {
    plan(pool): BuildPlanV1 {
      const options = parseAdapterOptions(pool, adapterId, buildOptionsSchema);
      const version = talosReleaseOf(pool, settings.defaultVersion);
      const schematic = poolSchematic(pool, options);
      const id = schematicId(schematic);
      const tag = talosTag(version);
      const arch = pool.spec.image.arch;
      const platform = options.platform;
      const assets = {
        schematicId: id,
        talosVersion: tag,
        platform,
        arch,
        installerImage: installerImage({
          registry: settings.imageFactory.registry,
          platform,
          schematicId: id,
          version,
        }),
        diskImage: `${factory}/image/${id}/${tag}/${platform}-${arch}.${TALOS_PLATFORMS[platform].disk}`,
        ...(platform === 'metal'
          ? {
              iso: `${factory}/image/${id}/${tag}/metal-${arch}.iso`,
              pxe: `${factory}/pxe/${id}/${tag}/metal-${arch}`,
            }
          : {}),
      };
      return {
        distro: adapterId,
        kind: 'recipe',
        imageId: id,
        steps: [
          {
            id: 'write-schematic',
            description:
              'write schematic.yaml in the Image Factory canonical form (its sha256 is the schematic ID)',
          },
          {
            id: 'register-schematic',
            description: `POST schematic.yaml to ${factory}/schematics and check that the factory answers with ID ${id}`,
            tool: IMAGE_FACTORY_TOOL,
          },
          {
            id: 'write-assets',
            description: `write assets.json: the ${platform} disk image, ISO and installer image of ${tag} for this schematic`,
          },
        ],
        requiredTools: [
          {
            name: IMAGE_FACTORY_TOOL,
            purpose: `the Talos Image Factory at ${factory} (an HTTP service, self-hostable) builds the assets of a schematic on demand`,
          },
        ],
        outputs: [
          { name: 'schematic.yaml', format: 'recipe' },
          { name: 'assets.json', format: 'manifest' },
        ],
        recipeFiles: [
          { path: 'schematic.yaml', contents: marshalSchematic(schematic), mode: 0o644 },
          { path: 'assets.json', contents: `${JSON.stringify(assets, null, 2)}\n`, mode: 0o644 },
        ],
      };
    },

    async build(plan, options) {
      const artifacts: BuildArtifactV1[] = [];
      const write = (path: string, contents: string, mode: number, step: string) => {
        options.onProgress?.({ step, state: 'started' });
        const target = join(options.workdir, path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, contents, { mode });
        artifacts.push({
          name: path,
          path: target,
          sizeBytes: Buffer.byteLength(contents),
          sha256: createHash('sha256').update(contents).digest('hex'),
          measure: 'file',
        });
        options.onProgress?.({ step, state: 'finished', message: path });
      };
      const schematic = plan.recipeFiles.find((file) => file.path === 'schematic.yaml');
      if (!schematic)
        throw new ExternalToolError({
          tool: IMAGE_FACTORY_TOOL,
          failure: 'failed',
          detail: 'the plan has no schematic.yaml',
        });
      write(schematic.path, schematic.contents, schematic.mode, 'write-schematic');

      options.onProgress?.({ step: 'register-schematic', state: 'started' });
      const fetcher: TalosFetch | undefined =
        settings.fetch ?? (globalThis.fetch as unknown as TalosFetch | undefined);
      if (!fetcher)
        throw new ExternalToolError({
          tool: IMAGE_FACTORY_TOOL,
          failure: 'missing',
          detail: 'no fetch implementation in this runtime',
        });
      const url = `${factory}/schematics`;
      const signal = options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(60_000)])
        : AbortSignal.timeout(60_000);
      let response: Awaited<ReturnType<TalosFetch>>;
      try {
        response = await fetcher(url, {
          method: 'POST',
          headers: { 'content-type': 'application/yaml' },
          body: schematic.contents,
          signal,
        });
      } catch (error) {
        throw new ExternalToolError({
          tool: IMAGE_FACTORY_TOOL,
          failure: 'unreachable',
          detail: url,
          cause: error,
        });
      }
      const body = await response.text();
      if (!response.ok) {
        throw new ExternalToolError({
          tool: IMAGE_FACTORY_TOOL,
          failure: 'failed',
          detail: `POST ${url} answered HTTP ${response.status}`,
        });
      }
      let id: unknown;
      try {
        id = (JSON.parse(body) as { id?: unknown }).id;
      } catch {
        id = undefined;
      }
      if (id !== plan.imageId) {
        throw new ExternalToolError({
          tool: IMAGE_FACTORY_TOOL,
          failure: 'failed',
          detail: `the factory registered the schematic as ${typeof id === 'string' ? id : '(no id)'}, not as ${plan.imageId ?? '(none)'}: its canonical form differs`,
        });
      }
      options.onProgress?.({ step: 'register-schematic', state: 'finished', message: plan.imageId });
      for (const file of plan.recipeFiles)
        if (file.path !== schematic.path) write(file.path, file.contents, file.mode, 'write-assets');
      return {
        artifacts,
        notes: [
          `schematic ${plan.imageId} is registered with ${factory}; the factory builds each asset listed in assets.json when it is first downloaded`,
        ],
      };
    },
  };
}
