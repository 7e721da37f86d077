import { rmSync } from 'node:fs';
import {
  findMissingTools,
  writeRecipeFiles,
  type BuildArtifactV1,
  type BuildPlanV1,
  type BuildResultV1,
} from '@kubenode/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { adapterFor, loadPool } from '../load-pool.js';
import { checkOutputDirectory, makeDirectory, topmostMissingDirectory } from '../output-directory.js';
import { OutputWriteError } from '../output-write-error.js';
import { parseOutputFormat } from '../output-format.js';
import { redactData } from '../redact-data.js';

interface BuildOptions {
  distro?: string;
  output: string;
  format: string;
  planOnly?: boolean;
}

/** `1234567` → `1.2 MB` (decimal units, as `ls -lh --si` and image registries show them). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** The stdout table: every size with the measure it is, then the image ID. */
function sizeTable(plan: BuildPlanV1, result: BuildResultV1): string {
  const rows: [string, string, string, string][] = [];
  for (const measurement of result.measurements ?? []) {
    rows.push([measurement.measure, formatBytes(measurement.bytes), measurement.what, '']);
  }
  const order: Record<BuildArtifactV1['measure'], number> = {
    'uncompressed rootfs': 0,
    disk: 1,
    'compressed artifact': 2,
    file: 3,
  };
  for (const artifact of [...result.artifacts].sort((a, b) => order[a.measure] - order[b.measure])) {
    rows.push([
      artifact.measure,
      formatBytes(artifact.sizeBytes),
      artifact.name,
      `sha256:${artifact.sha256}`,
    ]);
  }
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length), 0));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
      .join('  ')
      .trimEnd(),
  );
  const header = plan.imageId === undefined ? [] : [`image id  ${plan.imageId}`];
  return `${[...header, ...lines].join('\n')}\n`;
}

/**
 * `kubenode build <pool> [--distro ID] -o DIR`: builds the pool's node image with the distro's
 * builder, or writes the distro's native build recipe. Progress per step goes to stderr; the sizes
 * (each naming its measure: uncompressed rootfs, disk, compressed artifact) go to stdout.
 * A missing tool exits with code 4 and names the Debian package that provides it.
 */
export function registerBuildCommand(program: Command, context: CliContext): void {
  program
    .command('build')
    .description('build the node image of a NodePool, or write the distro build recipe')
    .argument('<pool>', 'NodePool file (YAML or JSON), or - for stdin')
    .option('--distro <id>', 'build for this distro instead of spec.distro')
    .requiredOption('-o, --output <dir>', 'directory to write the image, manifests or recipe to')
    .option('--format <table|json>', 'how the result is printed on stdout', 'table')
    .option('--plan-only', 'print the build plan (steps, tools, outputs) without building')
    .action(async (file: string, options: BuildOptions) => {
      const format = parseOutputFormat(options.format, ['table', 'json'] as const);
      const { pool } = loadPool(context, file, options.distro);
      const adapter = await adapterFor(context, pool, options.distro !== undefined);
      const plan = adapter.builder.plan(pool);
      if (options.planOnly) {
        // The plan quotes recipe files (a k3OS config.yaml holds the join token): never print secrets.
        context.out(`${JSON.stringify(redactData(plan, context.knownSecrets()), null, 2)}\n`);
        return;
      }
      const directory = checkOutputDirectory('-o', options.output, context.io.cwd);
      // A failed build leaves nothing behind in a directory it created (an existing one is kept).
      const created = topmostMissingDirectory(directory);
      try {
        // Created here, one level at a time, so a directory the system refuses fails at once
        // (builders' recursive mkdir spins forever under /proc) and is reported as a refused write.
        try {
          makeDirectory(directory);
        } catch (error) {
          throw new OutputWriteError({ path: options.output, cause: error });
        }
        context.info(
          `building ${adapter.id} ${plan.kind}${plan.imageId ? ` ${plan.imageId.slice(0, 12)}` : ''} in ${directory}`,
        );
        if (plan.kind === 'recipe') {
          for (const path of writeRecipeFiles(directory, plan.recipeFiles)) context.info(`wrote ${path}`);
          const missing = findMissingTools(plan.requiredTools);
          for (const tool of plan.requiredTools) {
            const where = tool.debianPackage ? ` (Debian package ${tool.debianPackage})` : '';
            context.info(
              `${missing.includes(tool) ? 'missing' : 'found'}: ${tool.name}${where}, needed to ${tool.purpose}`,
            );
          }
          if (missing.length > 0) {
            context.warn(
              `the recipe is written; run it where ${missing.map((tool) => tool.name).join(', ')} ${missing.length === 1 ? 'is' : 'are'} installed`,
            );
            context.exitCode = ExitCode.external;
            return;
          }
        }
        const started = Date.now();
        const stepStarted = new Map<string, number>();
        const total = plan.steps.length;
        const index = (step: string) => plan.steps.findIndex((candidate) => candidate.id === step) + 1;
        const result = await adapter.builder.build(plan, {
          workdir: directory,
          onProgress: (event) => {
            const position = `[${index(event.step) || '?'}/${total}]`;
            const description = plan.steps.find((step) => step.id === event.step)?.description ?? event.step;
            if (event.state === 'started') {
              stepStarted.set(event.step, Date.now());
              context.info(`${position} ${description} ...`);
            } else {
              const took = seconds(stepStarted.get(event.step) ?? Date.now());
              const message = event.message ? `: ${event.message}` : '';
              context.info(`${position} ${event.step} ${event.state} (${took})${message}`);
            }
          },
        });
        context.info(`built in ${seconds(started)}`);
        for (const note of result.notes) context.warn(note);
        if (format === 'json') {
          context.out(
            `${JSON.stringify({ imageId: plan.imageId, artifacts: result.artifacts, measurements: result.measurements ?? [], notes: result.notes }, null, 2)}\n`,
          );
        } else context.out(sizeTable(plan, result));
      } catch (error) {
        if (created !== undefined) {
          try {
            rmSync(created, { recursive: true, force: true });
          } catch {
            // the error below is what the user needs to see
          }
        }
        throw error;
      }
    });
}
