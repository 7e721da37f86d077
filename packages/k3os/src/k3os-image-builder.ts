import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  assertToolsInstalled,
  buildTool,
  InvalidBuildInputError,
  nodeExec,
  parseAdapterOptions,
  runTool,
  sha256File,
  writeRecipeFiles,
  type BuildArtifactV1,
  type BuildOptionsV1,
  type BuildPlanV1,
  type BuildResultV1,
  type ExecFunction,
  type ImageBuilderV1,
  type NodePool,
  type ProvisioningResultV1,
} from '@kubenode/core';
import { k3osAdapterOptionsSchema } from './k3os-adapter-options.js';
import { editK3osGrubConfig, k3osInstallArguments, type K3osBootOptions } from './k3os-grub-config.js';

/** The remaster settings the plan carries (recipe file `kubenode-remaster.json`). */
export interface K3osRemasterSpec extends K3osBootOptions {
  /** The k3OS ISO to remaster, as given (relative paths resolve against the working directory). */
  readonly inputIso: string | null;
  /** File name of the remastered ISO in the build directory. */
  readonly outputIso: string;
}

const REMASTER_JSON = 'kubenode-remaster.json';
const CONFIG_PATH = 'iso/k3os/system/config.yaml';
const GRUB_PATH = '/boot/grub/grub.cfg';

function remasterScript(spec: K3osRemasterSpec): string {
  const extra = spec.install
    ? [...k3osInstallArguments(spec.install), ...spec.kernelArgs]
    : [...spec.kernelArgs];
  return [
    '#!/bin/sh',
    "# Remasters a k3OS ISO with kubenode's config.yaml (what `kubenode build` runs). Needs xorriso.",
    '# usage: ./remaster.sh k3os-amd64.iso [output.iso]',
    'set -eu',
    'in="$1"',
    `out="\${2:-${spec.outputIso}}"`,
    'here=$(cd "$(dirname "$0")" && pwd)',
    'work=$(mktemp -d)',
    'trap \'rm -rf "$work"\' EXIT',
    `xorriso -osirrox on -indev "$in" -extract ${GRUB_PATH} "$work/grub.cfg"`,
    ...(spec.install
      ? ['sed -i -E \'s/(^|[[:space:]])k3os\\.mode=[^[:space:]]*/\\1k3os.mode=install/\' "$work/grub.cfg"']
      : []),
    ...(extra.length > 0
      ? [
          `awk -v extra='${extra.join(' ')}' '/^[[:space:]]*linux[[:space:]]/ { sub(/[[:space:]]+$/, ""); $0 = $0 " " extra } { print }' "$work/grub.cfg" > "$work/grub.cfg.new"`,
          'mv "$work/grub.cfg.new" "$work/grub.cfg"',
        ]
      : []),
    'rm -f "$out"',
    `xorriso -indev "$in" -outdev "$out" -boot_image any replay -map "$here/${CONFIG_PATH}" /k3os/system/config.yaml -map "$work/grub.cfg" ${GRUB_PATH}`,
    'chmod 600 "$out"',
    '',
  ].join('\n');
}

/**
 * k3OS image builds: remaster the stock k3OS ISO so it carries the pool's `config.yaml` at
 * `/k3os/system/config.yaml` (the first config source k3OS reads) and its kernel arguments (and,
 * optionally, an unattended install) in `/boot/grub/grub.cfg`, keeping the boot records
 * (`xorriso -boot_image any replay`). Needs xorriso (Debian package xorriso) and the input ISO
 * (`spec.adapterOptions.k3os.iso.path`).
 */
