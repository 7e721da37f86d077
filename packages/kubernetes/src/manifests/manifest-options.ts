import { z } from 'zod';
import { VERSION } from '../version.js';

const dns1123Label = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    error: 'expected a DNS-1123 label (lowercase letters, digits, -)',
  });

/** What `kubenode manifests` installs, and how. */
export const manifestOptionsSchema = z.strictObject({
  image: z
    .string()
    .min(1)
    .regex(/^[^\s]+$/, { error: 'expected an image reference without spaces' })
    .default(`ghcr.io/kubenode/kubenode:${VERSION}`)
    .describe('Image of the controller and the agent (it runs `kubenode`).'),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'),
  namespace: dns1123Label
    .default('kubenode-system')
    .describe('Namespace of the controller, the agents and their Lease.'),
  pool: dns1123Label
    .optional()
    .describe(
      'Run agents only on nodes labelled kubenode.dev/pool=<pool>; on every Linux node when omitted.',
    ),
  replicas: z.number().int().min(1).max(10).default(2).describe('Controller replicas (one leads).'),
  poolSecret: dns1123Label
    .default('kubenode-pool')
    .describe('Secret with pool.yaml (the NodePool) and policy.yaml (the RolloutPolicy).'),
  metricsPort: z.number().int().min(1024).max(65_535).default(8080),
  podDeletion: z
    .boolean()
    .default(false)
    .describe('Grant pod deletion (needed only for the drain escalations `delete` and `force`).'),
  eventsNamespace: dns1123Label
    .default('default')
    .describe('Namespace the executor records node Events in (cluster-scoped objects’ Events).'),
  priorityClassName: z
    .string()
    .min(1)
    .optional()
    .describe('Priority class of the agent pods (e.g. system-node-critical).'),
  agentAdmissionPolicy: z
    .boolean()
    .default(true)
    .describe(
      'Install the ValidatingAdmissionPolicy that lets each agent change only its own Node’s agent ' +
        'annotations (Kubernetes 1.30+, with the ServiceAccount token node claim); turn off only ' +
        'for clusters without them.',
    ),
});

/** Options of {@link renderKubenodeManifests}, as given. */
export type ManifestOptions = z.input<typeof manifestOptionsSchema>;
