import {
  ExternalToolError,
  formatJsonPath,
  InvalidAdapterOptionsError,
  KubenodeError,
  NoSuchAdapterError,
  redactSecrets,
  SpecValidationError,
  UnsupportedFeatureError,
} from '@kubenode/core';
import { CommanderError } from 'commander';
import { CliUsageError } from './cli-usage-error.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { fsErrorReason, OutputWriteError } from './output-write-error.js';

/** A Node.js system call error (`fs`, `child_process`): the environment refused, not a bug. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException & { syscall: string } {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    typeof (error as NodeJS.ErrnoException).syscall === 'string'
  );
}

/** How an error is shown: the lines for stderr and the exit code. */
export interface ErrorReport {
  readonly exitCode: ExitCodeValue;
  readonly lines: readonly string[];
}

/**
 * Maps an error to the exit code of DESIGN.md §6 and one line per problem, without stack traces
 * (set KUBENODE_DEBUG=1 for them) and with every known secret redacted.
 */
export function reportError(
  error: unknown,
  options: { secrets?: readonly string[]; debug?: boolean } = {},
): ErrorReport {
  const secrets = options.secrets ?? [];
  const clean = (line: string) => redactSecrets(line, secrets);
  let report: ErrorReport;
  if (SpecValidationError.isInstance(error)) {
    const source = error.source ?? 'input';
    report = {
      exitCode: ExitCode.invalidInput,
      lines: error.issues.map((issue) => {
        const where = issue.line === undefined ? source : `${source}:${issue.line}:${issue.column ?? 1}`;
        return `error: ${where}: ${formatJsonPath(issue.path)}: ${issue.message}`;
      }),
    };
  } else if (InvalidAdapterOptionsError.isInstance(error)) {
    report = {
      exitCode: ExitCode.invalidInput,
      lines: error.issues.map(
        (issue) => `error: ${error.adapterId} options: ${formatJsonPath(issue.path)}: ${issue.message}`,
      ),
    };
  } else if (UnsupportedFeatureError.isInstance(error)) {
    report = { exitCode: ExitCode.unsupportedFeature, lines: [`error: ${error.message}`] };
  } else if (ExternalToolError.isInstance(error)) {
    report = { exitCode: ExitCode.external, lines: [`error: ${error.message}`] };
  } else if (NoSuchAdapterError.isInstance(error)) {
    report = { exitCode: ExitCode.invalidInput, lines: [`error: spec.distro: ${error.message}`] };
  } else if (error instanceof CliUsageError) {
    report = {
      exitCode: ExitCode.usage,
      lines: [`error: ${error.message}`, "Run 'kubenode --help' for usage."],
    };
  } else if (error instanceof CommanderError) {
    report = { exitCode: error.exitCode === 0 ? ExitCode.ok : ExitCode.usage, lines: [] };
  } else if (error instanceof OutputWriteError) {
    report = { exitCode: ExitCode.external, lines: [`error: ${error.message}`] };
  } else if (KubenodeError.isInstance(error)) {
    report = { exitCode: ExitCode.invalidInput, lines: [`error: ${error.message}`] };
  } else if (isSystemError(error)) {
    const where = error.path === undefined ? '' : `${error.path}: `;
    report = {
      exitCode: ExitCode.external,
      lines: [`error: ${where}${error.syscall} failed (${fsErrorReason(error.code)})`],
    };
  } else {
    const message = error instanceof Error ? error.message : String(error);
    report = {
      exitCode: ExitCode.invalidInput,
      lines: [
        `internal error: ${message.split('\n')[0]}`,
        'This is a bug in kubenode; please report it (rerun with KUBENODE_DEBUG=1 for details).',
      ],
    };
  }
  const lines = report.lines.flatMap((line) => line.split('\n')).map(clean);
  if (options.debug && error instanceof Error && error.stack) lines.push(clean(error.stack));
  return { exitCode: report.exitCode, lines };
}
