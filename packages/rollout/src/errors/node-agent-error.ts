import { KubenodeError } from '@kubenode/core';

const name = 'KubenodeNodeAgentError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/** Why a node agent could not run a step. */
export type NodeAgentFailure = 'unreachable' | 'timeout';

/**
 * The node agent could not run an update step: the node is down or its agent is not answering
 * (`unreachable`), or the step ran past its deadline (`timeout`). A step that ran and exited
 * non-zero is not an error; it is a `StepOutputV1` with that exit code.
 */
export class NodeAgentError extends KubenodeError {
  private readonly [symbol] = true;

  /** The node. */
  readonly node: string;
  /** The update phase of the step. */
  readonly phase: string;
  /** What went wrong. */
  readonly failure: NodeAgentFailure;

  constructor(options: {
    node: string;
    phase: string;
    failure: NodeAgentFailure;
    detail?: string;
    cause?: unknown;
  }) {
    super({
      name,
      message: `node agent on ${options.node}: ${options.phase} step ${
        options.failure === 'timeout' ? 'timed out' : 'could not run: agent unreachable'
      }${options.detail ? ` (${options.detail})` : ''}`,
      cause: options.cause,
    });
    this.node = options.node;
    this.phase = options.phase;
    this.failure = options.failure;
  }

  static override isInstance(error: unknown): error is NodeAgentError {
    return KubenodeError.hasMarker(error, marker);
  }
}
