import { z } from 'zod';
import { imageRefSchema } from './image-ref-schema.js';
import { kubernetesSpecSchema } from './kubernetes-spec-schema.js';
import { DNS_SUBDOMAIN } from './kubernetes-names.js';
import { osSpecSchema } from './os-spec-schema.js';
import { runtimeSpecSchema } from './runtime-spec-schema.js';
import { updatesSpecSchema } from './updates-spec-schema.js';

/** The apiVersion of NodePool documents this core reads. */
export const NODE_POOL_API_VERSION = 'kubenode.dev/v1alpha1';

/** An adapter id: lower-case, optionally dotted for third parties (`acme.os`). */
export const ADAPTER_ID = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/** The desired state of a worker pool. */
export const nodePoolSpecSchema = z
  .strictObject({
    distro: z
      .string()
      .regex(ADAPTER_ID, { error: 'expected an adapter id such as flatcar, debian or acme.os' })
      .describe(
        'The node OS adapter: flatcar, gardenlinux, debian, ubuntu, k3os, bottlerocket, talos or a registered custom id.',
      ),
    image: imageRefSchema.default({ arch: 'amd64' }),
    kubernetes: kubernetesSpecSchema,
    runtime: runtimeSpecSchema.default({ registryMirrors: {} }),
    os: osSpecSchema.default(() => osSpecSchema.parse({})),
    updates: updatesSpecSchema.default({ strategy: 'in-place', maxUnavailable: 1 }),
    adapterOptions: z
      .record(z.string().regex(ADAPTER_ID, { error: 'expected an adapter id' }), z.unknown())
      .default({})
      .describe(
        'Distro-specific settings keyed by adapter id, validated by that adapter (e.g. adapterOptions.bottlerocket.variant).',
      ),
  })
  .describe('The desired state of a worker pool.');

/** A NodePool document: one distro-neutral description of a worker pool. */
export const nodePoolSchema = z
  .strictObject({
    apiVersion: z
      .literal(NODE_POOL_API_VERSION, { error: `expected apiVersion ${NODE_POOL_API_VERSION}` })
      .describe('Always kubenode.dev/v1alpha1.'),
    kind: z.literal('NodePool', { error: 'expected kind NodePool' }).describe('Always NodePool.'),
    metadata: z
      .strictObject({
        name: z
          .string()
          .max(63)
          .regex(DNS_SUBDOMAIN, { error: 'expected a lower-case DNS name such as workers-a' })
          .describe('Pool name.'),
        labels: z
          .record(z.string(), z.string())
          .default({})
          .describe('Labels of the NodePool object itself.'),
        annotations: z
          .record(z.string(), z.string())
          .default({})
          .describe('Annotations of the NodePool object itself.'),
      })
      .describe('Object metadata.'),
    spec: nodePoolSpecSchema,
  })
  .describe('A kubenode NodePool: one distro-neutral description of a worker pool.');

/** A validated NodePool with every default applied; what adapters receive. */
export type NodePool = z.output<typeof nodePoolSchema>;
/** A NodePool as a user may write it (optional fields may be omitted). */
export type NodePoolInput = z.input<typeof nodePoolSchema>;
/** The validated `spec` section. */
export type NodePoolSpec = z.output<typeof nodePoolSpecSchema>;
