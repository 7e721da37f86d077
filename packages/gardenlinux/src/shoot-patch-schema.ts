import { z } from 'zod';
import { GARDENER_WORKER_NAME } from './gardenlinux-adapter-options.js';

/** The API group/version of Gardener's Shoot. */
export const SHOOT_API_VERSION = 'core.gardener.cloud/v1beta1';
/** The API group/version of the registry-mirror extension's configuration. */
export const MIRROR_CONFIG_API_VERSION = 'mirror.extensions.gardener.cloud/v1alpha1';

/** A mirror of the registry-mirror extension (`MirrorConfiguration`). */
export const mirrorConfigurationSchema = z.strictObject({
  upstream: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/, {
    error: 'expected a registry host (DNS subdomain, optionally :port), no scheme',
  }),
  hosts: z
    .array(
      z.strictObject({
        host: z.string().regex(/^https?:\/\/\S+$/, { error: 'expected a mirror URL with http(s) scheme' }),
        capabilities: z.array(z.enum(['pull', 'resolve'])).optional(),
        overridePath: z.boolean().optional(),
      }),
    )
    .min(1),
});

/** A worker pool as kubenode patches it into a Shoot (`Worker`, core.gardener.cloud/v1beta1). */
export const shootWorkerPatchSchema = z.strictObject({
  name: z.string().regex(GARDENER_WORKER_NAME),
  machine: z.strictObject({
    image: z.strictObject({ name: z.string().min(1), version: z.string().optional() }),
    architecture: z.enum(['amd64', 'arm64']),
  }),
  cri: z.strictObject({ name: z.literal('containerd') }),
  kubernetes: z.strictObject({
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    kubelet: z.record(z.string(), z.unknown()).optional(),
  }),
  labels: z.record(z.string(), z.string()).optional(),
  taints: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        value: z.string().optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      }),
    )
    .optional(),
  sysctls: z.record(z.string(), z.string()).optional(),
  caBundle: z.string().optional(),
  maxUnavailable: z.union([z.number().int().min(0), z.string().regex(/^\d+%$/)]),
  updateStrategy: z.enum(['AutoRollingUpdate', 'AutoInPlaceUpdate', 'ManualInPlaceUpdate']),
});

/**
 * The Shoot fragment kubenode writes in Gardener mode: one worker pool (merged by name into
 * `spec.provider.workers`) and, for registry mirrors, the registry-mirror extension. Strict.
 */
export const shootPatchSchema = z.strictObject({
  apiVersion: z.literal(SHOOT_API_VERSION),
  kind: z.literal('Shoot'),
  spec: z.strictObject({
    extensions: z
      .array(
        z.strictObject({
          type: z.literal('registry-mirror'),
          providerConfig: z.strictObject({
            apiVersion: z.literal(MIRROR_CONFIG_API_VERSION),
            kind: z.literal('MirrorConfig'),
            mirrors: z.array(mirrorConfigurationSchema).min(1),
          }),
        }),
      )
      .optional(),
    provider: z.strictObject({ workers: z.array(shootWorkerPatchSchema).length(1) }),
  }),
});

/** The Shoot fragment kubenode writes. */
export type ShootPatch = z.output<typeof shootPatchSchema>;
/** The worker pool in it. */
export type ShootWorkerPatch = z.output<typeof shootWorkerPatchSchema>;
