import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { adapterFor, loadPool } from '../load-pool.js';
import { warnAboutPoolImage } from './catalog-pool-warnings.js';
import { parseOutputFormat } from '../output-format.js';
import { redactData } from '../redact-data.js';
import { runExternalValidators, type ExternalValidationOutcome } from '../run-external-validators.js';

interface ValidateOptions {
  distro?: string;
  output: string;
  requireTools?: boolean;
}

/**
 * `kubenode validate <pool>`: checks the NodePool, renders it for its distro, checks the output
 * with the adapter's own rules and with the upstream validators that are installed.
 */
export function registerValidateCommand(program: Command, context: CliContext): void {
  program
    .command('validate')
    .description('check a NodePool and the output rendered from it')
    .argument('<pool>', 'NodePool file (YAML or JSON), or - for stdin')
    .option('--distro <id>', 'render for this distro instead of spec.distro')
    .option('--output <format>', 'table, json or yaml', 'table')
    .option('--require-tools', 'fail (exit 4) when an upstream validator is not installed')
    .action(async (file: string, options: ValidateOptions) => {
      const format = parseOutputFormat(options.output, ['table', 'json', 'yaml']);
      const { pool, source } = loadPool(context, file, options.distro);
      const adapter = await adapterFor(context, pool, options.distro !== undefined);
      warnAboutPoolImage(context, pool);
      const result = adapter.provision(pool);
      for (const warning of result.warnings)
        context.warn(warning.path ? `${warning.path}: ${warning.message}` : warning.message);
      const outputIssues = adapter.validate(result);
      const external: ExternalValidationOutcome[] = runExternalValidators(adapter, result, {
        requireTools: options.requireTools,
        env: context.io.env,
      });
      const failed = outputIssues.length > 0 || external.some((outcome) => outcome.status === 'failed');
      // A report, not an artifact: it ends up in CI logs, so the pool's secrets never appear in it.
      const report = redactData(
        {
          file: source,
          distro: adapter.id,
          valid: !failed,
          artifacts: result.artifacts.map((artifact) => artifact.name),
          outputIssues,
          validators: external.map(({ tool, artifact, status }) => ({ tool, artifact, status })),
          warnings: result.warnings,
        },
        context.knownSecrets(),
      );
      if (format === 'json') context.out(`${JSON.stringify(report, null, 2)}\n`);
      else if (format === 'yaml') context.out(stringify(report));
      else {
        context.out(
          `${source}: ${failed ? 'INVALID' : 'valid'} NodePool '${pool.metadata.name}' for ${adapter.id}\n`,
        );
        for (const issue of report.outputIssues)
          context.out(`  ${issue.artifact}: ${issue.path}: ${issue.message}\n`);
        for (const outcome of external) {
          const status = outcome.status === 'missing' ? 'not installed, skipped' : outcome.status;
          context.out(`  ${outcome.tool} ${outcome.artifact}: ${status}\n`);
        }
      }
      for (const outcome of external) {
        if (outcome.status === 'failed')
          context.info(`${outcome.tool} on ${outcome.artifact}:\n${outcome.output}`);
        if (outcome.status === 'missing')
          context.warn(
            `${outcome.tool} is not installed; its check was skipped (--require-tools makes this an error)`,
          );
      }
      if (failed) context.exitCode = ExitCode.invalidInput;
    });
}