export function createK3osImageBuilder(config: {
  readonly adapterId: string;
  readonly provision: (pool: NodePool) => ProvisioningResultV1;
  readonly exec?: ExecFunction;
  readonly toolPath?: string;
}): ImageBuilderV1 {
  return {
    plan(pool: NodePool): BuildPlanV1 {
      const options = parseAdapterOptions(pool, config.adapterId, k3osAdapterOptionsSchema);
      // The kernel arguments go into the ISO's grub.cfg, which is what config.yaml cannot do.
      const result = config.provision({
        ...pool,
        spec: { ...pool.spec, os: { ...pool.spec.os, kernelArgs: [] } },
      });
      const configYaml = result.artifacts.find((artifact) => artifact.role === 'user-data')!;
      const spec: K3osRemasterSpec = {
        inputIso: options.iso.path ?? null,
        outputIso: `k3os-${pool.metadata.name}.iso`,
        kernelArgs: [...pool.spec.os.kernelArgs],
        ...(options.iso.install ? { install: options.iso.install } : {}),
      };
      return {
        distro: config.adapterId,
        // Without an ISO to remaster (iso.path), build() writes the recipe (remaster.sh) and says so in its notes.
        kind: 'image',
        steps: [
          { id: 'config', description: 'render config.yaml from the pool' },
          { id: 'extract-grub', description: `read ${GRUB_PATH} from the input ISO`, tool: 'xorriso' },
          {
            id: 'edit-grub',
            description: 'add the kernel arguments (and the unattended install) to every linux line',
          },
          {
            id: 'remaster',
            description:
              'write the ISO with config.yaml at /k3os/system/config.yaml and the new grub.cfg, boot records replayed',
            tool: 'xorriso',
          },
        ],
        requiredTools: [buildTool('xorriso', 'read and remaster the k3OS ISO')],
        outputs: [{ name: spec.outputIso, format: 'iso' }],
        recipeFiles: [
          { path: CONFIG_PATH, contents: configYaml.contents, mode: 0o600 },
          { path: REMASTER_JSON, contents: `${JSON.stringify(spec, null, 2)}\n`, mode: 0o644 },
          { path: 'remaster.sh', contents: remasterScript(spec), mode: 0o755 },
        ],
      };
    },
    async build(plan: BuildPlanV1, options: BuildOptionsV1): Promise<BuildResultV1> {
      const specFile = plan.recipeFiles.find((file) => file.path === REMASTER_JSON);
      const configFile = plan.recipeFiles.find((file) => file.path === CONFIG_PATH);
      if (!specFile || !configFile)
        throw new RangeError('not a k3OS build plan (no kubenode-remaster.json or config.yaml)');
      const spec = JSON.parse(specFile.contents) as K3osRemasterSpec;
      const recipeDirectory = join(options.workdir, 'k3os-remaster');
      options.onProgress?.({ step: 'config', state: 'started' });
      writeRecipeFiles(recipeDirectory, plan.recipeFiles);
      options.onProgress?.({ step: 'config', state: 'finished', message: recipeDirectory });
      if (spec.inputIso === null) {
        const artifacts: BuildArtifactV1[] = [];
        for (const file of plan.recipeFiles) {
          const path = join(recipeDirectory, ...file.path.split('/'));
          artifacts.push({
            name: `k3os-remaster/${file.path}`,
            path,
            sizeBytes: statSync(path).size,
            sha256: await sha256File(path),
            measure: 'file',
          });
        }
        return {
          artifacts,
          notes: [
            `No ISO was remastered: spec.adapterOptions.${config.adapterId}.iso.path names none. Run ${join(recipeDirectory, 'remaster.sh')} <k3os-<arch>.iso> where xorriso is installed, or set iso.path (ISOs: https://github.com/rancher/k3os/releases).`,
            'config.yaml holds the k3s join token: it is written 0600; keep it private.',
          ],
        };
      }
      assertToolsInstalled(
        plan.requiredTools,
        config.toolPath === undefined ? {} : { path: config.toolPath },
      );
      const inputIso = resolve(spec.inputIso);
      if (!existsSync(inputIso) || !statSync(inputIso).isFile()) {
        throw new InvalidBuildInputError({
          path: `spec.adapterOptions.${config.adapterId}.iso.path`,
          expected: `an existing ISO file (${spec.inputIso} does not exist)`,
        });
      }
      const exec = config.exec ?? nodeExec;
      const xorriso = plan.requiredTools[0]!;
      const work = join(options.workdir, 'k3os-remaster-work');
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true, mode: 0o700 });
      const signal = options.signal ? { signal: options.signal } : {};
      try {
        options.onProgress?.({ step: 'extract-grub', state: 'started' });
        const grubFile = join(work, 'grub.cfg');
        await runTool({
          exec,
          tool: xorriso,
          args: ['-osirrox', 'on', '-indev', inputIso, '-extract', GRUB_PATH, grubFile],
          ...signal,
        });
        if (!existsSync(grubFile)) {
          throw new InvalidBuildInputError({ path: spec.inputIso, expected: `a k3OS ISO with ${GRUB_PATH}` });
        }
        options.onProgress?.({ step: 'extract-grub', state: 'finished' });
        options.onProgress?.({ step: 'edit-grub', state: 'started' });
        const edited = editK3osGrubConfig(readFileSync(grubFile, 'utf8'), spec);
        if (edited === undefined) {
          throw new InvalidBuildInputError({
            path: spec.inputIso,
            expected: `a k3OS ISO whose ${GRUB_PATH} has linux lines`,
          });
        }
        writeFileSync(grubFile, edited);
        options.onProgress?.({ step: 'edit-grub', state: 'finished' });
        options.onProgress?.({ step: 'remaster', state: 'started' });
        const outputIso = join(options.workdir, spec.outputIso);
        rmSync(outputIso, { force: true });
        await runTool({
          exec,
          tool: xorriso,
          args: [
            '-indev',
            inputIso,
            '-outdev',
            outputIso,
            '-boot_image',
            'any',
            'replay',
            '-map',
            join(recipeDirectory, CONFIG_PATH),
            '/k3os/system/config.yaml',
            '-map',
            grubFile,
            GRUB_PATH,
          ],
          ...signal,
        });
        chmodSync(outputIso, 0o600);
        options.onProgress?.({ step: 'remaster', state: 'finished', message: outputIso });
        return {
          artifacts: [
            {
              name: spec.outputIso,
              path: outputIso,
              sizeBytes: statSync(outputIso).size,
              sha256: await sha256File(outputIso),
              measure: 'disk',
            },
          ],
          notes: [
            'The ISO holds config.yaml with the k3s join token: it is written 0600; keep it private.',
            'k3OS is end of life: the ISO runs an unmaintained OS without security fixes.',
          ],
        };
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  };
}
