import type { BuildToolV1 } from '../adapter/v1/image-builder-v1.js';
import { ExternalToolError } from '../errors/external-tool-error.js';
import type { ExecFunction, ExecRequest } from './exec-function.js';

/** Options of {@link runTool}: the request without `command` (taken from the tool). */
export interface RunToolOptions extends Omit<ExecRequest, 'command'> {
  /** Runs the program; {@link nodeExec} in production, a fake in tests. */
  readonly exec: ExecFunction;
  /** The program to run; a missing program is reported with its Debian package. */
  readonly tool: BuildToolV1;
  /** Run this path instead of `tool.name` (still reported as `tool.name`). */
  readonly executable?: string;
}

/** The last lines of a tool's stderr, for an error message. */
function tail(text: string, lines = 12): string {
  const kept = text.trimEnd().split('\n').slice(-lines).join('\n');
  return kept === '' ? '' : `\n${kept}`;
}

/**
 * Runs an external tool and returns its stdout. Every failure becomes an
 * {@link ExternalToolError}: `missing` (naming the Debian package to install), `failed` (with
 * the exit code and the end of stderr) or `timeout`. An aborted `signal` rejects with its reason.
 */
export async function runTool(options: RunToolOptions): Promise<string> {
  const { exec, tool, executable, ...request } = options;
  const result = await exec({ ...request, command: executable ?? tool.name });
  switch (result.kind) {
    case 'exited':
      if (result.exitCode === 0) return result.stdout;
      throw new ExternalToolError({
        tool: tool.name,
        failure: 'failed',
        exitCode: result.exitCode,
        detail: `${tool.purpose}${tail(result.stderr)}`,
      });
    case 'not-found':
      throw new ExternalToolError({
        tool: tool.name,
        failure: 'missing',
        debianPackage: tool.debianPackage,
        detail: `needed to ${tool.purpose}`,
      });
    case 'timed-out':
      throw new ExternalToolError({
        tool: tool.name,
        failure: 'timeout',
        detail: `${tool.purpose}: killed after ${request.timeoutMs ?? 0} ms${tail(result.stderr)}`,
      });
    case 'signalled':
      throw new ExternalToolError({
        tool: tool.name,
        failure: 'failed',
        detail: `${tool.purpose}: killed by ${result.signal}${tail(result.stderr)}`,
      });
  }
}
