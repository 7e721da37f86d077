import { Command, CommanderError } from 'commander';
import type { DistroAdapterV1 } from '@kubenode/core';
import { builtinAdapters } from './builtin-adapters.js';
import { CLI_COMMANDS } from './cli-commands.js';
import { CliContext } from './cli-context.js';
import { processIo, type CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { locateInPoolFile } from './locate-in-pool-file.js';
import { reportError } from './report-error.js';

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Where to read and write; the process's own streams by default. */
  readonly io?: Partial<CliIo>;
  /** Adapters to register instead of the built-in ones (tests, embedding). */
  readonly adapters?: () => DistroAdapterV1[];
}

/**
 * Runs `kubenode` with the given arguments (without `node` and the script path) and returns the
 * exit code. Never throws and never prints a stack trace for user errors.
 */
export async function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const io: CliIo = { ...processIo(), ...options.io };
  const context = new CliContext(io, options.adapters ?? builtinAdapters);
  const program = new Command('kubenode')
    .description('kubenode: provision, update and build Kubernetes node operating systems')
    .version(__PACKAGE_VERSION__, '--version', 'print the version')
    .option(
      '--adapter <module>',
      'load a third-party adapter module (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        `  ${ExitCode.ok}  success`,
        `  ${ExitCode.invalidInput}  invalid input (each problem on stderr with its path)`,
        `  ${ExitCode.usage}  usage error (unknown command or option, bad option value)`,
        `  ${ExitCode.unsupportedFeature}  a feature the distro cannot express`,
        `  ${ExitCode.external}  an external failure (tool missing or failed, cluster, network or file system error)`,
        '',
        'Data goes to stdout, progress and problems to stderr (NO_COLOR disables colour).',
      ].join('\n'),
    )
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`error: ${text.replace(/^error: /, '')}`),
    });
  program.hook('preAction', (thisCommand) => {
    const modules = (thisCommand.opts() as { adapter?: string[] }).adapter ?? [];
    context.adapterModules.push(...modules);
  });
  for (const register of CLI_COMMANDS) register(program, context);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...args], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
      // `kubenode` or `kubenode rollout` without a command: the help goes to stderr and it is a
      // usage error (commander exits non-zero); `kubenode help` exits 0.
      if (error.exitCode === 0) return ExitCode.ok;
      return ExitCode.usage;
    }
    const report = reportError(locateInPoolFile(error, context.poolFile), {
      secrets: context.knownSecrets(),
      debug: io.env.KUBENODE_DEBUG === '1',
    });
    for (const line of report.lines) io.stderr(`${line}\n`);
    return report.exitCode;
  }
}
