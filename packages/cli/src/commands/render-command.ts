import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';
import { adapterFor, loadPool } from '../load-pool.js';
import { warnAboutPoolImage } from './catalog-pool-warnings.js';
import { checkOutputDirectory } from '../output-directory.js';
import { writeArtifacts } from '../write-artifacts.js';

interface RenderOptions {
  distro?: string;
  output: string;
  artifact?: string;
  platform?: string;
}

/**
 * `kubenode render <pool> [--distro ID] [-o DIR | -o -]`: renders the distro's native
 * provisioning artifacts. Everything is rendered in memory first; nothing is written on failure.
 */
export function registerRenderCommand(program: Command, context: CliContext): void {
  program
    .command('render')
    .description('render the native provisioning artifacts of a NodePool')
    .argument('<pool>', 'NodePool file (YAML or JSON), or - for stdin')
    .option('--distro <id>', 'render for this distro instead of spec.distro')
    .option('-o, --output <dir|->', 'directory to write the artifacts to, or - for stdout', '-')
    .option('--artifact <name>', 'with -o -, print only this artifact')
    .option(
      '--platform <name>',
      'delivery platform (aws, azure, gcp, openstack, vmware, metal) for size limits',
    )
    .action(async (file: string, options: RenderOptions) => {
      if (options.artifact !== undefined && options.output !== '-')
        throw new CliUsageError(
          `--artifact: only with -o - (prints one artifact); -o ${options.output} writes every artifact`,
        );
      // A file given as -o DIR is refused before anything is rendered.
      if (options.output !== '-') checkOutputDirectory('-o', options.output, context.io.cwd);
      const { pool } = loadPool(context, file, options.distro);
      const adapter = await adapterFor(context, pool, options.distro !== undefined);
      warnAboutPoolImage(context, pool);
      const result = adapter.provision(pool, options.platform ? { platform: options.platform } : {});
      for (const warning of result.warnings)
        context.warn(warning.path ? `${warning.path}: ${warning.message}` : warning.message);
      if (options.output === '-') {
        const selected = options.artifact
          ? result.artifacts.filter((artifact) => artifact.name === options.artifact)
          : result.artifacts.length === 1
            ? result.artifacts
            : result.artifacts.filter((artifact) => artifact.role === 'user-data').slice(0, 1);
        if (selected.length === 0 && options.artifact === undefined) {
          throw new CliUsageError(
            `-o -: ${adapter.id} renders ${result.artifacts.length} artifacts and none is the user data; print one with --artifact NAME (${result.artifacts.map((artifact) => artifact.name).join(', ')}) or write them all with -o DIR`,
          );
        }
        if (selected.length === 0) {
          throw new CliUsageError(
            `--artifact: '${options.artifact ?? ''}' is not one of ${result.artifacts.map((artifact) => artifact.name).join(', ')}`,
          );
        }
        if (!options.artifact && result.artifacts.length > 1) {
          context.info(
            `printing ${selected[0]!.name}; ${result.artifacts.length - 1} more artifact(s) with -o DIR or --artifact NAME`,
          );
        }
        for (const artifact of selected)
          context.out(artifact.contents.endsWith('\n') ? artifact.contents : `${artifact.contents}\n`);
        return;
      }
      const written = writeArtifacts(options.output, result.artifacts, context.io.cwd);
      for (const path of written) context.info(`wrote ${path}`);
    });
}
