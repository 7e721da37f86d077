/**
 * `@kubenode/cli`: the `kubenode` command, also callable in-process.
 *
 * @packageDocumentation
 */
export { runCli, type RunCliOptions } from './run-cli.js';
export { ExitCode, type ExitCodeValue } from './exit-codes.js';
export type { CliIo } from './cli-io.js';
export { reportError, type ErrorReport } from './report-error.js';
export { builtinAdapters } from './builtin-adapters.js';
