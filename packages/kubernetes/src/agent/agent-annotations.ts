/**
 * The node annotations through which the rollout engine and the node agent talk (all under
 * `kubenode.dev/`, on the agent's own Node): the executor writes a signed step request, the
 * agent answers in the response annotation, and announces itself when it starts.
 */
export const AGENT_ANNOTATIONS = {
  /** A signed step request (JSON, {@link StepRequestV1}), written by the rollout executor. */
  request: 'kubenode.dev/agent-request',
  /** The agent's answer to the latest request (JSON, {@link StepResponseV1}). */
  response: 'kubenode.dev/agent-response',
  /** The agent's version, boot ID and start time (JSON), written when it starts. */
  agent: 'kubenode.dev/agent',
} as const;
