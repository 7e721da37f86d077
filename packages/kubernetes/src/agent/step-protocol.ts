import type { UpdatePhaseV1 } from '@kubenode/core';
import { z } from 'zod';

const PHASES = [
  'detect',
  'stage',
  'apply',
  'reboot',
  'verify',
  'rollback',
] as const satisfies readonly UpdatePhaseV1[];

/** A step request as the executor writes it (annotation `kubenode.dev/agent-request`). */
export const stepRequestSchema = z.strictObject({
  v: z.literal(1),
  /** Unique per request (a UUID). */
  id: z.string().min(8).max(64),
  /** The Node the step is for: an agent runs only requests naming its own node. */
  node: z.string().min(1).max(253),
  phase: z.enum(PHASES),
  description: z.string().max(1024),
  /** argv run in the host's namespaces; empty for agent-native steps (reboot). */
  command: z.array(z.string().max(65_536)).max(512),
  timeoutSeconds: z
    .number()
    .int()
    .positive()
    .max(7 * 86_400),
  /** RFC 3339 (milliseconds). */
  issuedAt: z.string(),
  /** RFC 3339; an agent refuses a request it first sees after this. */
  expiresAt: z.string(),
  /** The executor replica (Lease holder identity) that issued it. */
  issuer: z.string().max(253),
  /**
   * Optional fence: the host boot (`/proc/sys/kernel/random/boot_id`, the Node's
   * `status.nodeInfo.bootID`) the step is for; an agent on another boot refuses it. Set on reboot
   * steps, so that a reboot asked for again never reboots a node that has rebooted since.
   */
  bootID: z.string().min(1).max(64).optional(),
  /** Which key signed it: the first 16 hex digits of the SHA-256 of its public key (SPKI DER). */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** Ed25519 signature (base64) over {@link stepSigningPayload}. */
  signature: z.string().min(1),
});

/** A step request. */
export type StepRequestV1 = z.infer<typeof stepRequestSchema>;

/** A response's state. */
export type StepResponseState = 'queued' | 'running' | 'exited' | 'timeout' | 'rejected' | 'lost';

/** The agent's answer (annotation `kubenode.dev/agent-response`). */
export const stepResponseSchema = z.object({
  v: z.literal(1),
  /** The request answered. */
  id: z.string(),
  /**
   * - `queued`: accepted, waiting for the step before it;
   * - `running`: started;
   * - `exited`: finished with `exitCode` (a reboot step: the reboot was requested);
   * - `timeout`: killed at `timeoutSeconds`;
   * - `rejected`: not run (`reason`: bad signature, expired, another node's);
   * - `lost`: the agent cannot tell how it ended (it restarted while the step ran).
   */
  state: z.enum(['queued', 'running', 'exited', 'timeout', 'rejected', 'lost']),
  exitCode: z.number().int().optional(),
  stdout: z.string().optional(),
  stderr: z.string().optional(),
  /** Output was cut to the agent's limit (head and tail kept). */
  truncated: z.boolean().optional(),
  reason: z.string().optional(),
  /** The host's boot ID when the state was written. */
  bootID: z.string().optional(),
  /** RFC 3339 (milliseconds). */
  at: z.string(),
});

/** A step response. */
export type StepResponseV1 = z.infer<typeof stepResponseSchema>;

/** The states after which a request is settled. */
export const FINAL_STEP_STATES: ReadonlySet<StepResponseState> = new Set([
  'exited',
  'timeout',
  'rejected',
  'lost',
]);

/**
 * The bytes an executor signs and an agent verifies: a domain-separation prefix and every field
 * but the signature, in a fixed order (independent of JSON key order).
 */
export function stepSigningPayload(request: Omit<StepRequestV1, 'signature'>): Buffer {
  return Buffer.from(
    `kubenode.dev/agent-request/v1\n${JSON.stringify([
      request.v,
      request.id,
      request.node,
      request.phase,
      request.description,
      request.command,
      request.timeoutSeconds,
      request.issuedAt,
      request.expiresAt,
      request.issuer,
      request.keyId,
      // Signed when present; absent, the payload is the one of requests without a fence.
      ...(request.bootID !== undefined ? [request.bootID] : []),
    ])}`,
  );
}

/** Parses an annotation value; undefined when absent or not valid. */
export function parseStepRequest(text: string | undefined): StepRequestV1 | undefined {
  return parseJson(text, stepRequestSchema);
}

/** Parses an annotation value; undefined when absent or not valid. */
export function parseStepResponse(text: string | undefined): StepResponseV1 | undefined {
  return parseJson(text, stepResponseSchema);
}

function parseJson<T>(text: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (text === undefined) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
